import Foundation

/// A reviewer's or editor's remark on a table or one of its projects; a transition's reason
/// (退回的原因) is one too, with the state it led to.
public struct ReviewComment: Sendable, Equatable {
    public var id: Int64
    public var projectID: Int64?
    public var project: String?
    public var author: String
    public var body: String
    /// Milliseconds since 1970.
    public var at: Int64
    /// The state the table moved to with this comment, if it came with a transition.
    public var transition: WorkflowState?
}

/// The review workflow's storage: transitions as compare-and-set (a table moves only from
/// the state the person saw), comments, and the history of a project. The rules of which
/// transition is allowed to whom are the caller's (`Workflow` in the web app); this makes
/// sure two people acting at once cannot both succeed.
public struct WorkflowStore: Sendable {
    let runner: any SQLRunner

    /// The table of a department and year, as a subquery bound by (department, year).
    static let tableID = "(SELECT t.id FROM budget_tables t JOIN departments d ON d.id = t.department_id WHERE d.name = ? AND t.fiscal_year = ?)"

    /// Moves the table from `from` to `to`, with `comment` kept beside it; returns the new
    /// version. Throws `StoreError.stale` if the table is no longer at `from` (or, when
    /// `atVersion` is given, no longer at that version: the version whose content the caller
    /// read for `publication`). `action` names the step in the audit entry where the states
    /// alone do not (更正 and 撤回公开 both lead from 已公开 to 退回).
    @discardableResult
    public func transition(department: String, year: Int, from: WorkflowState, to: WorkflowState, actor: String, comment: String?,
                           atVersion: Int? = nil, publication: PublicationChange? = nil, action: String? = nil) async throws -> Int {
        if to == .published, publication?.publishes != true {
            throw StoreError.invalid("公开 keeps what is published: the transition needs the table's content")
        }
        let table: [SQLValue] = [.text(department), .int(Int64(year))]
        var statements = [
            SQLStatement("UPDATE budget_tables SET state = ?, version = version + 1, updated_at = ? WHERE id = \(Self.tableID) AND state = ?"
                         + (atVersion == nil ? "" : " AND version = ?") + " RETURNING version",
                         [.text(to.rawValue), .int(AuditTime.now())] + table + [.text(from.rawValue)] + (atVersion.map { [.int(Int64($0))] } ?? []),
                         required: true),
            SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, 'state', 'table', ?, CAST(? AS {json}), CAST(? AS {json}))",
                         [.int(AuditTime.now()), .text(actor), .text("\(department)/\(year)"),
                          .text("{\"state\":\"\(from.rawValue)\"}"), .text(TableRows.json(["state": to.rawValue].merging(action.map { ["action": $0] } ?? [:]) { a, _ in a }))]),
        ]
        // After the UPDATE, which holds the table's row: two people acting at once are ordered
        // by it, and the second finds the state moved on (stale), not a half-kept publication.
        statements += publication.map { $0.statements(department: department, year: year, actor: actor) } ?? []
        if let comment, !comment.isEmpty {
            statements.append(SQLStatement("INSERT INTO review_comments (table_id, project_id, author, body, created_at, transition) VALUES (\(Self.tableID), NULL, ?, ?, ?, ?)",
                                           table + [.text(actor), .text(comment), .int(AuditTime.now()), .text(to.rawValue)]))
        }
        do {
            return Int(try await runner.transaction(statements)[0].firstInt())
        } catch is SQLRowMissing {
            throw StoreError.stale("\(department) \(year) 年度的表已不在“\(from.title)”状态（可能已被他人处理），请刷新后再操作")
        }
    }

    public func addComment(department: String, year: Int, projectID: Int64?, author: String, body: String) async throws {
        do {
            _ = try await runner.transaction([
                SQLStatement("INSERT INTO review_comments (table_id, project_id, author, body, created_at) SELECT \(Self.tableID), ?, ?, ?, ? WHERE \(Self.tableID) IS NOT NULL RETURNING id",
                             [.text(department), .int(Int64(year)), projectID.map(SQLValue.int) ?? .null, .text(author), .text(body), .int(AuditTime.now()),
                              .text(department), .int(Int64(year))], required: true),
            ])
        } catch is SQLRowMissing {
            throw StoreError.notFound("\(department)'s \(year) table")
        }
    }

    /// The table's comments, oldest first, with the project each names.
    public func comments(department: String, year: Int) async throws -> [ReviewComment] {
        try await runner.rows("""
            SELECT c.id, c.project_id, p.name, c.author, c.body, c.created_at, c.transition FROM review_comments c
            LEFT JOIN projects p ON p.id = c.project_id WHERE c.table_id = \(Self.tableID) ORDER BY c.id
            """, [.text(department), .int(Int64(year))], prepared: true).map {
            ReviewComment(id: try $0.int(0), projectID: $0[1].int, project: $0[2].text, author: try $0.text(3), body: try $0.text(4), at: try $0.int(5),
                          transition: $0[6].text.flatMap(WorkflowState.init(rawValue:)))
        }
    }

    /// The review settings saved per fiscal year: their JSON and version.
    public func reviewSettings() async throws -> [Int: (json: String, version: Int)] {
        var settings: [Int: (json: String, version: Int)] = [:]
        for row in try await runner.rows("SELECT fiscal_year, settings, version FROM review_settings", prepared: true) {
            settings[Int(try row.int(0))] = (try row.text(1), Int(try row.int(2)))
        }
        return settings
    }

    /// Saves a fiscal year's review settings, with an audit entry holding both versions.
    public func saveReviewSettings(year: Int, json: String, actor: String) async throws {
        try await VersionedSetting.save(runner, table: "review_settings", keyColumn: "fiscal_year", valueColumn: "settings", key: .int(Int64(year)), value: json,
                                        entity: "review_settings", entityID: "\(year)", before: try await reviewSettings()[year]?.json, after: json, actor: actor)
    }

    /// Every audit entry of one entity (`project`/`42`, `table`/`部门/2025`), oldest first.
    public func history(entity: String, id: String) async throws -> [AuditEntry] {
        try await runner.rows("""
            SELECT id, at, actor, action, entity, entity_id, CAST(before_state AS TEXT), CAST(after_state AS TEXT) FROM audit_log
            WHERE entity = ? AND entity_id = ? ORDER BY id
            """, [.text(entity), .text(id)], prepared: true).map {
            AuditEntry(id: try $0.int(0), at: try $0.int(1), record: AuditRecord(actor: try $0.text(2), action: try $0.text(3), entity: try $0.text(4),
                                                                           entityID: try $0.text(5), before: $0[6].text, after: $0[7].text))
        }
    }
}

extension UnitOfWork {
    /// Puts comments back on a table whose content was replaced (an upload): with their authors
    /// and times; a comment on a project that is gone keeps the project's name in its text.
    public mutating func restore(_ comments: [ReviewComment], department: String, year: Int) {
        let table = WorkflowStore.tableID
        append(comments.map { comment in
            let body = comment.project.map { "（关于项目“\($0)”）" + comment.body } ?? comment.body
            return SQLStatement("INSERT INTO review_comments (table_id, project_id, author, body, created_at, transition) VALUES (\(table), NULL, ?, ?, ?, ?) RETURNING id",
                                [.text(department), .int(Int64(year)), .text(comment.author), .text(body), .int(comment.at),
                                 comment.transition.map { .text($0.rawValue) } ?? .null], required: true)
        })
    }
}
