import Foundation

/// What the administrator's audit page asks for: entries by one person, about a table or
/// project whose id holds some text (a department's name, `部门/2025`), within a time span;
/// the newest first, at most `limit`.
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    public var entityText: String?
    /// Milliseconds since 1970: from (inclusive) and until (exclusive).
    public var from: Int64?
    public var until: Int64?
    public var limit: Int

    public init(actor: String? = nil, entityText: String? = nil, from: Int64? = nil, until: Int64? = nil, limit: Int = 500) {
        (self.actor, self.entityText, self.from, self.until, self.limit) = (actor, entityText, from, until, limit)
    }
}

extension WorkflowStore {
    /// The audit log filtered by `query`, in one SQL statement for both databases.
    public func auditLog(_ query: AuditQuery) async throws -> [AuditEntry] {
        // LIKE with its own wildcards escaped, so `100%` matches that text and nothing else.
        let text = (query.entityText ?? "").replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return try await runner.rows("""
            SELECT id, at, actor, action, entity, entity_id, CAST(before_state AS TEXT), CAST(after_state AS TEXT) FROM audit_log
            WHERE (? = '' OR actor = ?) AND (? = '' OR entity_id LIKE ? ESCAPE '\\') AND at >= ? AND at < ?
            ORDER BY id DESC LIMIT ?
            """, [.text(query.actor ?? ""), .text(query.actor ?? ""), .text(text), .text("%" + text + "%"),
                  .int(query.from ?? Int64.min), .int(query.until ?? Int64.max), .int(Int64(max(1, min(query.limit, 5_000))))]).map {
            AuditEntry(id: try $0.int(0), at: try $0.int(1), record: AuditRecord(actor: try $0.text(2), action: try $0.text(3), entity: try $0.text(4),
                                                                           entityID: try $0.text(5), before: $0[6].text, after: $0[7].text))
        }
    }
}
