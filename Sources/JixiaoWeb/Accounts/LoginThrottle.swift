import JixiaoStore

/// Too many failed sign-ins → 429 for a while: five failures per login name, or twenty per
/// client address (the real client's, from a trusted proxy: `ClientAddress`), within fifteen
/// minutes. An attempt is reserved before its password is hashed and counts against the limit
/// while it runs, so ten guesses sent at once are not all evaluated: the sixth is refused.
/// Counted in the database (`SignInAttempts`): every server behind a balancer counts the same
/// failures, and a restart forgets none.
struct LoginThrottle: Sendable {
    let attempts: SignInAttempts

    static let window: Int64 = 15 * 60 * 1000
    static let perLogin = SignInAttempts.Limit(failures: 5, windowMillis: window)
    static let perAddress = SignInAttempts.Limit(failures: 20, windowMillis: window)

    static func loginKey(_ login: String) -> String { "login:" + login.lowercased() }

    static func keys(login: String, address: String?) -> [(key: String, limit: SignInAttempts.Limit)] {
        [(loginKey(login), perLogin)] + (address.map { [("address:" + $0, perAddress)] } ?? [])
    }

    /// An attempt under way, to be settled by `failed` or `succeeded` (or `abandoned` when it
    /// ends in an error before the password was judged).
    struct Attempt: Sendable {
        fileprivate let reservation: SignInAttempts.Reservation
    }

    struct Waiting: Error {
        var duration: Duration
        /// The limit is full of attempts being judged, not of failures.
        var inFlight: Bool
    }

    /// Reserves an attempt, or says how long until one is allowed.
    func reserve(_ keys: [(key: String, limit: SignInAttempts.Limit)]) async throws -> Result<Attempt, Waiting> {
        switch try await attempts.reserve(keys) {
        case .reserved(let reservation):
            return .success(Attempt(reservation: reservation))
        case .refused(let wait, let inFlight):
            return .failure(Waiting(duration: .milliseconds(wait), inFlight: inFlight))
        }
    }

    func failed(_ attempt: Attempt) async throws {
        try await attempts.failed(attempt.reservation)
    }

    /// A successful sign-in clears its login's failures (not the address's).
    func succeeded(_ attempt: Attempt, login: String) async throws {
        try await attempts.succeeded(attempt.reservation, loginKey: Self.loginKey(login))
    }

    /// The attempt ended in an error before its password was judged; if even this fails, the
    /// pending row stops counting after a minute (`SignInAttempts.pendingLifetime`).
    func abandoned(_ attempt: Attempt) async {
        try? await attempts.abandoned(attempt.reservation)
    }
}
