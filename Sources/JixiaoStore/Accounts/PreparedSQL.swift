import Crypto
import Foundation
import JixiaoCore
import Logging
import PostgresNIO

/// A statement of the shared SQL (`SQLStatement.prepared`) run on PostgreSQL as a named
/// prepared statement: parsed and planned once per connection, not on every call — for the
/// reads each request makes (its session or token, its table's comments), planning was most of
/// what the database did for them.
///
/// PostgresNIO prepares statement *types* (their name and SQL are static); the SQL here is
/// known only at the call, so the type's static name and SQL read a task-local value set
/// around the call. PostgresNIO reads both in the calling task when the statement is sent.
/// Only statements without NULL values come here: a prepared statement's parameter types are
/// fixed by its first use, and a NULL has none.
struct PreparedSQL: PostgresPreparedStatement {
    @TaskLocal private static var current = (name: "", sql: "")
    static var name: String { current.name }
    static var sql: String { current.sql }

    let binds: PostgresBindings

    func makeBindings() -> PostgresBindings { binds }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }

    /// The rows of `sql` (with `$n` placeholders) as plain values.
    static func run(_ sql: String, _ binds: PostgresBindings, _ db: PostgresConnection, _ logger: Logger) async throws -> [[SQLValue]] {
        let name = "jx_" + Hex.string(SHA256.hash(data: Data(sql.utf8)).prefix(10))
        return try await $current.withValue((name, sql)) {
            var rows: [[SQLValue]] = []
            for try await row in try await db.execute(PreparedSQL(binds: binds), logger: logger) {
                rows.append(try row.map(PostgresRepository.value))
            }
            return rows
        }
    }
}
