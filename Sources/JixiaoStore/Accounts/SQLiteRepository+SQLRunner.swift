import GRDB

extension SQLiteRepository: SQLRunner {
    func transaction(_ statements: [SQLStatement]) async throws -> [[[SQLValue]]] {
        do {
            return try await pool.write { db in
                try statements.map { statement in
                    let arguments = StatementArguments(statement.values.map { value -> (any DatabaseValueConvertible)? in
                        switch value {
                        case .int(let v): v
                        case .text(let v): v
                        case .null: nil
                        }
                    })
                    return try Row.fetchAll(db, sql: Schema.Dialect.sqlite.sql(statement.sql), arguments: arguments).map { row in
                        row.databaseValues.map { value in
                            switch value.storage {
                            case .int64(let v): .int(v)
                            case .string(let v): .text(v)
                            case .double(let v): .int(Int64(v))
                            case .blob, .null: .null
                            }
                        }
                    }
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.alreadyExists(error.message ?? "a unique value")
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.database("sqlite:\(path): \(Self.describe(error))")
        }
    }
}

extension SQLiteRepository {
    public var accounts: AccountStore { AccountStore(runner: self) }
}
