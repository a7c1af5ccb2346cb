import ArgumentParser
import Foundation
import JixiaoStore

/// `jixiao backup OUT` and `jixiao restore BACKUP` (`Backup`; docs/operations.md).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a file while the server keeps running.",
        discussion: """
        SQLite: the online backup API, the whole database as of one moment. PostgreSQL: pg_dump's
        custom format (Debian's postgresql-client). The file appears only when whole.

          jixiao backup jixiao-2025-03-01.sqlite --database sqlite:./jixiao.sqlite
          jixiao backup jixiao-2025-03-01.pgdump --database postgres://jixiao@127.0.0.1/jixiao
        """
    )

    @OptionGroup var database: DatabaseOption

    @Argument(help: "The backup file to write.")
    var output: String

    func run() async throws {
        try await reportingInputFailuresAsync {
            let kind = try await StoreError.reported { try await Backup.write(database.database, to: output) }
            let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            print("backup of \(Store.redacted(database.database)) written to \(output) (\(kind.rawValue), \(size) bytes)")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup made by 'jixiao backup' into a database.",
        discussion: """
        Into an empty database (or a new SQLite file), unless --replace. Stop every server using
        the database first. The schema is then brought up to this program's version.

          jixiao restore jixiao-2025-03-01.sqlite --database sqlite:./restored.sqlite
        """
    )

    @OptionGroup var database: DatabaseOption

    @Argument(help: "The backup to restore.")
    var input: String

    @Flag(help: "Replace what the database holds.")
    var replace = false

    func run() async throws {
        try await reportingInputFailuresAsync {
            try await restore()
        }
    }

    private func restore() async throws {
        try await StoreError.reported {
            _ = try await Backup.restore(input, into: database.database, replace: replace)
            let store = try await Store.open(database.database)
            let tables = try await store.listTables().count
            try await store.close()
            print("restored \(input) into \(Store.redacted(database.database)): \(tables) tables")
        }
    }
}
