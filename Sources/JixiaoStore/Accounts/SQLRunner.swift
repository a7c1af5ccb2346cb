/// A value bound into or read out of the small statements of accounts and sessions.
enum SQLValue: Sendable, Equatable {
    case int(Int64)
    case text(String)
    case null

    var int: Int64? { if case .int(let v) = self { v } else { nil } }
    var text: String? { if case .text(let v) = self { v } else { nil } }
}

/// One statement: SQL with `?` placeholders (and `{json}` where the dialects differ) and
/// its values.
struct SQLStatement: Sendable {
    var sql: String
    var values: [SQLValue]
    /// The statement must return a row (e.g. `UPDATE … WHERE version = ? RETURNING …`): if
    /// it returns none, the whole transaction is rolled back with `SQLRowMissing`. This is
    /// how a list of statements makes a compare-and-set.
    var required: Bool

    init(_ sql: String, _ values: [SQLValue] = [], required: Bool = false) {
        self.sql = sql
        self.values = values
        self.required = required
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
}

extension SQLRunner {
    func rows(_ sql: String, _ values: [SQLValue] = []) async throws -> [[SQLValue]] {
        try await transaction([SQLStatement(sql, values)])[0]
    }
}
