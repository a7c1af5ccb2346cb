import Metrics
import PostgresNIO
import Synchronization

/// A pooled connection waited for no longer than `timeout`: when every connection stays busy
/// (a crawler asking for 32 downloads at once, a slow statement holding the rest) a request
/// fails with `StoreError.busy` instead of queueing forever, and the server keeps answering
/// `/healthz` and stops on SIGTERM. Only the wait for the lease is bounded; once a connection
/// is held, the work runs to its end.
enum BoundedLease {
    private final class Leased: Sendable {
        let flag = Atomic<Bool>(false)
    }

    /// For /metrics: how long requests waited for a connection, and how many gave up.
    static let waited = Metrics.Timer(label: "jixiao_database_lease_wait")
    static let refused = Counter(label: "jixiao_database_busy")

    static func with<T: Sendable>(_ client: PostgresClient, timeout: Duration, label: String,
                                  _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let leased = Leased()
        let asked = ContinuousClock.now
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    leased.flag.store(true, ordering: .releasing)
                    let wait = (ContinuousClock.now - asked).components
                    waited.recordNanoseconds(wait.seconds * 1_000_000_000 + wait.attoseconds / 1_000_000_000)
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                if leased.flag.load(ordering: .acquiring) { return nil }
                refused.increment()
                // Throwing cancels the lease request still queued in the pool (PostgresNIO
                // honours task cancellation there).
                throw StoreError.busy("\(label): every database connection stayed busy for \(timeout); try again shortly")
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }
}
