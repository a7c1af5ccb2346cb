import GRDB

extension SQLiteRepository: SQLRunner {
    func transaction(_ statements: [SQLStatement]) async throws -> [[[SQLValue]]] {
        // Async, as the repository's own reads and writes (see `SQLiteRepository.write`).
        try await mappingErrors { try await pool.write { db in try Self.run(statements, db) } }
    }

    func read(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await mappingErrors { try await pool.read { db in try Self.run([statement], db)[0] } }
    }

    /// One business operation in one transaction. Foreign keys are off while a table is
    /// imported (see `importTables`), so only then: the other steps keep them checked.
    public func commit(_ work: UnitOfWork) async throws {
        let importing = work.steps.contains { if case .importTables = $0 { true } else { false } }
        do {
            try await commit(work, importing: importing)
        } catch is SQLRowMissing {
            throw StoreError.unitOfWorkMissedARow
        }
    }

    private func commit(_ work: UnitOfWork, importing: Bool) async throws {
        try await mappingErrors {
            try await pool.writeWithoutTransaction { db in
                if importing { try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA cache_size = \(Self.importCache)") }
                defer { if importing { try? db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = \(Self.writerCache)") } }
                try db.inTransaction {
                    for step in work.steps {
                        switch step {
                        case .importTables(let tables, let replace, let actor):
                            for (table, year) in tables { try Self.importTable(table, year: year, replace: replace, actor: actor, db) }
                        case .statements(let statements):
                            _ = try Self.run(statements, db)
                        }
                    }
                    return .commit
                }
            }
        }
    }

    /// The statements in order on `db` (inside the caller's transaction); each one's rows.
    static func run(_ statements: [SQLStatement], _ db: Database) throws -> [[[SQLValue]]] {
        var results: [[[SQLValue]]] = []
        for (index, statement) in statements.enumerated() {
            let arguments = StatementArguments(statement.values.map { value -> (any DatabaseValueConvertible)? in
                switch value.resolved(results) {
                case .int(let v): v
                case .text(let v): v
                case .null, .returned: nil
                }
            })
            // Prepared once per connection and kept: the same few statements run on every request.
            let prepared = try db.cachedStatement(sql: Schema.Dialect.sqlite.sql(statement.sql))
            let rows = try Row.fetchAll(prepared, arguments: arguments).map { row -> [SQLValue] in
                row.databaseValues.map { value -> SQLValue in
                    switch value.storage {
                    case .int64(let v): .int(v)
                    case .string(let v): .text(v)
                    // No column of ours holds a real; one that did is not an integer to trust.
                    case .double(let v): Int64(exactly: v).map(SQLValue.int) ?? .text("\(v)")
                    case .blob, .null: .null
                    }
                }
            }
            if rows.count < statement.requiredRows { throw SQLRowMissing(index: index) }
            results.append(rows)
        }
        return results
    }

    /// GRDB's errors as store errors: a unique value taken, or the database's own message.
    private func mappingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.alreadyExists(error.message ?? "a unique value")
        } catch let error as StoreError {
            throw error
        } catch let error as SQLRowMissing {
            throw error
        } catch {
            throw Self.storeError(error, path: path)
        }
    }
}

extension SQLiteRepository {
    public var accounts: AccountStore { AccountStore(runner: self) }
    public var workflow: WorkflowStore { WorkflowStore(runner: self) }
    public var structure: StructureStore { StructureStore(runner: self) }
    public var publications: PublicationStore { PublicationStore(runner: self) }
    public var monitoring: MonitoringStore { MonitoringStore(runner: self) }
    public var siteSettings: SiteSettingsStore { SiteSettingsStore(runner: self) }
}
