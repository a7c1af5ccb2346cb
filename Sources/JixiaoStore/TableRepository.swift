import Foundation
import JixiaoCore

/// Where tables live: one contract, two databases. SQLite (GRDB) embedded for a department
/// on a laptop, PostgreSQL for a province. The rest of Jixiao speaks only this protocol and
/// never sees SQL. Every write is one transaction: a table is stored whole or not at all.
public protocol TableRepository: Sendable {
    /// Runs the migrations not yet applied; returns their versions.
    @discardableResult func migrate() async throws -> [Int]
    /// The migrations applied, in order.
    func appliedMigrations() async throws -> [Int]

    /// Stores `table` as `department`'s table for `year` (its 部门名称 names the department).
    /// A department-year already stored is refused unless `replace`, which swaps it in the
    /// same transaction and writes an audit entry.
    func importTable(_ table: BudgetTable, year: Int, replace: Bool, actor: String) async throws
    /// Several tables in one transaction (a file's sheets): all stored, or none.
    func importTables(_ tables: [(table: BudgetTable, year: Int)], replace: Bool, actor: String) async throws
    func loadTable(department: String, year: Int) async throws -> BudgetTable?
    /// The stored tables, by fiscal year then department; only `department`'s, or only
    /// `year`'s, when given (a signed-in page asks for one table, not the province's list).
    func listTables(department: String?, year: Int?) async throws -> [TableSummary]

    /// Replaces a project's content if it is still at `expectedVersion`; returns the new
    /// version, or throws `StoreError.conflict` naming who changed it and when.
    func updateProject(id: Int64, expectedVersion: Int, _ project: Project, actor: String) async throws -> Int

    /// Moves a stored table to `state` (the workflow's rules are the caller's), with an audit
    /// entry; returns the table's new version.
    @discardableResult func setState(department: String, year: Int, _ state: WorkflowState, actor: String) async throws -> Int

    /// Runs a business operation's writes in one transaction: all kept, or none.
    func commit(_ work: UnitOfWork) async throws

    func recordAudit(_ entry: AuditRecord) async throws
    /// The newest entries first.
    func auditLog(limit: Int) async throws -> [AuditEntry]

    func close() async throws

    /// Throws when the database cannot answer now (unreachable, or every pooled connection
    /// busy): `/healthz` reports it.
    func checkHealth() async throws

    /// People, departments, fiscal years, sessions and API tokens.
    var accounts: AccountStore { get }
    /// Workflow transitions, review comments, history.
    var workflow: WorkflowStore { get }
    /// Projects and spending units added, deleted and reordered.
    var structure: StructureStore { get }
    /// What the public was shown: each publication of a table, kept as it was.
    var publications: PublicationStore { get }
    /// Settings of the whole site (who publishes).
    var siteSettings: SiteSettingsStore { get }
    /// Mid-year monitoring: rounds, the departments' reports, comments and the overview.
    var monitoring: MonitoringStore { get }
}

extension TableRepository {
    public func checkHealth() async throws { _ = try await appliedMigrations() }

    /// Every stored table.
    public func listTables() async throws -> [TableSummary] { try await listTables(department: nil, year: nil) }

    /// One stored table's summary, nil if there is none.
    public func summary(department: String, year: Int) async throws -> TableSummary? {
        try await listTables(department: department, year: year).first
    }

    /// The projects of a stored table with their ids and versions, in order.
    public func projects(department: String, year: Int) async throws -> [StoredProject] {
        guard let table = try await loadTable(department: department, year: year) else { throw StoreError.notFound("\(department)'s \(year) table") }
        return try await projects(of: table, department: department, year: year)
    }

    /// The same, pairing ids with a table already loaded (a page that has the table does not
    /// read it again). The pairing is by order: units by position, then their projects.
    public func projects(of table: BudgetTable, department: String, year: Int) async throws -> [StoredProject] {
        let rows = try await structure.projectRows(department: department, year: year)
        return zip(rows, table.units.flatMap(\.projects)).map {
            StoredProject(id: $0.id, version: $0.version, unitID: $0.unitID, unit: $0.unit, project: $1)
        }
    }

    public func importTable(_ table: BudgetTable, year: Int, replace: Bool, actor: String) async throws {
        try await importTables([(table, year)], replace: replace, actor: actor)
    }

    public func importTables(_ tables: [(table: BudgetTable, year: Int)], replace: Bool, actor: String) async throws {
        var work = UnitOfWork()
        work.importTables(tables, replace: replace, actor: actor)
        try await commit(work)
    }
}

/// The review workflow's states (docs/domain.md §6).
public enum WorkflowState: String, Sendable, CaseIterable, Codable {
    case draft, submitted, returned, approved, published

    public var title: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "已提交"
        case .returned: "退回"
        case .approved: "已审核"
        case .published: "已公开"
        }
    }
}

public struct TableSummary: Sendable, Equatable {
    public var department: String
    public var fiscalYear: Int
    public var state: WorkflowState
    public var total: Amounts?
    public var unitCount: Int
    public var projectCount: Int
    public var version: Int
    /// Which publication this summary describes (1, then 2, … as the table is corrected), as
    /// `PublicationStore` lists them; 0 for the table as it is stored now.
    public var revision: Int = 0
}

public struct StoredProject: Sendable, Equatable {
    public var id: Int64
    public var version: Int
    public var unitID: Int64
    public var unit: String
    public var project: Project
}

/// What an audit entry says: who did what to which thing, with the thing before and after.
public struct AuditRecord: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var before: String?
    public var after: String?

    public init(actor: String, action: String, entity: String, entityID: String, before: String? = nil, after: String? = nil) {
        (self.actor, self.action, self.entity, self.entityID, self.before, self.after) = (actor, action, entity, entityID, before, after)
    }
}

public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    /// Milliseconds since 1970.
    public var at: Int64
    public var record: AuditRecord
}

public enum StoreError: Error, CustomStringConvertible, Equatable {
    case badURL(String)
    case unreachable(String)
    case alreadyStored(department: String, year: Int)
    case conflict(projectID: Int64, expected: Int, found: Int, by: String?, at: Int64?)
    case notFound(String)
    /// A name that must be unique (a login, a department) is taken.
    case alreadyExists(String)
    /// Values that break a rule of the data (the message is the user's).
    case invalid(String)
    /// The thing changed since the caller read it (a workflow state, say); the message says how.
    case stale(String)
    /// No database connection could be had in time (the pool is exhausted); try again later.
    case busy(String)
    case database(String)

    public var description: String {
        switch self {
        case .badURL(let why): why
        case .unreachable(let why): why
        case .alreadyStored(let department, let year):
            "\(department) already has a \(year) table; import with --replace to swap it"
        case .conflict(let id, let expected, let found, let by, let at):
            "project \(id) was changed\(by.map { " by \($0)" } ?? "")\(at.map { " at \(AuditTime.text($0))" } ?? ""): it is at version \(found), not \(expected)"
        case .notFound(let what): "\(what) not found"
        case .alreadyExists(let what): "\(what) already exists"
        case .invalid(let why): why
        case .stale(let why): why
        case .busy(let why): why
        case .database(let why): why
        }
    }
}

public enum AuditTime {
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// ISO 8601 in UTC, for the API.
    public static func iso(_ millis: Int64) -> String { text(millis) }

    /// `2026-12-01T04:22:03Z`, as Foundation's `ISO8601DateFormatter` writes it, counted out by
    /// hand: making a formatter (ICU underneath) cost more than a whole 409 answer around it.
    static func text(_ millis: Int64) -> String {
        let (days, milliOfDay) = CivilDate.floorDivision(millis, 86_400_000)
        let (year, month, day) = CivilDate.from(days: days)
        let time = milliOfDay / 1000
        let two = CivilDate.two
        let yearText = year >= 0 && year < 1000 ? String(repeating: "0", count: 4 - "\(year)".count) + "\(year)" : "\(year)"
        return "\(yearText)-\(two(month))-\(two(day))T\(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))Z"
    }
}
