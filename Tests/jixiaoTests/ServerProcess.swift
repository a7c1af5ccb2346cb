import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JixiaoStore
@testable import JixiaoWeb

/// A `jixiao serve` of the tests' own on a random port, and a blocking client for it.
struct ServerProcess {
    let process: Process
    let base: String

    static func start(_ database: String) async throws -> ServerProcess {
        let port = 18_900 + Int.random(in: 0..<400)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["serve", "--database", database, "--port", "\(port)", "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let server = ServerProcess(process: process, base: "http://127.0.0.1:\(port)")
        for _ in 0..<100 {
            if (try? await URLSession.shared.data(from: URL(string: server.base + "/healthz")!).1 as? HTTPURLResponse)?.statusCode == 200 { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw CancellationError()
    }

    /// One request, answered or not (status 0: no answer), its body as JSON. Blocking, on a
    /// thread of its own: the clients run on Dispatch's threads, not the tasks' few, which
    /// Foundation's URLSession on Linux would hold while it waits.
    static func send(_ method: String, _ url: String, token: String, _ body: [String: Any], timeout: TimeInterval = 5) -> (Int, [String: Any]) {
        let (status, data) = exchange(method, url, token: token, body.isEmpty ? nil : try? JSONSerialization.data(withJSONObject: body), timeout: timeout)
        return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// The same from a test's task, waiting without holding one of the few threads tasks run
    /// on (a request left waiting out a lock for seconds would stall every other test).
    static func request(_ method: String, _ url: String, token: String, _ body: [String: Any] = [:], timeout: TimeInterval = 5) async -> (status: Int, body: Data) {
        let json = body.isEmpty ? nil : try? JSONSerialization.data(withJSONObject: body)
        return await offThePool { exchange(method, url, token: token, json, timeout: timeout) }
    }

    /// `work` on a Dispatch thread, awaited.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in DispatchQueue.global().async { continuation.resume(returning: work()) } }
    }

    private static func exchange(_ method: String, _ url: String, token: String, _ body: Data?, timeout: TimeInterval) -> (Int, Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if !token.isEmpty { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        request.timeoutInterval = timeout
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: (Int, Data) = (0, Data())
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let http = response as? HTTPURLResponse { answer = (http.statusCode, data ?? Data()) }
            done.signal()
        }.resume()
        done.wait()
        return answer
    }

    /// An API token for a stored account, made in the database before the server starts.
    static func token(_ store: any TableRepository, _ login: String) async throws -> String {
        guard let account = try await store.accounts.credentials(login: login)?.account else { throw StoreError.notFound("account \(login)") }
        let secret = Secrets.apiToken()
        _ = try await store.accounts.issueToken(name: "test-\(login)-\(UUID().uuidString.prefix(6))", userID: account.id, hash: Secrets.hash(secret), actor: "test")
        return secret
    }
}
