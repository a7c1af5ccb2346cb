import Foundation
import GRDB

/// `jixiao backup` and `jixiao restore` (docs/operations.md). SQLite is copied with its online
/// backup API: the whole database as of one moment, taken while the server keeps writing (in
/// WAL mode readers never wait for the writer, nor the writer for them). PostgreSQL is dumped
/// with its own `pg_dump` (custom format) and restored with `pg_restore`, in one transaction.
/// A backup is written beside its name and renamed when whole: a failed one leaves nothing.
public enum Backup {
    public enum Kind: String, Sendable { case sqlite, postgres }

    /// Writes a backup of the database `url` names to `output`.
    public static func write(_ url: String, to output: String) async throws -> Kind {
        let partial = output + ".partial-\(getpid())"
        // The copy and whatever SQLite kept beside it while writing it (its rollback journal).
        defer { for leftover in [partial, partial + "-journal", partial + "-wal", partial + "-shm"] { try? FileManager.default.removeItem(atPath: leftover) } }
        let kind: Kind
        if let path = sqlitePath(url) {
            guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound("the database sqlite:\(path)") }
            let repository = try SQLiteRepository(path: path)
            defer { try? repository.pool.close() }
            do {
                let copy = try DatabaseQueue(path: partial)
                try repository.pool.backup(to: copy)
                try copy.close()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
                throw StoreError.database("\(output): cannot write the backup there: No space left on device (the disk is full)")
            } catch {
                throw StoreError.database("\(output): cannot write the backup of sqlite:\(path) there: \(SQLiteRepository.describe(error))")
            }
            kind = .sqlite
        } else {
            try await run("pg_dump", ["--format=custom", "--no-owner", "--file=\(partial)", "--dbname=\(url)"], url)
            kind = .postgres
        }
        guard rename(partial, output) == 0 else {
            throw StoreError.database("\(output): cannot write the backup there (\(String(cString: strerror(errno))))")
        }
        return kind
    }

    /// Restores the backup at `input` into the database `url` names. The database must be
    /// empty (no tables of Jixiao's) unless `replace`; stop every server using it first, for
    /// they keep what they read per version and the versions go back with the backup.
    public static func restore(_ input: String, into url: String, replace: Bool) async throws -> Kind {
        guard let handle = FileHandle(forReadingAtPath: input) else { throw StoreError.notFound("the backup \(input)") }
        let magic = (try? handle.read(upToCount: 16)) ?? Data()
        try? handle.close()
        if let path = sqlitePath(url) {
            guard magic.starts(with: Data("SQLite format 3".utf8)) else {
                throw StoreError.invalid("\(input): not a backup of an SQLite database (restore a pg_dump backup into PostgreSQL)")
            }
            do {
                let backup = try DatabaseQueue(path: input, configuration: { var c = Configuration(); c.readonly = true; return c }())
                defer { try? backup.close() }
                try await check(backup, input)
                let target = try SQLiteRepository(path: path)
                defer { try? target.pool.close() }
                if !replace, try await target.appliedMigrations().isEmpty == false {
                    throw StoreError.alreadyExists("sqlite:\(path) has tables already; restore into a new file, or give --replace")
                }
                try backup.backup(to: target.pool)
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError.database("sqlite:\(path): the restore failed: \(SQLiteRepository.describe(error))")
            }
            return .sqlite
        }
        guard magic.starts(with: Data("PGDMP".utf8)) else {
            throw StoreError.invalid("\(input): not a pg_dump backup (restore an SQLite backup into sqlite:PATH)")
        }
        if !replace {
            let repository = try await PostgresRepository(url: URL(string: url)!, label: Store.redacted(url))
            let applied = try await repository.appliedMigrations()
            try await repository.close()
            guard applied.isEmpty else { throw StoreError.alreadyExists("\(Store.redacted(url)) has tables already; restore into a new database, or give --replace") }
        }
        try await run("pg_restore", ["--single-transaction", "--no-owner", "--exit-on-error"] + (replace ? ["--clean", "--if-exists"] : []) + ["--dbname=\(url)", input], url)
        return .postgres
    }

    /// A backup must be whole and Jixiao's before anything is written from it.
    private static func check(_ backup: DatabaseQueue, _ input: String) async throws {
        let (integrity, migrations) = try await backup.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"), try db.tableExists("schema_migrations"))
        }
        guard integrity == "ok" else { throw StoreError.invalid("\(input): the backup is damaged (\(integrity ?? "no answer"))") }
        guard migrations else { throw StoreError.invalid("\(input): not a Jixiao database (no schema_migrations)") }
    }

    static func sqlitePath(_ url: String) -> String? {
        guard url.hasPrefix("sqlite:") else { return nil }
        let path = String(url.dropFirst("sqlite:".count))
        return path.hasPrefix("//") ? String(path.dropFirst(2)) : path
    }

    /// Runs one of PostgreSQL's programs; its error output becomes the message.
    private static func run(_ program: String, _ arguments: [String], _ url: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw StoreError.unreachable("\(program) could not be started (Debian: apt-get install postgresql-client): \(error)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: output, as: UTF8.self).replacingOccurrences(of: url, with: Store.redacted(url))
            throw StoreError.database("\(program) failed (status \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
