import Foundation
import GRDB
import JixiaoCore

/// The embedded store: one SQLite file in WAL mode (readers never wait for the writer), via
/// GRDB. SQLite takes one writer at a time, so a write transaction sees the whole database
/// as it is: checks and writes inside it cannot race.
public final class SQLiteRepository: TableRepository {
    let pool: DatabasePool
    public let path: String
    /// How long a statement waits for another process's lock on the file before it gives up.
    static let busyTimeoutSeconds = 10
    /// Page caches in KiB (negative, as SQLite takes them): a reader's, the writer's, and the
    /// writer's while it imports — large, so that a big table's half-built b-trees are not
    /// spilled to the WAL again and again.
    static let readerCache = -1024
    static let writerCache = -2048
    static let importCache = -131072

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(TimeInterval(Self.busyTimeoutSeconds))
        configuration.prepareDatabase { db in
            // WAL with synchronous=NORMAL is durable against a crashed or killed process (the
            // WAL is synced at checkpoints). Page caches are small: each connection keeps its
            // own, filled as the database grows — a server's (a writer and five readers at 16 and
            // 128 MiB) grew by 100 MiB in a ten-minute soak — while the file's pages stay in the
            // kernel's cache anyway (a miss is a copy from it, not a disk read): at 2 and 1 MiB
            // the soak's pages and saves are no slower than at 16 and 4. Only an import takes a
            // large cache (`importing`).
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = \(Self.readerCache)"
                                                           : "PRAGMA synchronous = NORMAL; PRAGMA cache_size = \(Self.writerCache)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.unreachable("sqlite:\(path): cannot open the database: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    // GRDB's async forms: a request waiting for the writer (or a reader) suspends instead of
    // holding one of the few threads every request runs on. The blocking forms let a queue of
    // saves stall the page views behind them (p99 of 260 ms at 64 connections).
    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await reporting { try await pool.write(body) }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await reporting { try await pool.read(body) }
    }

    /// GRDB's errors as store errors that name the database.
    private func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// GRDB's error as a store error naming the file. The file locked by another process past
    /// the busy timeout (a `sqlite3` shell holding a transaction, a copy tool) is `busy`: the
    /// request fails cleanly with a 503 and the next one may find the file free.
    static func storeError(_ error: any Error, path: String) -> StoreError {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return .busy("sqlite:\(path): the database file is locked by another process (waited \(busyTimeoutSeconds) s); try again when it lets go")
        }
        return .database("sqlite:\(path): \(describe(error))")
    }

    // MARK: Migrations

    /// All pending migrations in one transaction, with foreign keys off while they run (a
    /// table rebuilt to change its definition is dropped and made again under its children)
    /// and checked before the commit: a migration that broke a reference is rolled back whole.
    public func migrate() async throws -> [Int] {
        let path = path
        return try await reporting {
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var ran: [Int] = []
                try db.inTransaction {
                    try db.execute(sql: Schema.bookkeeping)
                    let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
                    for migration in Schema.migrations where !applied.contains(migration.version) {
                        for statement in migration.statements(for: .sqlite) { try db.execute(sql: statement) }
                        try db.execute(sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                       arguments: [migration.version, migration.name, AuditTime.now()])
                        ran.append(migration.version)
                    }
                    if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                        throw StoreError.database("sqlite:\(path): a migration left a broken reference in \(broken[0] as String? ?? "?")")
                    }
                    return .commit
                }
                return ran
            }
        }
    }

    public func appliedMigrations() async throws -> [Int] {
        try await read { db in
            guard try db.tableExists("schema_migrations") else { return [] }
            return try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations ORDER BY version")
        }
    }

    // MARK: Tables

    /// Foreign keys are not enforced during an import (`commit` turns them off around a unit
    /// of work that imports): every id it writes it has just made in the same transaction, and
    /// a replaced table's rows are deleted children first. The checks were a tenth of a
    /// 100,000-project import. (SQLite takes the pragma only outside a transaction, hence the
    /// transaction opened by hand.)
    static func importTable(_ table: BudgetTable, year: Int, replace: Bool, actor: String, _ db: Database) throws {
        do {
            let now = AuditTime.now()
            try db.execute(sql: "INSERT INTO fiscal_years (year, opened_at) VALUES (?, ?) ON CONFLICT (year) DO NOTHING", arguments: [year, now])
            try db.execute(sql: "INSERT INTO departments (name) VALUES (?) ON CONFLICT (name) DO NOTHING", arguments: [table.department])
            let departmentID = try Int64.fetchOne(db, sql: "SELECT id FROM departments WHERE name = ?", arguments: [table.department])!
            var before: String?
            // A replaced table's version moves on from the old one's, never back to 1: what is
            // cached per version (`ReviewedTables`) must not take the new content for the old.
            var version = 1
            if let old = try Row.fetchOne(db, sql: "SELECT id, total_fen, fiscal_fen, special_fen, other_fen, has_total, version FROM budget_tables WHERE department_id = ? AND fiscal_year = ?", arguments: [departmentID, year]) {
                version = (old["version"] as Int) + 1
                guard replace else { throw StoreError.alreadyStored(department: table.department, year: year) }
                let oldID: Int64 = old["id"]
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM projects WHERE table_id = ?", arguments: [oldID]) ?? 0
                let total: Amounts? = (old["has_total"] as Int) == 1 ? TableRows.amounts([old["total_fen"], old["fiscal_fen"], old["special_fen"], old["other_fen"]]) : nil
                before = TableRows.snapshot((table.department, year, count, total))
                for delete in [
                    "DELETE FROM indicators WHERE project_id IN (SELECT id FROM projects WHERE table_id = ?)",
                    "DELETE FROM review_comments WHERE table_id = ?",
                    "DELETE FROM projects WHERE table_id = ?",
                    "DELETE FROM spending_units WHERE table_id = ?",
                    "DELETE FROM budget_tables WHERE id = ?",
                ] {
                    try db.execute(sql: delete, arguments: [oldID])
                }
            }
            let heading = TableRows.heading(table)
            let total = heading.total.map(TableRows.fen)
            try db.execute(
                sql: """
                INSERT INTO budget_tables (department_id, fiscal_year, title, department_label, money_unit, stated_year,
                  has_total, total_fen, fiscal_fen, special_fen, other_fen, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [departmentID, year, heading.title, heading.departmentLabel, heading.moneyUnit, heading.statedYear,
                            total == nil ? 0 : 1, total?[0], total?[1], total?[2], total?[3], now, version])
            let tableID = db.lastInsertedRowID
            var unitInsert = try SQLiteBulkInsert("INSERT INTO spending_units (table_id, position, name, total_fen, fiscal_fen, special_fen, other_fen) VALUES (?, ?, ?, ?, ?, ?, ?)", db)
            var projectInsert = try SQLiteBulkInsert("INSERT INTO projects (table_id, unit_id, position, name, total_fen, fiscal_fen, special_fen, other_fen, goal, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", db)
            var indicatorInsert = try SQLiteBulkInsert(indicatorInsertSQL, db)
            var position = 0
            for (u, unit) in table.units.enumerated() {
                unitInsert.bind(tableID)
                unitInsert.bind(u)
                unitInsert.bind(unit.name)
                unitInsert.bind(unit.amounts)
                let unitID = try unitInsert.insert()
                for project in unit.projects {
                    projectInsert.bind(tableID)
                    projectInsert.bind(unitID)
                    projectInsert.bind(position)
                    projectInsert.bind(project.name)
                    projectInsert.bind(project.amounts)
                    projectInsert.bind(project.goal)
                    projectInsert.bind(now)
                    let projectID = try projectInsert.insert()
                    try insertIndicators(project.indicators, of: projectID, in: tableID, &indicatorInsert)
                    position += 1
                }
            }
            let after = TableRows.snapshot((table.department, year, table.projectCount, table.total))
            try insertAudit(AuditRecord(actor: actor, action: before == nil ? "import" : "replace", entity: "table",
                                        entityID: "\(table.department)/\(year)", before: before, after: after), at: now, db)
        }
    }

    private static let indicatorInsertSQL = """
        INSERT INTO indicators (project_id, table_id, position, ordinal, level1_code, level1_name, level2_code, level2_name, name,
          period_text, annual_text, unparsed_text, annual_comparator, annual_significand, annual_scale, annual_unit)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    private static func insertIndicators(_ indicators: [Indicator], of projectID: Int64, in tableID: Int64, _ insert: inout SQLiteBulkInsert) throws {
        for (i, indicator) in indicators.enumerated() {
            let r = TableRows.IndicatorRow(indicator)
            insert.bind(projectID)
            insert.bind(tableID)
            insert.bind(i)
            insert.bind(r.ordinal)
            insert.bind(r.level1Code)
            insert.bind(r.level1Name)
            insert.bind(r.level2Code)
            insert.bind(r.level2Name)
            insert.bind(r.name)
            insert.bind(r.periodText)
            insert.bind(r.annualText)
            insert.bind(r.unparsedText)
            insert.bind(r.annualComparator)
            insert.bind(r.annualSignificand)
            insert.bind(r.annualScale)
            insert.bind(r.annualUnit)
            try insert.insert()
        }
    }

    private static func insertIndicators(_ indicators: [Indicator], of projectID: Int64, _ db: Database) throws {
        var insert = try SQLiteBulkInsert(indicatorInsertSQL, db)
        let tableID = try Int64.fetchOne(db, sql: "SELECT table_id FROM projects WHERE id = ?", arguments: [projectID]) ?? 0
        try insertIndicators(indicators, of: projectID, in: tableID, &insert)
    }

    private static func insertAudit(_ record: AuditRecord, at: Int64, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [at, record.actor, record.action, record.entity, record.entityID, record.before, record.after])
    }

    private static func tableID(_ department: String, _ year: Int, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT t.id FROM budget_tables t JOIN departments d ON d.id = t.department_id WHERE d.name = ? AND t.fiscal_year = ?",
                           arguments: [department, year])
    }

    public func loadTable(department: String, year: Int) async throws -> BudgetTable? {
        try await read { db in
            guard let id = try Self.tableID(department, year, db) else { return nil }
            let t = try Row.fetchOne(db, sql: "SELECT * FROM budget_tables WHERE id = ?", arguments: [id])!
            let heading = TableRows.Heading(
                title: t["title"], departmentLabel: t["department_label"], moneyUnit: t["money_unit"], statedYear: t["stated_year"],
                total: (t["has_total"] as Int) == 1 ? TableRows.amounts([t["total_fen"], t["fiscal_fen"], t["special_fen"], t["other_fen"]]) : nil)
            var indicators: [Int64: [Indicator]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT i.* FROM indicators i JOIN projects p ON p.id = i.project_id WHERE p.table_id = ? ORDER BY i.project_id, i.position
                """, arguments: [id])
            while let r = try rows.next() {
                indicators[r["project_id"], default: []].append(Self.indicator(r))
            }
            var projects: [Int64: [Project]] = [:]
            let projectRows = try Row.fetchCursor(db, sql: "SELECT id, unit_id, name, total_fen, fiscal_fen, special_fen, other_fen, goal FROM projects WHERE table_id = ? ORDER BY position", arguments: [id])
            while let p = try projectRows.next() {
                let project = Project(name: p["name"], amounts: TableRows.amounts([p["total_fen"], p["fiscal_fen"], p["special_fen"], p["other_fen"]]),
                                      goal: p["goal"], indicators: indicators[p["id"]] ?? [])
                projects[p["unit_id"], default: []].append(project)
            }
            let units = try Row.fetchAll(db, sql: "SELECT id, name, total_fen, fiscal_fen, special_fen, other_fen FROM spending_units WHERE table_id = ? ORDER BY position", arguments: [id]).map { u in
                SpendingUnit(name: u["name"], amounts: TableRows.amounts([u["total_fen"], u["fiscal_fen"], u["special_fen"], u["other_fen"]]), projects: projects[u["id"]] ?? [])
            }
            return try TableRows.table(heading, year: year, units: units)
        }
    }

    public func listTables(department: String?, year: Int?) async throws -> [TableSummary] {
        try await read { db in
            // Asked on every signed-in page: prepared once per connection.
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT d.name, t.fiscal_year, t.state, t.has_total, t.total_fen, t.fiscal_fen, t.special_fen, t.other_fen, t.version,
                  (SELECT count(*) FROM spending_units u WHERE u.table_id = t.id) AS units,
                  (SELECT count(*) FROM projects p WHERE p.table_id = t.id) AS projects
                FROM budget_tables t JOIN departments d ON d.id = t.department_id
                WHERE (?1 IS NULL OR d.name = ?1) AND (?2 IS NULL OR t.fiscal_year = ?2)
                ORDER BY t.fiscal_year, d.name
                """), arguments: [department, year]).map { r in
                TableSummary(department: r["name"], fiscalYear: r["fiscal_year"], state: WorkflowState(rawValue: r["state"]) ?? .draft,
                             total: (r["has_total"] as Int) == 1 ? TableRows.amounts([r["total_fen"], r["fiscal_fen"], r["special_fen"], r["other_fen"]]) : nil,
                             unitCount: r["units"], projectCount: r["projects"], version: r["version"])
            }
        }
    }

    // MARK: Projects

    public func updateProject(id: Int64, expectedVersion: Int, _ project: Project, actor: String) async throws -> Int {
        let before = try await read { db in try Self.project(id, db) }
        return try await write { db in
            let now = AuditTime.now()
            let f = TableRows.fen(project.amounts)
            try db.execute(sql: """
                UPDATE projects SET name = ?, total_fen = ?, fiscal_fen = ?, special_fen = ?, other_fen = ?, goal = ?,
                  version = version + 1, updated_at = ? WHERE id = ? AND version = ?
                """, arguments: [project.name, f[0], f[1], f[2], f[3], project.goal, now, id, expectedVersion])
            guard db.changesCount == 1 else {
                guard let found = try Int.fetchOne(db, sql: "SELECT version FROM projects WHERE id = ?", arguments: [id]) else {
                    throw StoreError.notFound("project \(id)")
                }
                let last = try Row.fetchOne(db, sql: "SELECT actor, at FROM audit_log WHERE entity = 'project' AND entity_id = ? ORDER BY id DESC LIMIT 1", arguments: ["\(id)"])
                throw StoreError.conflict(projectID: id, expected: expectedVersion, found: found, by: last?["actor"], at: last?["at"])
            }
            try db.execute(sql: "DELETE FROM indicators WHERE project_id = ?", arguments: [id])
            try Self.insertIndicators(project.indicators, of: id, db)
            try db.execute(sql: TableRows.recomputeSums[0], arguments: [id])
            try db.execute(sql: TableRows.recomputeSums[1], arguments: [now, id])
            try Self.insertAudit(AuditRecord(actor: actor, action: "update", entity: "project", entityID: "\(id)",
                                             before: before.map(TableRows.snapshot), after: TableRows.snapshot(project)), at: now, db)
            return expectedVersion + 1
        }
    }

    /// An indicator from a row of `indicators`.
    private static func indicator(_ r: Row) -> Indicator {
        TableRows.IndicatorRow(ordinal: r["ordinal"], level1Code: r["level1_code"], level1Name: r["level1_name"], level2Code: r["level2_code"],
                               level2Name: r["level2_name"], name: r["name"], periodText: r["period_text"], annualText: r["annual_text"],
                               unparsedText: r["unparsed_text"]).indicator
    }

    private static func project(_ id: Int64, _ db: Database) throws -> Project? {
        guard let p = try Row.fetchOne(db, sql: "SELECT * FROM projects WHERE id = ?", arguments: [id]) else { return nil }
        let indicators = try Row.fetchAll(db, sql: "SELECT * FROM indicators WHERE project_id = ? ORDER BY position", arguments: [id]).map(indicator)
        return Project(name: p["name"], amounts: TableRows.amounts([p["total_fen"], p["fiscal_fen"], p["special_fen"], p["other_fen"]]), goal: p["goal"], indicators: indicators)
    }

    public func setState(department: String, year: Int, _ state: WorkflowState, actor: String) async throws -> Int {
        try await write { db in
            guard let id = try Self.tableID(department, year, db),
                  let old = try Row.fetchOne(db, sql: "SELECT state, version FROM budget_tables WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("\(department)'s \(year) table")
            }
            let now = AuditTime.now()
            try db.execute(sql: "UPDATE budget_tables SET state = ?, version = version + 1, updated_at = ? WHERE id = ?", arguments: [state.rawValue, now, id])
            try Self.insertAudit(AuditRecord(actor: actor, action: "state", entity: "table", entityID: "\(department)/\(year)",
                                             before: "{\"state\":\"\(old["state"] as String)\"}", after: "{\"state\":\"\(state.rawValue)\"}"), at: now, db)
            return (old["version"] as Int) + 1
        }
    }

    // MARK: Audit

    public func recordAudit(_ entry: AuditRecord) async throws {
        try await write { db in try Self.insertAudit(entry, at: AuditTime.now(), db) }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map { r in
                AuditEntry(id: r["id"], at: r["at"], record: AuditRecord(actor: r["actor"], action: r["action"], entity: r["entity"],
                                                                        entityID: r["entity_id"], before: r["before_state"], after: r["after_state"]))
            }
        }
    }

    public func close() async throws {
        try pool.close()
    }
}
