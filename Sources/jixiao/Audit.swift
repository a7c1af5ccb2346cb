import ArgumentParser
import Foundation
import JixiaoStore

/// `jixiao audit verify` and `jixiao audit prune`: the audit log's hash chain (`AuditChain`).
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit log's hash chain, or remove its oldest entries.",
        subcommands: [Verify.self, Prune.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal the entries not yet sealed, then check every link of the chain.",
            discussion: """
            Each entry carries the hash of the one before it. Prints how many entries were
            checked and the head (place and hash: keep it elsewhere to notice a cut-off end);
            exit 0 when every link holds, 1 at the first broken one, which is named.

              jixiao audit verify --database sqlite:./jixiao.sqlite
            """
        )

        @OptionGroup var database: DatabaseOption

        @Flag(help: "Only check: do not seal the entries written since the last seal.")
        var noSeal = false

        func run() async throws {
            try await reportingInputFailuresAsync { try await verify() }
        }

        private func verify() async throws {
            let store = try await database.open()
            let result = try await StoreError.reported {
                let chain = store.auditChain
                let sealed = noSeal ? 0 : try await chain.seal(limit: .max)
                return (sealed, try await chain.verify())
            }
            try await store.close()
            let (sealed, verification) = result
            if sealed > 0 { print("sealed \(sealed) new entries") }
            let start = verification.from.seq == 0 ? "the beginning" : "the checkpoint at #\(verification.from.seq)"
            if let broken = verification.broken {
                print("audit log BROKEN: \(broken); \(verification.verified) entries from \(start) held before it")
                throw ExitCode(1)
            }
            print("audit log intact: \(verification.verified) entries from \(start) to #\(verification.head.seq), head hash \(verification.head.hash)"
                  + (verification.unsealed > 0 ? "; \(verification.unsealed) written since, not yet sealed" : ""))
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove sealed entries older than a number of days, keeping a checkpoint.",
            discussion: """
            The chain is checked from the checkpoint afterwards; the removal is itself an entry.
            `jixiao serve --audit-retention-days N` does the same once a day.

              jixiao audit prune --older-than-days 1825 --database sqlite:./jixiao.sqlite
            """
        )

        @OptionGroup var database: DatabaseOption

        @Option(help: "Remove entries written more than this many days ago.")
        var olderThanDays: Int

        @Option(help: "Who prunes, for the audit log.")
        var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func validate() throws {
            guard (1...36_500).contains(olderThanDays) else { throw ValidationError("--older-than-days: 1 to 36500") }
        }

        func run() async throws {
            try await reportingInputFailuresAsync { try await prune() }
        }

        private func prune() async throws {
            let store = try await database.open()
            let removed = try await StoreError.reported {
                let chain = store.auditChain
                try await chain.seal(limit: .max)
                return try await chain.prune(before: AuditChain.cutoff(days: olderThanDays), actor: actor)
            }
            try await store.close()
            print("removed \(removed) entries older than \(olderThanDays) days")
        }
    }
}
