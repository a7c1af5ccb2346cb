import Foundation
import JixiaoCore
import Logging
import PostgresNIO

/// The provincial store: PostgreSQL through a PostgresNIO connection pool. A table goes in
/// with a handful of statements whatever its size — each level (units, projects,
/// indicators) is one `INSERT … SELECT FROM UNNEST(arrays)` returning the new ids by
/// position — inside one transaction.
public final class PostgresRepository: TableRepository {
    private let client: BoundedLease
    /// The pool for reads that join a transaction already holding a `client` connection (the
    /// second half of `loadTable`). A pool of their own: waiting on `client` while holding one
    /// of its connections deadlocked the server once every connection was held that way.
    private let companions: BoundedLease
    private let runners: [Task<Void, Never>]
    /// How long a request waits for a pooled connection before it fails with `StoreError.busy`.
    let leaseTimeout: Duration
    /// The pool's size (the tests load at four times it).
    public static let poolSize = 8
    let logger = Logger(label: "jixiao.store.postgres")
    let label: String

    /// Connects once first, so that a wrong address, password or database is a clear error
    /// now rather than a pool retrying in the background.
    public init(url: URL, label: String, leaseTimeout: Duration = .seconds(10)) async throws {
        self.label = label
        self.leaseTimeout = leaseTimeout
        guard let host = url.host, !host.isEmpty else { throw StoreError.badURL("\(label): no host in the database URL") }
        let user = url.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty else { throw StoreError.badURL("\(label): no database name in the URL (postgres://user:password@host:port/DATABASE)") }
        var connection = PostgresConnection.Configuration(host: host, port: url.port ?? 5432, username: user,
                                                          password: url.password?.removingPercentEncoding, database: database, tls: .disable)
        connection.options.connectTimeout = .seconds(5)
        do {
            let probe = try await PostgresConnection.connect(configuration: connection, id: 0, logger: Logger(label: "jixiao.store.probe"))
            try await probe.close()
        } catch {
            throw StoreError.unreachable("\(label): cannot connect: \(Self.describe(error))")
        }
        var configuration = PostgresClient.Configuration(host: host, port: url.port ?? 5432, username: user,
                                                         password: url.password?.removingPercentEncoding, database: database, tls: .disable)
        configuration.options.maximumConnections = Self.poolSize
        // The pool's background chatter (e.g. a lease racing the runner's first tick) is not
        // the user's business; errors still surface from the queries themselves.
        var background = Logger(label: "jixiao.store.pool")
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        configuration.options.maximumConnections = Self.poolSize / 2
        let companions = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = BoundedLease(client)
        self.companions = BoundedLease(companions)
        runners = [Task { await client.run() }, Task { await companions.run() }]
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            // PostgresNIO describes a code only generically, so that nothing sensitive leaks into
            // logs; these say what happened without any of the query.
            switch error.code {
            case .serverClosedConnection: return "the server closed the connection"
            case .clientClosedConnection: return "the connection was closed"
            case .connectionError: return "the connection failed"
            case .uncleanShutdown: return "the connection was cut"
            case .poolClosed: return "the connection pool is closed"
            case .queryCancelled: return "the query was cancelled"
            default: return "a PostgreSQL client error"
            }
        }
        return "\(error)"
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = logger
        do {
            return try await client.with(timeout: leaseTimeout, label: label) { db in
                try await db.withTransaction(logger: logger) { try await body($0) }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError {
            if let closure = error.closureError as? StoreError { throw closure }
            if let closure = error.closureError as? SQLRowMissing { throw closure }
            throw storeError(error.closureError ?? error.beginError ?? error.commitError ?? error)
        } catch {
            throw storeError(error)
        }
    }

    func connection<T: Sendable>(timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.with(timeout: timeout ?? leaseTimeout, label: label, body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error)
        }
    }

    /// A failure as the store reports it: the server gone or going (restarted, shut down, the
    /// connection cut) is `busy` — the request fails cleanly with a 503 and the pool connects
    /// afresh for the next one — anything else `database`.
    func storeError(_ error: any Error) -> StoreError {
        guard let error = error as? PSQLError else { return .database("\(label): \(Self.describe(error))") }
        let sqlState = error.serverInfo?[.sqlState] ?? ""
        // Class 08: connection exception; 57P: the server shutting down or starting up.
        if [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code)
            || sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") {
            return .busy("\(label): the database server is unavailable (\(Self.describe(error))); try again shortly")
        }
        return .database("\(label): \(Self.describe(error))")
    }

    // MARK: Migrations

    public func migrate() async throws -> [Int] {
        let logger = logger
        return try await transaction { db in
            // One migrator at a time across processes.
            try await db.query("SELECT pg_advisory_xact_lock(724190001)", logger: logger)
            try await db.query(PostgresQuery(unsafeSQL: Schema.bookkeeping), logger: logger)
            var applied = Set<Int>()
            for try await version in try await db.query("SELECT version FROM schema_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            var ran: [Int] = []
            for migration in Schema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements(for: .postgres) {
                    try await db.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(migration.version), \(migration.name), \(AuditTime.now()))", logger: logger)
                ran.append(migration.version)
            }
            var hasSave = false
            for try await found in try await db.query(PostgresQuery(unsafeSQL: ProjectSave.exists), logger: logger).decode(Bool.self) { hasSave = found }
            if !hasSave { try await db.query(PostgresQuery(unsafeSQL: ProjectSave.create), logger: logger) }
            return ran
        }
    }

    public func appliedMigrations() async throws -> [Int] {
        let logger = logger
        return try await connection { db in
            var exists = false
            for try await found in try await db.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger).decode(Bool.self) { exists = found }
            guard exists else { return [] }
            var versions: [Int] = []
            for try await v in try await db.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger).decode(Int.self) { versions.append(v) }
            return versions
        }
    }

    // MARK: Tables
    private static func tableID(_ db: PostgresConnection, _ logger: Logger, _ department: String, _ year: Int) async throws -> Int64? {
        var found: Int64?
        for try await id in try await db.query("""
            SELECT t.id FROM budget_tables t JOIN departments d ON d.id = t.department_id WHERE d.name = \(department) AND t.fiscal_year = \(year)
            """, logger: logger).decode(Int64.self) { found = id }
        return found
    }

    /// Two connections read at once — the indicators on one, the projects and units on the
    /// other — in the same snapshot (`pg_export_snapshot`), so the table is consistent and the
    /// server's two backends and the client's decoding overlap.
    public func loadTable(department: String, year: Int) async throws -> BudgetTable? {
        let logger = logger
        let (companions, timeout, label) = (companions, leaseTimeout, label)
        return try await connection { db in
            try await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                var exported = ""
                for try await id in try await db.query("SELECT pg_export_snapshot()", logger: logger).decode(String.self) { exported = id }
                let snapshot = exported
                guard let id = try await Self.tableID(db, logger, department, year) else {
                    try await db.query("COMMIT", logger: logger)
                    return nil
                }
                let indicators = Task { try await companions.with(timeout: timeout, label: label) { other in
                    try await other.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                    try await other.query(PostgresQuery(unsafeSQL: "SET TRANSACTION SNAPSHOT '\(snapshot.filter { $0.isHexDigit || $0 == "-" })'"), logger: logger)
                    let indicators = try await Self.indicators(of: id, other, logger)
                    try await other.query("COMMIT", logger: logger)
                    return indicators
                } }
                defer { indicators.cancel() }
                let table = try await Self.table(id, year: year, db, logger) { try await indicators.value }
                try await db.query("COMMIT", logger: logger)
                return table
            } catch {
                _ = try? await db.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// The SELECT list `indicator(_:)` reads, in its order.
    static let indicatorColumns = "ordinal, level1_code, level1_name, level2_code, level2_name, name, period_text, annual_text, unparsed_text"

    /// An indicator from the next cells of a row selecting `indicatorColumns`.
    static func indicator(_ cells: inout PostgresRow.Iterator) throws -> Indicator {
        TableRows.IndicatorRow(
            ordinal: try cells.next()!.decode(Int?.self), level1Code: try cells.next()!.decode(String?.self),
            level1Name: try cells.next()!.decode(String?.self), level2Code: try cells.next()!.decode(String?.self),
            level2Name: try cells.next()!.decode(String?.self), name: try cells.next()!.decode(String.self),
            periodText: try cells.next()!.decode(String?.self), annualText: try cells.next()!.decode(String?.self),
            unparsedText: try cells.next()!.decode(String?.self)
        ).indicator
    }

    /// A table's indicators by project, each project's in order. The server sends them
    /// unordered (no join, no sort there).
    private static func indicators(of tableID: Int64, _ db: PostgresConnection, _ logger: Logger) async throws -> [Int64: [Indicator]] {
        var byProject: [Int64: [(position: Int, indicator: Indicator)]] = [:]
        // Cells decoded one by one: decoding a ten-column tuple per row went through the
        // runtime's generic tuple metadata, which cost more than the rows themselves.
        for try await row in try await db.query("""
            SELECT project_id, position, \(unescaped: indicatorColumns) FROM indicators WHERE table_id = \(tableID)
            """, logger: logger) {
            var cells = row.makeIterator()
            let pid = try cells.next()!.decode(Int64.self)
            let position = try cells.next()!.decode(Int.self)
            byProject[pid, default: []].append((position, try indicator(&cells)))
        }
        return byProject.mapValues { $0.sorted { $0.position < $1.position }.map(\.indicator) }
    }

    /// The table's heading, units and projects from `db`; the indicators come from
    /// `indicators`, awaited only once the projects are read.
    private static func table(_ id: Int64, year: Int, _ db: PostgresConnection, _ logger: Logger,
                              indicators: () async throws -> [Int64: [Indicator]]) async throws -> BudgetTable? {
        var heading: TableRows.Heading?
        for try await (title, label, unit, stated, hasTotal, t, f, s, o) in try await db.query("""
            SELECT title, department_label, money_unit, stated_year, has_total, total_fen, fiscal_fen, special_fen, other_fen FROM budget_tables WHERE id = \(id)
            """, logger: logger).decode((String, String, String, Int?, Int, Int64?, Int64?, Int64?, Int64?).self) {
            heading = TableRows.Heading(title: title, departmentLabel: label, moneyUnit: unit, statedYear: stated,
                                        total: hasTotal == 1 ? TableRows.amounts([t ?? 0, f ?? 0, s ?? 0, o ?? 0]) : nil)
        }
        var projects: [(id: Int64, unit: Int64, project: Project)] = []
        for try await row in try await db.query("""
            SELECT id, unit_id, name, total_fen, fiscal_fen, special_fen, other_fen, goal FROM projects WHERE table_id = \(id) ORDER BY position
            """, logger: logger) {
            var cells = row.makeIterator()
            let pid = try cells.next()!.decode(Int64.self)
            let uid = try cells.next()!.decode(Int64.self)
            let name = try cells.next()!.decode(String.self)
            var fen: [Int64] = []
            for _ in 0..<4 { fen.append(try cells.next()!.decode(Int64.self)) }
            let goal = try cells.next()!.decode(String.self)
            projects.append((pid, uid, Project(name: name, amounts: TableRows.amounts(fen), goal: goal)))
        }
        var units: [(id: Int64, unit: SpendingUnit)] = []
        for try await (uid, name, t, f, s, o) in try await db.query("""
            SELECT id, name, total_fen, fiscal_fen, special_fen, other_fen FROM spending_units WHERE table_id = \(id) ORDER BY position
            """, logger: logger).decode((Int64, String, Int64, Int64, Int64, Int64).self) {
            units.append((uid, SpendingUnit(name: name, amounts: TableRows.amounts([t, f, s, o]), projects: [])))
        }
        let byProject = try await indicators()
        var byUnit: [Int64: [Project]] = [:]
        for var item in projects {
            item.project.indicators = byProject[item.id] ?? []
            byUnit[item.unit, default: []].append(item.project)
        }
        guard let heading else { return nil }
        return try TableRows.table(heading, year: year, units: units.map { id, unit in
            var unit = unit
            unit.projects = byUnit[id] ?? []
            return unit
        })
    }

    public func listTables(department: String?, year: Int?) async throws -> [TableSummary] {
        let logger = logger
        return try await connection { db in
            var list: [TableSummary] = []
            for try await (name, fiscalYear, state, hasTotal, t, f, s, o, version, units, projects) in try await db.execute(TableList(department: department, year: year), logger: logger) {
                list.append(TableSummary(department: name, fiscalYear: fiscalYear, state: WorkflowState(rawValue: state) ?? .draft,
                                         total: hasTotal == 1 ? TableRows.amounts([t ?? 0, f ?? 0, s ?? 0, o ?? 0]) : nil,
                                         unitCount: units, projectCount: projects, version: version))
            }
            return list
        }
    }

    /// The tables of a department, a year, both or neither: read on every signed-in request
    /// (the table's state and version), so prepared once per connection. Its parameters' types
    /// are given, not taken from a first use that may bind NULL.
    struct TableList: PostgresPreparedStatement {
        static let sql = """
            SELECT d.name, t.fiscal_year, t.state, t.has_total, t.total_fen, t.fiscal_fen, t.special_fen, t.other_fen, t.version,
              (SELECT count(*) FROM spending_units u WHERE u.table_id = t.id), (SELECT count(*) FROM projects p WHERE p.table_id = t.id)
            FROM budget_tables t JOIN departments d ON d.id = t.department_id
            WHERE ($1::text IS NULL OR d.name = $1) AND ($2::bigint IS NULL OR t.fiscal_year = $2)
            ORDER BY t.fiscal_year, d.name
            """
        static let bindingDataTypes: [PostgresDataType] = [.text, .int8]
        var department: String?
        var year: Int?

        func makeBindings() -> PostgresBindings {
            var binds = PostgresBindings()
            binds.append(department)
            binds.append(year.map(Int64.init))
            return binds
        }

        func decodeRow(_ row: PostgresRow) throws -> (String, Int, String, Int, Int64?, Int64?, Int64?, Int64?, Int, Int, Int) {
            try row.decode((String, Int, String, Int, Int64?, Int64?, Int64?, Int64?, Int, Int, Int).self)
        }
    }

    // MARK: States

    public func setState(department: String, year: Int, _ state: WorkflowState, actor: String) async throws -> Int {
        let logger = logger
        return try await transaction { db in
            guard let id = try await Self.tableID(db, logger, department, year) else { throw StoreError.notFound("\(department)'s \(year) table") }
            var old: (String, Int)?
            for try await row in try await db.query("SELECT state, version FROM budget_tables WHERE id = \(id) FOR UPDATE", logger: logger).decode((String, Int).self) { old = row }
            guard let old else { throw StoreError.notFound("\(department)'s \(year) table") }
            let now = AuditTime.now()
            try await db.query("UPDATE budget_tables SET state = \(state.rawValue), version = version + 1, updated_at = \(now) WHERE id = \(id)", logger: logger)
            try await Self.insertAudit(db, logger, AuditRecord(actor: actor, action: "state", entity: "table", entityID: "\(department)/\(year)",
                                                               before: "{\"state\":\"\(old.0)\"}", after: "{\"state\":\"\(state.rawValue)\"}"), at: now)
            return old.1 + 1
        }
    }

    // MARK: Audit

    public func recordAudit(_ entry: AuditRecord) async throws {
        let logger = logger
        try await transaction { db in try await Self.insertAudit(db, logger, entry, at: AuditTime.now()) }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        let logger = logger
        return try await connection { db in
            var entries: [AuditEntry] = []
            for try await (id, at, actor, action, entity, entityID, before, after) in try await db.query("""
                SELECT id, at, actor, action, entity, entity_id, before_state::text, after_state::text FROM audit_log ORDER BY id DESC LIMIT \(limit)
                """, logger: logger).decode((Int64, Int64, String, String, String, String, String?, String?).self) {
                entries.append(AuditEntry(id: id, at: at, record: AuditRecord(actor: actor, action: action, entity: entity, entityID: entityID, before: before, after: after)))
            }
            return entries
        }
    }

    /// A starved pool is unhealthy: `/healthz` waits two seconds for a connection, not ten.
    public func checkHealth() async throws {
        let logger = logger
        _ = try await connection(timeout: .seconds(2)) { db in try await db.query("SELECT 1", logger: logger) }
    }

    public func close() async throws {
        for runner in runners { runner.cancel() }
    }
}
