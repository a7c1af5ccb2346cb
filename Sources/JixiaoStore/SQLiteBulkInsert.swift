import GRDB
import GRDBSQLite
import JixiaoCore

/// Runs one prepared INSERT many times, binding values straight through the SQLite C API.
/// GRDB's StatementArguments box every value (an array of enums per row); for the 450,000
/// rows of a 100,000-project table that boxing cost more than SQLite's own work.
struct SQLiteBulkInsert {
    private let statement: OpaquePointer
    private let db: Database
    private var index: Int32 = 0
    private static let emptyText: StaticString = ""

    init(_ sql: String, _ db: Database) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql).sqliteStatement
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    /// The four amount columns, in 分.
    mutating func bind(_ amounts: Amounts) {
        bind(amounts.total.fen)
        bind(amounts.fiscalAppropriation.fen)
        bind(amounts.specialAccount.fen)
        bind(amounts.otherFunds.fen)
    }

    mutating func bind(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(statement, index)
            return
        }
        let i = index
        value.withUTF8 { bytes in
            // SQLITE_TRANSIENT: SQLite copies the bytes before this closure returns. An empty
            // String may have no storage: bind a zero-length text, never NULL.
            let start = UnsafeRawPointer(bytes.baseAddress ?? Self.emptyText.utf8Start).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(statement, i, start, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }

    /// Steps the statement with the values bound since the last row; returns the new rowid.
    @discardableResult
    mutating func insert() throws -> Int64 {
        defer {
            sqlite3_reset(statement)
            index = 0
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        return sqlite3_last_insert_rowid(db.sqliteConnection)
    }
}
