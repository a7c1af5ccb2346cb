/// A value bound into or read out of the small statements of accounts and sessions.
enum SQLValue: Sendable, Equatable {
    case int(Int64)
    case text(String)
    case null
    /// What statement `index` of the same transaction returned first (its first row's first
    /// column): an id made by an earlier insert, used by a later statement (the audit entry of
    /// a new project).
    case returned(by: Int)

    /// `.returned` looked up in the rows returned so far; an index not yet run is a defect.
    func resolved(_ results: [[[SQLValue]]]) -> SQLValue {
        guard case .returned(let index) = self else { return self }
        guard results.indices.contains(index), let value = results[index].first?.first else {
            preconditionFailure("a statement used the result of statement \(index), which returned nothing before it")
        }
        return value
    }

    var int: Int64? { if case .int(let v) = self { v } else { nil } }
    var text: String? { if case .text(let v) = self { v } else { nil } }
}

/// One statement: SQL with `?` placeholders (and `{json}` where the dialects differ) and
/// its values.
struct SQLStatement: Sendable {
    var sql: String
    var values: [SQLValue]
    /// How many rows the statement must return at least (e.g. `UPDATE … WHERE version = ?
    /// RETURNING …` must return one): if it returns fewer, the whole transaction is rolled
    /// back with `SQLRowMissing`. This is how a list of statements makes a compare-and-set.
    var requiredRows: Int
    /// A read made on most requests, its text fixed: PostgreSQL plans it once per connection
    /// (a named prepared statement) instead of on every call. SQLite's connections keep every
    /// statement prepared anyway.
    var prepared = false

    init(_ sql: String, _ values: [SQLValue] = [], required: Bool = false) {
        self.init(sql, values, requiredRows: required ? 1 : 0)
    }

    init(_ sql: String, _ values: [SQLValue], requiredRows: Int) {
        self.sql = sql
        self.values = values
        self.requiredRows = requiredRows
    }
}

/// A required statement returned no row; nothing of its transaction was kept.
struct SQLRowMissing: Error {
    var index: Int
}

/// The least a database must do for `AccountStore`: run statements in one transaction and
/// hand back each one's rows as plain values. Accounts, sessions and tokens are a few rows
/// each; writing their SQL once for both databases is worth more than typed decoding.
protocol SQLRunner: Sendable {
    /// Runs the statements in order in one transaction; each statement's rows, in order.
    /// A unique-constraint violation is thrown as `StoreError.alreadyExists`.
    func transaction(_ statements: [SQLStatement]) async throws -> [[[SQLValue]]]
    /// Runs one statement that only reads, outside any transaction: on SQLite one of the pool's
    /// readers (side by side with the writer, not queued behind it), on PostgreSQL without the
    /// BEGIN and COMMIT round trips.
    func read(_ statement: SQLStatement) async throws -> [[SQLValue]]
}

extension SQLRunner {
    /// One statement's rows: a SELECT is read (`read`), anything else is a transaction of its own.
    func rows(_ sql: String, _ values: [SQLValue] = [], prepared: Bool = false) async throws -> [[SQLValue]] {
        var statement = SQLStatement(sql, values)
        statement.prepared = prepared
        if sql.drop(while: \.isWhitespace).prefix(6).uppercased() == "SELECT" { return try await read(statement) }
        return try await transaction([statement])[0]
    }
}

/// A returned row read by column, its type checked: a value that is not what the column must
/// hold is a `StoreError` naming the column, never a trap.
extension Array where Element == SQLValue {
    func int(_ column: Int) throws -> Int64 {
        guard indices.contains(column), let value = self[column].int else { throw Self.unexpected(column, "an integer", self) }
        return value
    }

    func text(_ column: Int) throws -> String {
        guard indices.contains(column), let value = self[column].text else { throw Self.unexpected(column, "text", self) }
        return value
    }

    private static func unexpected(_ column: Int, _ type: String, _ row: [SQLValue]) -> StoreError {
        .database("column \(column) of a returned row is not \(type): \(row)")
    }
}

extension Array where Element == [SQLValue] {
    /// The first row's first column, as the integer a `RETURNING id` or `count(*)` gives.
    func firstInt() throws -> Int64 {
        guard let row = first else { throw StoreError.database("a statement returned no row where one was required") }
        return try row.int(0)
    }
}
