import Logging
import PostgresNIO

extension PostgresRepository: SQLRunner {
    func transaction(_ statements: [SQLStatement]) async throws -> [[[SQLValue]]] {
        let logger = logger
        return try await transaction { db in try await Self.run(statements, db, logger) }
    }

    func read(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        let logger = logger
        return try await connection { db in try await Self.run([statement], db, logger)[0] }
    }

    /// One business operation in one transaction.
    public func commit(_ work: UnitOfWork) async throws {
        let logger = logger
        do {
            try await commit(work, logger)
        } catch is SQLRowMissing {
            throw StoreError.unitOfWorkMissedARow
        }
    }

    private func commit(_ work: UnitOfWork, _ logger: Logger) async throws {
        try await transaction { db in
            for step in work.steps {
                switch step {
                case .importTables(let tables, let replace, let actor):
                    for (table, year) in tables { try await Self.importTable(table, year: year, replace: replace, actor: actor, db, logger) }
                case .statements(let statements):
                    _ = try await Self.run(statements, db, logger)
                }
            }
        }
    }

    /// The statements in order on `db` (inside the caller's transaction); each one's rows.
    static func run(_ statements: [SQLStatement], _ db: PostgresConnection, _ logger: Logger) async throws -> [[[SQLValue]]] {
        var results: [[[SQLValue]]] = []
        for (index, statement) in statements.enumerated() {
            var bindings = PostgresBindings()
            for value in statement.values {
                switch value.resolved(results) {
                case .int(let v): bindings.append(v)
                case .text(let v): bindings.append(v)
                case .null, .returned: bindings.appendNull()
                }
            }
            var rows: [[SQLValue]] = []
            do {
                let sql = Self.numbered(Schema.Dialect.postgres.sql(statement.sql))
                if statement.prepared, !statement.values.contains(.null) {
                    rows = try await PreparedSQL.run(sql, bindings, db, logger)
                } else {
                    for try await row in try await db.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger) {
                        rows.append(try row.map(Self.value))
                    }
                }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                throw StoreError.alreadyExists(error.serverInfo?[.detail] ?? "a unique value")
            }
            if rows.count < statement.requiredRows { throw SQLRowMissing(index: index) }
            results.append(rows)
        }
        return results
    }

    /// `?` placeholders as PostgreSQL's `$1, $2, …` (the statements have no `?` in literals).
    static func numbered(_ sql: String) -> String {
        filling(sql) { "$\($0)" }
    }

    /// `sql` with its n-th `?` placeholder (from 1) replaced by `name(n)`.
    /// Byte by byte (a `?` is never part of a longer UTF-8 sequence): this runs for every
    /// statement, and walking the text by `Character` was 2 % of a signed-in page.
    static func filling(_ sql: String, _ name: (Int) -> String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "?")) else { return sql }
        var n = 0
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 16)
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "?") {
                n += 1
                out.append(contentsOf: name(n).utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}

extension PostgresRepository {
    public var accounts: AccountStore { AccountStore(runner: self) }
    public var workflow: WorkflowStore { WorkflowStore(runner: self) }
    public var structure: StructureStore { StructureStore(runner: self) }
    public var publications: PublicationStore { PublicationStore(runner: self) }
    public var monitoring: MonitoringStore { MonitoringStore(runner: self) }
    public var siteSettings: SiteSettingsStore { SiteSettingsStore(runner: self) }
}
