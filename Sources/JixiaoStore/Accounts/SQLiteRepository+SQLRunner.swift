import GRDB

extension SQLiteRepository: SQLRunner {
    func transaction(_ statements: [SQLStatement]) async throws -> [[[SQLValue]]] {
        do {
            return try await pool.write { db in
                try statements.enumerated().map { index, statement -> [[SQLValue]] in
                    let arguments = StatementArguments(statement.values.map { value -> (any DatabaseValueConvertible)? in
                        switch value {
                        case .int(let v): v
                        case .text(let v): v
                        case .null: nil
                        }
                    })
                    let rows = try Row.fetchAll(db, sql: Schema.Dialect.sqlite.sql(statement.sql), arguments: arguments).map { row -> [SQLValue] in
                        row.databaseValues.map { value -> SQLValue in
                            switch value.storage {
                            case .int64(let v): .int(v)
                            case .string(let v): .text(v)
                            case .double(let v): .int(Int64(v))
                            case .blob, .null: .null
                            }
                        }
                    }
                    if statement.required && rows.isEmpty { throw SQLRowMissing(index: index) }
                    return rows
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.alreadyExists(error.message ?? "a unique value")
        } catch let error as StoreError {
            throw error
        } catch let error as SQLRowMissing {
            throw error
        } catch {
            throw StoreError.database("sqlite:\(path): \(Self.describe(error))")
        }
    }
}

extension SQLiteRepository {
    public var accounts: AccountStore { AccountStore(runner: self) }
    public var workflow: WorkflowStore { WorkflowStore(runner: self) }
    public var structure: StructureStore { StructureStore(runner: self) }
}
