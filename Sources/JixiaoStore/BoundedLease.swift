import Metrics
import PostgresNIO
import Synchronization

/// A pool whose connections are waited for no longer than a timeout: when every connection
/// stays busy (a crawler asking for 32 downloads at once, a slow statement holding the rest) or
/// none can be opened (the database restarting, its connection limit reached) a request fails
/// with `StoreError.busy` instead of queueing forever, and the server keeps answering
/// `/healthz` and stops on SIGTERM. Once a connection is held the work runs to its end, with
/// one exception: if the connection is lost under it and the work has not ended a moment
/// later, the caller is answered `busy` and the work left behind. PostgresNIO 1.33 can leave a
/// statement waiting for ever when the server restarts in the middle of it (one request in a
/// few thousand, `.ci/multi-server.py`); without this, that request never got an answer.
///
/// The work and its watchdog are two tasks racing to answer one continuation (`Answer`), not a
/// task group: a group waits for all its children, the stuck one too. (Taking a lease directly
/// while fewer requests than connections were asking was tried, to save the watchdog: when the
/// pool cannot connect, such a lease waits for ever.)
final class BoundedLease: Sendable {
    let client: PostgresClient

    /// For /metrics: how long requests waited for a connection, and how many gave up.
    static let waited = Metrics.Timer(label: "jixiao_database_lease_wait")
    static let refused = Counter(label: "jixiao_database_busy")
    /// How long work may outlive its lost connection before the caller is answered.
    static let lostGrace = Duration.seconds(2)

    init(_ client: PostgresClient) {
        self.client = client
    }

    /// The one answer of a call, given by whichever comes first; the connection it holds.
    private final class Answer<T: Sendable>: Sendable {
        let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let connection = Mutex<PostgresConnection?>(nil)
        /// The work's task, for the watchdog and the caller's cancellation to cancel.
        let work = Mutex<Task<Void, Never>?>(nil)

        func give(_ result: Result<T, any Error>) {
            continuation.withLock { $0.take() }?.resume(with: result)
        }

        var given: Bool { continuation.withLock { $0 == nil } }
    }

    func with<T: Sendable>(timeout: Duration, label: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let asked = ContinuousClock.now
        let answer = Answer<T>()
        let client = client
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                answer.continuation.withLock { $0 = continuation }
                let watchdog = Task {
                    // Looks every `step`: not leased within `timeout`, the work is cancelled,
                    // which withdraws its request from the pool's queue (PostgresNIO honours
                    // cancellation there); leased, the connection is watched until the work ends
                    // (this task is cancelled then).
                    let step = min(timeout, .seconds(1))
                    var waited = Duration.zero
                    while (try? await Task.sleep(for: step)) != nil, !answer.given {
                        waited += step
                        if let connection = answer.connection.withLock({ $0 }) {
                            guard connection.isClosed else { continue }
                            guard (try? await Task.sleep(for: Self.lostGrace)) != nil else { return }
                            answer.work.withLock { $0 }?.cancel()
                            answer.give(.failure(StoreError.busy("\(label): the connection to the database was lost mid-statement; try again shortly")))
                            return
                        }
                        guard waited >= timeout else { continue }
                        Self.refused.increment()
                        answer.work.withLock { $0 }?.cancel()
                        answer.give(.failure(StoreError.busy("\(label): every database connection stayed busy for \(timeout); try again shortly")))
                        return
                    }
                }
                answer.work.withLock { $0 = Task {
                    do {
                        let value = try await client.withConnection { connection in
                            answer.connection.withLock { $0 = connection }
                            Self.record(since: asked)
                            return try await body(connection)
                        }
                        answer.give(.success(value))
                    } catch {
                        answer.give(.failure(error))
                    }
                    watchdog.cancel()
                } }
            }
        } onCancel: {
            answer.work.withLock { $0 }?.cancel()
        }
    }

    private static func record(since asked: ContinuousClock.Instant) {
        let wait = (ContinuousClock.now - asked).components
        waited.recordNanoseconds(wait.seconds * 1_000_000_000 + wait.attoseconds / 1_000_000_000)
    }
}
