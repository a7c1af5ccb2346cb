/// The time the web app goes by where it keeps something for a while (the published list):
/// the system's clock, or one a test moves forward instead of sleeping until a cache ages.
public struct WebClock: Sendable {
    public let now: @Sendable () -> ContinuousClock.Instant

    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) { self.now = now }

    public static let system = WebClock { ContinuousClock.now }
}
