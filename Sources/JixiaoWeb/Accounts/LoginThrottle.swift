import NIOConcurrencyHelpers

/// Too many failed sign-ins → 429 for a while: five failures per login name, or twenty per
/// client address (the real client's, from a trusted proxy: `ClientAddress`), within fifteen
/// minutes. An attempt is reserved before its password is hashed and counts against the limit
/// while it runs, so ten guesses sent at once are not all evaluated: the sixth is refused.
/// Counted in this process's memory: a restart forgets them, and several servers behind a
/// balancer count separately.
final class LoginThrottle: Sendable {
    struct Limit: Sendable {
        var failures: Int
        var window: Duration
    }

    static let perLogin = Limit(failures: 5, window: .seconds(15 * 60))
    static let perAddress = Limit(failures: 20, window: .seconds(15 * 60))
    /// How long a refused attempt is told to wait when attempts in flight, not failures, fill
    /// the limit (they end within a second).
    static let inFlightWait = Duration.seconds(1)

    private struct Counts {
        var failures: [ContinuousClock.Instant] = []
        var inFlight = 0
    }

    private let counts = NIOLockedValueBox<[String: Counts]>([:])

    static func keys(login: String, address: String?) -> [(String, Limit)] {
        [("login:" + login.lowercased(), perLogin)] + (address.map { [("address:" + $0, perAddress)] } ?? [])
    }

    /// An attempt under way, to be settled by `failed` or `succeeded` (or `abandoned` when it
    /// ends in an error before the password was judged).
    struct Attempt: Sendable {
        fileprivate let keys: [String]
    }

    /// Reserves an attempt, or says how long until one is allowed.
    func reserve(_ keys: [(String, Limit)]) -> Result<Attempt, Waiting> {
        let now = ContinuousClock.now
        return counts.withLockedValue { counts in
            var wait: Duration?
            for (key, limit) in keys {
                var entry = counts[key] ?? Counts()
                entry.failures.removeAll { now - $0 >= limit.window }
                counts[key] = entry
                guard entry.failures.count + entry.inFlight >= limit.failures else { continue }
                let needed = entry.failures.count >= limit.failures
                    ? limit.window - (now - entry.failures[entry.failures.count - limit.failures])
                    : Self.inFlightWait
                wait = max(wait ?? .zero, needed)
            }
            if let wait { return .failure(Waiting(duration: wait)) }
            for (key, _) in keys { counts[key, default: Counts()].inFlight += 1 }
            Self.forgetOld(&counts, now: now)
            return .success(Attempt(keys: keys.map(\.0)))
        }
    }

    struct Waiting: Error {
        var duration: Duration
    }

    func failed(_ attempt: Attempt) {
        let now = ContinuousClock.now
        counts.withLockedValue { counts in
            for key in attempt.keys {
                counts[key, default: Counts()].inFlight -= 1
                counts[key, default: Counts()].failures.append(now)
            }
        }
    }

    /// A successful sign-in clears its login's failures (not the address's).
    func succeeded(_ attempt: Attempt, login: String) {
        abandoned(attempt)
        counts.withLockedValue { $0["login:" + login.lowercased()]?.failures = [] }
    }

    func abandoned(_ attempt: Attempt) {
        counts.withLockedValue { counts in
            for key in attempt.keys { counts[key, default: Counts()].inFlight -= 1 }
        }
    }

    /// Keys with nothing recent and nothing in flight are dropped, so a scan of random names
    /// cannot grow this forever.
    private static func forgetOld(_ counts: inout [String: Counts], now: ContinuousClock.Instant) {
        guard counts.count > 10_000 else { return }
        counts = counts.filter { _, entry in entry.inFlight > 0 || entry.failures.contains { now - $0 < perLogin.window } }
    }
}
