import NIOConcurrencyHelpers

/// Too many failed sign-ins → 429 for a while: five failures per login name, or twenty per
/// client address, within fifteen minutes. Counted in this process's memory: a server
/// restart forgets them, and several servers behind a balancer count separately.
final class LoginThrottle: Sendable {
    struct Limit: Sendable {
        var failures: Int
        var window: Duration
    }

    static let perLogin = Limit(failures: 5, window: .seconds(15 * 60))
    static let perAddress = Limit(failures: 20, window: .seconds(15 * 60))

    private let failures = NIOLockedValueBox<[String: [ContinuousClock.Instant]]>([:])

    static func keys(login: String, address: String?) -> [(String, Limit)] {
        [("login:" + login.lowercased(), perLogin)] + (address.map { [("address:" + $0, perAddress)] } ?? [])
    }

    /// How long until another attempt is allowed; nil when one is allowed now.
    func retryAfter(_ keys: [(String, Limit)]) -> Duration? {
        let now = ContinuousClock.now
        return failures.withLockedValue { failures in
            keys.compactMap { key, limit -> Duration? in
                let recent = (failures[key] ?? []).filter { now - $0 < limit.window }
                failures[key] = recent
                guard recent.count >= limit.failures, let oldest = recent.first else { return nil }
                return limit.window - (now - oldest)
            }.max()
        }
    }

    func failed(_ keys: [(String, Limit)]) {
        let now = ContinuousClock.now
        failures.withLockedValue { failures in
            for (key, _) in keys { failures[key, default: []].append(now) }
            // Forget keys with nothing recent, so a scan of random names cannot grow this forever.
            if failures.count > 10_000 {
                failures = failures.filter { _, times in times.contains { now - $0 < Self.perLogin.window } }
            }
        }
    }

    /// A successful sign-in clears its login's failures (not the address's).
    func succeeded(login: String) {
        _ = failures.withLockedValue { $0.removeValue(forKey: "login:" + login.lowercased()) }
    }
}
