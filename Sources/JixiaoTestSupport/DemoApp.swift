import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoWeb
import Logging

/// The web app as the tests meet it: `jixiao serve --demo`'s data (the seed published,
/// generated tables in every state, one account per role) on a fresh database, served through
/// Hummingbird's router test client. bcrypt runs at cost 4: tests sign in often.
public enum DemoApp {
    public struct Setup: Sendable {
        public var client: any TestClientProtocol
        public var demo: DemoData.Loaded
        public var store: any TableRepository
        /// Moves the published list's clock (`WebConfiguration.clock`).
        public var clock: TestClock
    }

    /// Runs `test` against the demo on `backend` (skipped, returning false, when PostgreSQL is
    /// not configured outside CI). `configure` adjusts the configuration first.
    @discardableResult
    public static func with(_ backend: Backend = .sqlite, _ mode: TestingSetup = .router,
                            configure: (inout WebConfiguration) -> Void = { _ in },
                            _ test: @escaping @Sendable (Setup) async throws -> Void) async throws -> Bool {
        guard let url = try TemporaryDatabase.fresh(backend) else { return false }
        let store = try await Store.open(url)
        let demo = try await DemoData.load(into: store, passwordCost: 4)
        let clock = TestClock()
        var configuration = WebConfiguration.forTests()
        configuration.clock = clock.web
        // The year files of /bulk in a directory of this test's own, removed with it.
        let bulk = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-test-bulk-\(UUID().uuidString)").path
        configuration.bulkDirectory = bulk
        defer { try? FileManager.default.removeItem(atPath: bulk) }
        configure(&configuration)
        let app = buildApplication(configuration, repository: store, logger: Logger(label: "test"))
        do {
            try await app.test(mode) { client in try await test(Setup(client: client, demo: demo, store: store, clock: clock)) }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        return true
    }
}

extension WebConfiguration {
    /// The tests' configuration: bcrypt at cost 4, and a published list that lives as long as
    /// asked (a test looking into the cache sets it long, so a busy machine cannot age it).
    public static func forTests(port: Int = 0, publishedListLifetime: Duration? = nil) -> WebConfiguration {
        var configuration = WebConfiguration(port: port, passwordCost: 4)
        if let publishedListLifetime { configuration.publishedListLifetime = publishedListLifetime }
        return configuration
    }
}
