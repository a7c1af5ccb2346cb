import JixiaoWeb
import Synchronization

/// A clock that runs with the system's but can be moved forward, so a test sees a cache age
/// at once instead of sleeping until it does.
public final class TestClock: Sendable {
    private let offset = Atomic<Int64>(0)

    public init() {}

    public func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        offset.add(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, ordering: .relaxed)
    }

    public var web: WebClock {
        WebClock { [self] in ContinuousClock.now + .nanoseconds(offset.load(ordering: .relaxed)) }
    }
}
