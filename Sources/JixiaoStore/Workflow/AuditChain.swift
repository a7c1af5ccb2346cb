import Crypto
import Foundation
import JixiaoCore
import Logging
import Metrics

/// The audit log as a hash chain nobody can quietly rewrite (docs/operations.md): each entry,
/// once sealed, carries its place in the chain (`seq`), the hash of the entry before it and its
/// own hash — SHA-256 over its place, that previous hash and every field of the entry. Changing,
/// removing or inserting an entry anywhere but at the very end breaks a link `verify` reports.
///
/// Entries are written as they always were, by whatever statement makes them, and sealed in
/// order of their ids shortly after (`seal`: `jixiao serve` every second, `jixiao audit verify`
/// before it checks). Sealing apart from writing keeps every writer as it was and lets several
/// servers share one log: a seal is one transaction that holds only if nobody sealed past the
/// head it read (and `seq` is unique), else it is tried again. An entry whose transaction
/// commits after a later id was sealed is sealed after it: the chain's order is `seq`, not `id`.
///
/// Retention (`prune`) removes the oldest sealed entries and keeps a checkpoint — the place and
/// hash of the last entry removed — from which the chain is verified afterwards.
public struct AuditChain: Sendable {
    let runner: any SQLRunner

    /// For /metrics: entries sealed (the background work of `jixiao serve`).
    static let sealed = Counter(label: "jixiao_audit_entries_sealed")

    /// The previous hash of the first entry ever sealed.
    public static let genesis = String(repeating: "0", count: 64)

    /// Where the chain is checked from: a checkpoint left by pruning, or the beginning.
    public struct Anchor: Sendable, Equatable {
        public var seq: Int64
        public var hash: String
    }

    /// A sealed entry's place and links as stored.
    struct Sealed {
        var seq: Int64, previous: String, hash: String, entry: AuditEntry
    }

    public enum Break: Sendable, Equatable, CustomStringConvertible {
        /// The entry at `expected` is missing: the next one found is at `found`.
        case missing(expected: Int64, found: Int64)
        /// The entry's `prev_hash` is not the hash of the entry before it.
        case link(seq: Int64, id: Int64)
        /// The entry's content is not what its hash was made of.
        case altered(seq: Int64, id: Int64)

        public var description: String {
            switch self {
            case .missing(let expected, let found): "entry #\(expected) is missing (the next entry found is #\(found))"
            case .link(let seq, let id): "entry #\(seq) (id \(id)) does not name the hash of the entry before it"
            case .altered(let seq, let id): "entry #\(seq) (id \(id)) was changed after it was sealed: its hash does not match its content"
            }
        }
    }

    public struct Verification: Sendable, Equatable {
        /// Where the check began (after a checkpoint, or at 0) and the last entry checked.
        public var from: Anchor
        public var head: Anchor
        public var verified: Int
        /// Entries written but not yet sealed (they follow the head once sealed).
        public var unsealed: Int
        /// The first broken link, if any: nothing after it was checked.
        public var broken: Break?
    }

    // MARK: Sealing

    /// Seals the entries not yet sealed, oldest id first, at most `limit` of them; returns how
    /// many it sealed.
    @discardableResult
    public func seal(limit: Int = 5_000) async throws -> Int {
        for _ in 0..<32 {
            let head = try await head()
            let rows = try await runner.rows("""
                SELECT id, at, actor, action, entity, entity_id, CAST(before_state AS TEXT), CAST(after_state AS TEXT)
                FROM audit_log WHERE hash IS NULL ORDER BY id LIMIT ?
                """, [.int(Int64(limit))])
            guard !rows.isEmpty else { return 0 }
            // Holds only if nobody sealed past the head read above (another server, say).
            var statements = [SQLStatement("SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE seq > ?)", [.int(head.seq)], required: true)]
            var (seq, previous) = (head.seq, head.hash)
            var links: [SQLValue] = []
            for row in rows {
                let entry = try Self.entry(row)
                seq += 1
                let hash = Self.hash(seq: seq, previous: previous, entry)
                links += [.int(entry.id), .int(seq), .text(previous), .text(hash)]
                previous = hash
            }
            // A few statements, not one an entry: on a busy day the entries come in hundreds a
            // second, and a round trip each was most of what the database did for the audit log.
            // Of a few sizes only (`statementSizes`), each statement's text is one of a few.
            var start = 0
            while start < rows.count {
                let size = Self.statementSizes.first { $0 <= rows.count - start } ?? 1
                let chunk = Array(links[4 * start ..< 4 * (start + size)])
                let tuples = Array(repeating: "(?, ?, ?, ?)", count: size).joined(separator: ", ")
                statements.append(SQLStatement("""
                    UPDATE audit_log SET seq = v.column2, prev_hash = v.column3, hash = v.column4 FROM (VALUES \(tuples)) AS v
                    WHERE audit_log.id = v.column1 AND audit_log.hash IS NULL RETURNING id
                    """, chunk, requiredRows: size))
                start += size
            }
            do {
                _ = try await runner.transaction(statements)
                Self.sealed.increment(by: rows.count)
                return rows.count
            } catch is SQLRowMissing {
                continue
            } catch StoreError.alreadyExists {
                continue // the same seq taken by a seal that committed first
            }
        }
        throw StoreError.busy("the audit log is being sealed by another server; try again")
    }

    /// Entries sealed by one UPDATE (four values each: well under either database's limit on a
    /// statement's parameters).
    static let linksPerStatement = 500

    /// How many entries an UPDATE seals: the largest of these that fits, then the next. SQLite
    /// keeps every statement text it has run prepared on its connection; with one text for
    /// each count from 1 to 500 the writer's cache grew for as long as new counts came (a
    /// ten-minute soak's memory crept up 3 MiB). These are ten texts.
    static let statementSizes = [linksPerStatement, 256, 128, 64, 32, 16, 8, 4, 2, 1]

    /// The last sealed entry's place and hash; the newest checkpoint's when every sealed entry
    /// was pruned; the beginning when nothing was ever sealed.
    func head() async throws -> Anchor {
        if let row = try await runner.rows("SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1").first {
            return Anchor(seq: try row.int(0), hash: try row.text(1))
        }
        return try await checkpoint()
    }

    /// The newest checkpoint, or the beginning.
    func checkpoint() async throws -> Anchor {
        guard let row = try await runner.rows("SELECT seq, hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1").first else {
            return Anchor(seq: 0, hash: Self.genesis)
        }
        return Anchor(seq: try row.int(0), hash: try row.text(1))
    }

    // MARK: Verifying

    /// Walks the sealed entries in order from the newest checkpoint, recomputing each hash and
    /// link; stops at the first break.
    public func verify(pageSize: Int = 5_000) async throws -> Verification {
        let from = try await checkpoint()
        var result = Verification(from: from, head: from, verified: 0, unsealed: 0, broken: nil)
        var expected = from
        pages: while true {
            let rows = try await runner.rows("""
                SELECT id, at, actor, action, entity, entity_id, CAST(before_state AS TEXT), CAST(after_state AS TEXT), seq, prev_hash, hash
                FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?
                """, [.int(expected.seq), .int(Int64(pageSize))])
            for row in rows {
                let sealed = Sealed(seq: try row.int(8), previous: try row.text(9), hash: try row.text(10), entry: try Self.entry(row))
                if let broken = Self.check(sealed, after: expected) {
                    result.broken = broken
                    break pages
                }
                expected = Anchor(seq: sealed.seq, hash: sealed.hash)
                result.head = expected
                result.verified += 1
            }
            if rows.count < pageSize { break }
        }
        result.unsealed = Int(try await runner.rows("SELECT count(*) FROM audit_log WHERE hash IS NULL").firstInt())
        return result
    }

    static func check(_ sealed: Sealed, after previous: Anchor) -> Break? {
        if sealed.seq != previous.seq + 1 { return .missing(expected: previous.seq + 1, found: sealed.seq) }
        if sealed.previous != previous.hash { return .link(seq: sealed.seq, id: sealed.entry.id) }
        if sealed.hash != hash(seq: sealed.seq, previous: sealed.previous, sealed.entry) { return .altered(seq: sealed.seq, id: sealed.entry.id) }
        return nil
    }

    // MARK: Retention

    /// The time `days` days ago, for `prune(before:)`.
    public static func cutoff(days: Int) -> Int64 {
        AuditTime.now() - Int64(days) * 86_400_000
    }

    /// Removes the sealed entries written before `cutoff` (milliseconds since 1970), keeping a
    /// checkpoint at the last one removed (audited itself); returns how many were removed.
    @discardableResult
    public func prune(before cutoff: Int64, actor: String) async throws -> Int {
        guard let last = try await runner.rows("SELECT seq, hash FROM audit_log WHERE seq IS NOT NULL AND at < ? ORDER BY seq DESC LIMIT 1",
                                               [.int(cutoff)]).first else { return 0 }
        let (seq, hash) = (try last.int(0), try last.text(1))
        let now = AuditTime.now()
        let rows = try await runner.transaction([
            // Still the entry read above (a concurrent prune moves on without this one).
            SQLStatement("SELECT 1 FROM audit_log WHERE seq = ? AND hash = ?", [.int(seq), .text(hash)], required: true),
            SQLStatement("DELETE FROM audit_log WHERE seq <= ? RETURNING id", [.int(seq)]),
            SQLStatement("INSERT INTO audit_checkpoints (seq, hash, pruned_at, pruned_by) VALUES (?, ?, ?, ?)",
                         [.int(seq), .text(hash), .int(now), .text(actor)]),
            SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, after_state) VALUES (?, ?, 'prune', 'audit_log', ?, CAST(? AS {json}))",
                         [.int(now), .text(actor), .text("\(seq)"), .text("{\"through\":\(seq),\"before\":\(cutoff)}")]),
        ])
        return rows[1].count
    }

    // MARK: Keeping it sealed

    /// What `jixiao serve` runs beside the site until cancelled: seals new entries every
    /// `interval`, and with `retentionDays` prunes what is older once a day. A failure (the
    /// database away for a while) is logged and tried again on the next round.
    public func keepSealed(every interval: Duration = .seconds(1), retentionDays: Int?, logger: Logger) async {
        var lastPrune: ContinuousClock.Instant?
        while !Task.isCancelled {
            do {
                try await seal()
                if let retentionDays, lastPrune.map({ ContinuousClock.now - $0 > .seconds(86_400) }) ?? true {
                    let removed = try await prune(before: Self.cutoff(days: retentionDays), actor: "jixiao")
                    if removed > 0 { logger.notice("audit log pruned", metadata: ["entries": "\(removed)", "days": "\(retentionDays)"]) }
                    lastPrune = .now
                }
            } catch {
                logger.warning("audit log not sealed this round", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    // MARK: The hash

    static func entry(_ row: [SQLValue]) throws -> AuditEntry {
        AuditEntry(id: try row.int(0), at: try row.int(1), record: AuditRecord(actor: try row.text(2), action: try row.text(3), entity: try row.text(4),
                                                                             entityID: try row.text(5), before: row[6].text, after: row[7].text))
    }

    /// SHA-256, in hex, of the entry's place, the previous hash and each field, every field
    /// written as its length in bytes, a colon and its UTF-8 (an absent one as `-`), so that no
    /// two different entries are written the same.
    static func hash(seq: Int64, previous: String, _ entry: AuditEntry) -> String {
        var text = "jixiao-audit-1\n"
        for field in ["\(seq)", previous, "\(entry.id)", "\(entry.at)", entry.record.actor, entry.record.action, entry.record.entity,
                      entry.record.entityID, entry.record.before, entry.record.after] as [String?] {
            if let field { text += "\(field.utf8.count):\(field)\n" } else { text += "-\n" }
        }
        return Hex.string(SHA256.hash(data: Data(text.utf8)))
    }
}

extension TableRepository {
    /// The audit log's chain: sealing, verifying and pruning.
    public var auditChain: AuditChain { AuditChain(runner: workflow.runner) }
}
