import Foundation
import JixiaoCore

/// One publication of a department's year: the table the public was shown from `at` on.
public struct Publication: Sendable, Equatable {
    /// Its state is 已公开, its `revision` this publication's number, its `version` the
    /// table's version when it was published.
    public var summary: TableSummary
    /// Milliseconds since 1970.
    public var publishedAt: Int64
    public var publishedBy: String
    /// When the department's year was first published (revision 1): a later revision is a
    /// correction of it (更正).
    public var firstPublishedAt: Int64
    /// When it was taken off the public site (撤回公开), if it was.
    public var withdrawnAt: Int64?
}

/// What a workflow transition does to the publications, in its transaction.
public enum PublicationChange: Sendable {
    /// 公开: the table, as it stands, is kept as the next publication.
    case publish(PublishedContent)
    /// 更正: the table stays public as published; one published before publications were kept
    /// is kept now as its first (nil when the caller knows one is kept already).
    case keep(PublishedContent?)
    /// 撤回公开: the newest publication leaves the public site.
    case withdraw

    var publishes: Bool { if case .publish = self { true } else { false } }

    func statements(department: String, year: Int, actor: String) -> [SQLStatement] {
        switch self {
        case .publish(let content): [PublicationStore.record(content, department: department, year: year, actor: actor)]
        case .keep(let content): content.map { [PublicationStore.recordEarlier($0, department: department, year: year)] } ?? []
        case .withdraw: [PublicationStore.withdrawNewest(department: department, year: year, actor: actor)]
        }
    }
}

/// A table as it is published: its content in the form the caller reads back (the web app
/// keeps the table document's JSON; the store does not read formats), and the figures the
/// list of published tables shows without reading the content.
public struct PublishedContent: Sendable {
    public var content: String
    public var unitCount: Int
    public var projectCount: Int
    public var total: Amounts?

    public init(content: String, unitCount: Int, projectCount: Int, total: Amounts?) {
        (self.content, self.unitCount, self.projectCount, self.total) = (content, unitCount, projectCount, total)
    }
}

/// The publications of tables (docs/domain.md §6, 更正): each 公开 keeps the table as it was
/// published, so that while a published table is being corrected the public still reads what
/// was published, and afterwards reads the correction with the date it was made.
public struct PublicationStore: Sendable {
    let runner: any SQLRunner

    private static let columns = """
        SELECT d.name, p.fiscal_year, p.revision, p.table_version, p.published_at, p.published_by, p.unit_count, p.project_count,
          p.has_total, p.total_fen, p.fiscal_fen, p.special_fen, p.other_fen,
          (SELECT min(f.published_at) FROM published_versions f WHERE f.department_id = p.department_id AND f.fiscal_year = p.fiscal_year),
          p.withdrawn_at
        FROM published_versions p JOIN departments d ON d.id = p.department_id
        """

    /// Every publication, by year, department, then revision (without their content).
    public func all() async throws -> [Publication] {
        try await runner.rows(Self.columns + " ORDER BY p.fiscal_year, d.name, p.revision").map(Self.publication)
    }

    /// Every publication of one department's year, the first first.
    public func revisions(department: String, year: Int) async throws -> [Publication] {
        try await runner.rows(Self.columns + " WHERE d.name = ? AND p.fiscal_year = ? ORDER BY p.revision",
                              [.text(department), .int(Int64(year))]).map(Self.publication)
    }

    /// The content of one publication, nil if there is no such revision.
    public func content(department: String, year: Int, revision: Int) async throws -> String? {
        try await runner.rows("""
            SELECT p.content FROM published_versions p JOIN departments d ON d.id = p.department_id
            WHERE d.name = ? AND p.fiscal_year = ? AND p.revision = ?
            """, [.text(department), .int(Int64(year)), .int(Int64(revision))]).first?[0].text
    }

    /// Keeps `table` as published now by `actor`, as the next revision; run in the 公开
    /// transition's transaction, after the table moved (its version is the published one).
    static func record(_ table: PublishedContent, department: String, year: Int, actor: String) -> SQLStatement {
        insert(table, department: department, year: year, version: "t.version",
               at: (sql: "?", values: [.int(AuditTime.now())]), by: (sql: "?", values: [.text(actor)]), onlyIfNone: false)
    }

    /// Keeps a table published before publications were kept (schema 8) as its first
    /// revision, dated by the audit log's entry of its 公开 and at the version it was published
    /// at — if it has no publication yet. Run in the transaction that reopens it, after the
    /// table moved (hence its version less one; the audit entry of this move is not yet the
    /// newest `published` one, as it names the state it left in `before_state`).
    static func recordEarlier(_ table: PublishedContent, department: String, year: Int) -> SQLStatement {
        let entry = "FROM audit_log a WHERE a.entity = 'table' AND a.entity_id = ? AND a.action = 'state' AND CAST(a.after_state AS TEXT) LIKE '%published%'"
        let id = SQLValue.text("\(department)/\(year)")
        return insert(table, department: department, year: year, version: "t.version - 1",
                      at: (sql: "coalesce((SELECT max(a.at) \(entry)), ?)", values: [id, .int(AuditTime.now())]),
                      by: (sql: "coalesce((SELECT a.actor \(entry) ORDER BY a.id DESC LIMIT 1), '')", values: [id]), onlyIfNone: true)
    }

    /// Takes the newest publication off the public site (撤回公开), saying when and by whom.
    static func withdrawNewest(department: String, year: Int, actor: String) -> SQLStatement {
        SQLStatement("""
            UPDATE published_versions SET withdrawn_at = ?, withdrawn_by = ?
            WHERE department_id = (SELECT id FROM departments WHERE name = ?) AND fiscal_year = ? AND withdrawn_at IS NULL
              AND revision = (SELECT max(v.revision) FROM published_versions v WHERE v.department_id = published_versions.department_id
                              AND v.fiscal_year = published_versions.fiscal_year)
            """, [.int(AuditTime.now()), .text(actor), .text(department), .int(Int64(year))])
    }

    private static func insert(_ table: PublishedContent, department: String, year: Int, version: String,
                               at: (sql: String, values: [SQLValue]), by: (sql: String, values: [SQLValue]), onlyIfNone: Bool) -> SQLStatement {
        let same = "v.department_id = t.department_id AND v.fiscal_year = t.fiscal_year"
        let total = table.total.map(TableRows.fen)
        return SQLStatement("""
            INSERT INTO published_versions (department_id, fiscal_year, revision, table_version, published_at, published_by,
              unit_count, project_count, has_total, total_fen, fiscal_fen, special_fen, other_fen, content)
            SELECT t.department_id, t.fiscal_year, coalesce((SELECT max(v.revision) FROM published_versions v WHERE \(same)), 0) + 1, \(version),
              \(at.sql), \(by.sql), ?, ?, ?, ?, ?, ?, ?, ?
            FROM budget_tables t JOIN departments d ON d.id = t.department_id WHERE d.name = ? AND t.fiscal_year = ?
            \(onlyIfNone ? "AND NOT EXISTS (SELECT 1 FROM published_versions v WHERE \(same))" : "")
            """, at.values + by.values + [
                .int(Int64(table.unitCount)), .int(Int64(table.projectCount)), .int(total == nil ? 0 : 1),
                // A table without a 合计 row: zeros that has_total says to ignore (a NULL bound
                // into INSERT … SELECT would reach PostgreSQL untyped, as text).
                .int(total?[0] ?? 0), .int(total?[1] ?? 0), .int(total?[2] ?? 0), .int(total?[3] ?? 0),
                .text(table.content), .text(department), .int(Int64(year)),
            ])
    }

    /// Keeps `table` as published now, in a transaction of its own: for tables put straight
    /// into 已公开 (the demo data, an import), not through the workflow.
    public func record(_ table: PublishedContent, department: String, year: Int, actor: String) async throws {
        _ = try await runner.transaction([Self.record(table, department: department, year: year, actor: actor)])
    }

    private static func publication(_ row: [SQLValue]) throws -> Publication {
        let total: Amounts? = try row.int(8) == 1 ? TableRows.amounts([try row.int(9), try row.int(10), try row.int(11), try row.int(12)]) : nil
        return Publication(
            summary: TableSummary(department: try row.text(0), fiscalYear: Int(try row.int(1)), state: .published, total: total,
                                  unitCount: Int(try row.int(6)), projectCount: Int(try row.int(7)), version: Int(try row.int(3)), revision: Int(try row.int(2))),
            publishedAt: try row.int(4), publishedBy: try row.text(5), firstPublishedAt: try row.int(13), withdrawnAt: row[14].int)
    }
}
