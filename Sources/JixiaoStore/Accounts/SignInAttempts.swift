import Crypto
import Foundation

/// Sign-in attempts counted in the database, so that every server on it counts the same
/// failures and a restart forgets none. The web layer's `LoginThrottle` names the keys (a login
/// name, a client address) and their limits; this keeps the count.
///
/// An attempt is written as pending before its password is judged and counts against the limit
/// while it is, so guesses sent at once to several servers are not all judged. Reserving is one
/// transaction that holds a lock on each of its keys (taken in one order, so two reservations
/// never wait on each other), counts, and inserts only if every key is under its limit: two
/// servers cannot both take the last place. A pending row whose server died mid-check stops
/// counting after `pendingLifetime`.
public struct SignInAttempts: Sendable {
    let runner: any SQLRunner

    public struct Limit: Sendable, Equatable {
        public var failures: Int
        public var windowMillis: Int64

        public init(failures: Int, windowMillis: Int64) {
            self.failures = failures
            self.windowMillis = windowMillis
        }
    }

    /// A judgement of a password takes well under a second; a pending attempt older than this
    /// belongs to a server that stopped.
    static let pendingLifetime: Int64 = 60_000
    /// Rows of keys never tried again (a scan of random names) are cleared every this many
    /// reservations (by id); a key tried again clears its own under its lock.
    static let pruneEvery: Int64 = 256

    /// The rows of a reserved attempt, one per key, to be settled by `failed`, `succeeded` or
    /// `abandoned`.
    public struct Reservation: Sendable {
        let ids: [Int64]
    }

    public enum Outcome: Sendable {
        case reserved(Reservation)
        /// Refused: how long until an attempt may be made. `inFlight`: the limit is full of
        /// attempts still being judged rather than of failures, which end within a second.
        case refused(waitMillis: Int64, inFlight: Bool)
    }

    public func reserve(_ keys: [(key: String, limit: Limit)], now: Int64? = nil) async throws -> Outcome {
        let now = now ?? AuditTime.now()
        guard !keys.isEmpty else { return .reserved(Reservation(ids: [])) }
        let keys = keys.sorted { Self.lockNumber($0.key) < Self.lockNumber($1.key) }
        var statements = keys.map { SQLStatement("SELECT count(*) FROM (SELECT {lock}(?)) AS locked", [.int(Self.lockNumber($0.key))]) }
        for (key, limit) in keys {
            // Failures out of every window are forgotten here, under the key's lock.
            statements.append(SQLStatement("DELETE FROM sign_in_attempts WHERE key = ? AND at <= ?", [.text(key), .int(now - limit.windowMillis)]))
        }
        let counting = keys.map { key, limit in Self.counted(key, limit, now: now) }
        for (key, limit) in keys {
            // The failure whose ageing out frees a place: the limit-th newest.
            statements.append(SQLStatement("SELECT at FROM sign_in_attempts WHERE key = ? AND pending = 0 AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?",
                                            [.text(key), .int(now - limit.windowMillis), .int(Int64(max(0, limit.failures - 1)))]))
        }
        statements += counting.map { SQLStatement($0.sql, $0.values) }
        // One row per key, inserted only if every key is under its limit (one statement, one snapshot).
        let union = keys.map { _ in "SELECT CAST(? AS TEXT) AS k" }.joined(separator: " UNION ALL ")
        let underLimits = counting.map { "(\($0.sql)) < ?" }.joined(separator: " AND ")
        var insertValues: [SQLValue] = [.int(now)] + keys.map { .text($0.key) }
        for (count, (_, limit)) in zip(counting, keys) { insertValues += count.values + [.int(Int64(limit.failures))] }
        statements.append(SQLStatement("INSERT INTO sign_in_attempts (key, at, pending) SELECT k, ?, 1 FROM (\(union)) AS keys WHERE \(underLimits) RETURNING id",
                                       insertValues))
        let results = try await runner.transaction(statements)
        let inserted = try results[statements.count - 1].map { try $0.int(0) }
        if inserted.count == keys.count {
            if let id = inserted.first, id % Self.pruneEvery == 0 {
                // Housekeeping, not this sign-in's business: a failure here only delays it.
                try? await prune(olderThanMillis: keys.map(\.limit.windowMillis).max() ?? 0, now: now)
            }
            return .reserved(Reservation(ids: inserted))
        }

        let decisive = results[(2 * keys.count)..<(3 * keys.count)]
        let counts = results[(3 * keys.count)..<(4 * keys.count)]
        var wait: Int64 = 0
        var inFlight = true
        for ((_, limit), (rows, count)) in zip(keys, zip(decisive, counts)) {
            guard try count.firstInt() >= Int64(limit.failures) else { continue }
            if let at = try rows.first?.int(0) {
                wait = max(wait, limit.windowMillis - (now - at))
                inFlight = false
            } else {
                wait = max(wait, 1000)
            }
        }
        return .refused(waitMillis: max(wait, 1000), inFlight: inFlight)
    }

    /// The password was wrong: the attempt stays, as a failure at this moment.
    public func failed(_ reservation: Reservation, now: Int64? = nil) async throws {
        let now = now ?? AuditTime.now()
        guard !reservation.ids.isEmpty else { return }
        _ = try await runner.transaction([
            SQLStatement("UPDATE sign_in_attempts SET pending = 0, at = ? WHERE id IN (\(Self.marks(reservation.ids.count)))",
                         [.int(now)] + reservation.ids.map(SQLValue.int)),
        ])
    }

    /// Signed in: the attempt goes, and so do the failures of `loginKey` (not the address's).
    public func succeeded(_ reservation: Reservation, loginKey: String) async throws {
        _ = try await runner.transaction(Self.deleting(reservation) + [
            SQLStatement("DELETE FROM sign_in_attempts WHERE key = ? AND pending = 0", [.text(loginKey)]),
        ])
    }

    /// Ended before the password was judged (an error): the attempt goes.
    public func abandoned(_ reservation: Reservation) async throws {
        guard !reservation.ids.isEmpty else { return }
        _ = try await runner.transaction(Self.deleting(reservation))
    }

    /// Rows of keys never tried again (a scan of random names) once they are older than
    /// `olderThanMillis`; the rows of keys tried again go when they are.
    public func prune(olderThanMillis: Int64, now: Int64? = nil) async throws {
        let now = now ?? AuditTime.now()
        _ = try await runner.transaction([SQLStatement("DELETE FROM sign_in_attempts WHERE at <= ?", [.int(now - olderThanMillis)])])
    }

    /// What counts against `key`'s limit: failures in the window and attempts being judged.
    private static func counted(_ key: String, _ limit: Limit, now: Int64) -> (sql: String, values: [SQLValue]) {
        ("SELECT count(*) FROM sign_in_attempts WHERE key = ? AND ((pending = 0 AND at > ?) OR (pending = 1 AND at > ?))",
         [.text(key), .int(now - limit.windowMillis), .int(now - pendingLifetime)])
    }

    private static func deleting(_ reservation: Reservation) -> [SQLStatement] {
        reservation.ids.isEmpty ? [] : [SQLStatement("DELETE FROM sign_in_attempts WHERE id IN (\(marks(reservation.ids.count)))", reservation.ids.map(SQLValue.int))]
    }

    private static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// The key's lock: the first eight bytes of its SHA-256, a number every server computes alike.
    static func lockNumber(_ key: String) -> Int64 {
        SHA256.hash(data: Data(("jixiao-sign-in\n" + key).utf8)).prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}

extension AccountStore {
    public var signInAttempts: SignInAttempts { SignInAttempts(runner: runner) }
}
