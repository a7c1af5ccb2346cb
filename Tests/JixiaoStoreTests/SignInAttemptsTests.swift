import Foundation
import JixiaoTestSupport
import Testing
@testable import JixiaoStore

/// Failed sign-ins counted in the database (`SignInAttempts`), on both databases: the limit and
/// its wait, attempts in flight counted, a success clearing its login, a dead server's pending
/// attempt ageing out, and — the reason it is in the database — two servers (two connections
/// to one database) counting one limit, also when their guesses arrive at the same moment.
@Suite struct SignInAttemptsTests {
    static let limit = SignInAttempts.Limit(failures: 5, windowMillis: 15 * 60 * 1000)

    static func attempts(_ backend: Backend) async throws -> (SignInAttempts, any TableRepository)? {
        guard let url = try TemporaryDatabase.fresh(backend) else { return nil }
        let store = try await Store.open(url)
        return (store.accounts.signInAttempts, store)
    }

    static func reserved(_ outcome: SignInAttempts.Outcome) -> SignInAttempts.Reservation? {
        if case .reserved(let reservation) = outcome { reservation } else { nil }
    }

    @Test(arguments: Backend.allCases) func fiveFailuresThenAWaitUntilTheOldestAgesOut(_ backend: Backend) async throws {
        guard let (attempts, store) = try await Self.attempts(backend) else { return }
        let keys = [(key: "login:editor1", limit: Self.limit), (key: "address:192.0.2.1", limit: SignInAttempts.Limit(failures: 20, windowMillis: Self.limit.windowMillis))]
        let start: Int64 = 1_800_000_000_000
        for i in 0..<5 {
            let reservation = try #require(Self.reserved(try await attempts.reserve(keys, now: start + Int64(i) * 1000)))
            try await attempts.failed(reservation, now: start + Int64(i) * 1000)
        }
        // The sixth: refused until the first failure is fifteen minutes old.
        guard case .refused(let wait, let inFlight) = try await attempts.reserve(keys, now: start + 10_000) else {
            Issue.record("a sixth attempt after five failures was allowed"); return
        }
        #expect(wait == Self.limit.windowMillis - 10_000 && !inFlight)
        #expect(Self.reserved(try await attempts.reserve(keys, now: start + Self.limit.windowMillis - 1)) == nil)
        // Once it has aged out, one more place.
        let later = try #require(Self.reserved(try await attempts.reserve(keys, now: start + Self.limit.windowMillis + 1)))
        #expect(Self.reserved(try await attempts.reserve(keys, now: start + Self.limit.windowMillis + 2)) == nil, "the new attempt in flight fills the place")
        // Signing in clears the login's failures, not the address's (less the first, aged out).
        try await attempts.succeeded(later, loginKey: "login:editor1")
        #expect(try await store.accounts.runner.rows("SELECT count(*) FROM sign_in_attempts WHERE key = 'login:editor1'").firstInt() == 0)
        #expect(try await store.accounts.runner.rows("SELECT count(*) FROM sign_in_attempts WHERE key = 'address:192.0.2.1'").firstInt() == 4)
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func attemptsInFlightCountAndADeadServersAgeOut(_ backend: Backend) async throws {
        guard let (attempts, store) = try await Self.attempts(backend) else { return }
        let keys = [(key: "login:x", limit: Self.limit)]
        let now: Int64 = 1_800_000_000_000
        var pending: [SignInAttempts.Reservation] = []
        for _ in 0..<5 { pending.append(try #require(Self.reserved(try await attempts.reserve(keys, now: now)))) }
        guard case .refused(let wait, let inFlight) = try await attempts.reserve(keys, now: now) else {
            Issue.record("a sixth attempt beside five in flight was allowed"); return
        }
        #expect(wait == 1000 && inFlight)
        // One abandoned (an error before its password was judged): its place is free again.
        try await attempts.abandoned(pending.removeLast())
        #expect(Self.reserved(try await attempts.reserve(keys, now: now)) != nil)
        // The server judging the others died: a minute on, they no longer count.
        #expect(Self.reserved(try await attempts.reserve(keys, now: now + 1000)) == nil)
        #expect(Self.reserved(try await attempts.reserve(keys, now: now + SignInAttempts.pendingLifetime + 1)) != nil)
        // Pruning keeps what a window still holds.
        try await attempts.prune(olderThanMillis: Self.limit.windowMillis, now: now + Self.limit.windowMillis + 1)
        #expect(try await store.accounts.runner.rows("SELECT count(*) FROM sign_in_attempts").firstInt() == 1)
        try await store.close()
    }

    /// Two servers — two repositories on one database — and twenty guesses sent to them at
    /// once: five reserved, whichever server each reached.
    @Test(arguments: Backend.allCases) func twoServersCountOneLimitEvenAtTheSameMoment(_ backend: Backend) async throws {
        guard let url = try TemporaryDatabase.fresh(backend) else { return }
        let first = try await Store.open(url)
        let second = try await Store.open(url)
        let keys = [(key: "login:reviewer", limit: Self.limit)]
        let reserved = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<20 {
                let attempts = (i % 2 == 0 ? first : second).accounts.signInAttempts
                group.addTask { Self.reserved(try await attempts.reserve(keys)) != nil }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(reserved == Self.limit.failures)
        // And failures recorded by one are counted by the other.
        let rows = try await first.accounts.runner.rows("SELECT id FROM sign_in_attempts").map { try $0.int(0) }
        try await first.accounts.signInAttempts.failed(SignInAttempts.Reservation(ids: rows))
        guard case .refused(_, let inFlight) = try await second.accounts.signInAttempts.reserve(keys) else {
            Issue.record("the second server allowed a sixth attempt"); return
        }
        #expect(!inFlight)
        try await first.close()
        try await second.close()
    }
}
