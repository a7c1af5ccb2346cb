import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `jixiao serve` as an operator starts it: on a new database it prints the URL and a one-time
/// administrator password, and that password signs in.
@Suite struct ServeCommandTests {
    @Test func aNewDatabaseGetsAnAdministratorWhosePasswordWorks() async throws {
        let directory = try CommandLineTests.temporaryDirectory()
        let port = 18_400 + Int.random(in: 0..<500)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["serve", "--database", "sqlite:" + directory.appendingPathComponent("new.sqlite").path,
                             "--port", "\(port)", "--password-cost", "4", "--log-level", "warning"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }

        // Read stdout until the URL line: the password line comes before it.
        var printed = ""
        while !printed.contains("已启动") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        #expect(printed.contains("http://127.0.0.1:\(port)/"))
        // No demo accounts without --demo: only the administrator, with a random password.
        #expect(!printed.contains("演示账号"))
        let password = try #require(printed.range(of: #"初始密码：(\S+?)（"#, options: .regularExpression).map {
            String(printed[$0].dropFirst(5).dropLast(1))
        })
        #expect(password.count == 16)

        let session = URLSession(configuration: .ephemeral)
        let base = "http://127.0.0.1:\(port)"
        var health = 0
        for _ in 0..<50 where health != 200 {
            health = (try? await session.data(from: URL(string: base + "/healthz")!).1 as? HTTPURLResponse)?.statusCode ?? 0
            if health != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        let (loginPage, _) = try await session.data(from: URL(string: base + "/login")!)
        let html = String(decoding: loginPage, as: UTF8.self)
        let token = try #require(html.range(of: #"name="_csrf" value="[^"]+""#, options: .regularExpression).map {
            String(html[$0].dropFirst(20).dropLast(1))
        })
        var request = URLRequest(url: URL(string: base + "/login")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("_csrf=\(token)&login=admin&password=\(password)&next=/admin/users".utf8)
        let (page, response) = try await session.data(for: request)
        // URLSession follows the 303 to the admin's user list.
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: page, as: UTF8.self).contains("系统管理员"))
    }
}

/// Issue 14, finding 1, as an operator would meet it: `jixiao serve` on PostgreSQL, 32 first
/// requests for different downloads at once (a crawler on a freshly started server). All are
/// answered, `/healthz` stays ok, and SIGTERM still stops the server (before, the pool
/// deadlocked and only kill -9 did).
@Suite struct ServeOnPostgresTests {
    @Test func aCrawlerCannotStopTheServer() async throws {
        guard let base = ProcessInfo.processInfo.environment["JIXIAO_TEST_POSTGRES_URL"], var url = URLComponents(string: base) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("CI=true but JIXIAO_TEST_POSTGRES_URL is not set") }
            return
        }
        let database = "jixiao_serve_" + UUID().uuidString.prefix(8).lowercased()
        let created = try CommandLineTests.runProgram("/usr/bin/env", ["createdb", "-h", url.host ?? "127.0.0.1", "-p", "\(url.port ?? 5432)", "-U", url.user ?? "postgres", database])
        #expect(created.status == 0, "\(created.stderr)")
        url.path = "/" + database
        let port = 18_900 + Int.random(in: 0..<500)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["serve", "--demo", "--database", url.string!, "--port", "\(port)", "--password-cost", "4", "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        let session = URLSession(configuration: .ephemeral)
        let site = "http://127.0.0.1:\(port)"
        func status(_ path: String) async -> Int {
            (try? await session.data(from: URL(string: site + path)!).1 as? HTTPURLResponse)?.statusCode ?? 0
        }
        var health = 0
        for _ in 0..<300 where health != 200 {
            health = await status("/healthz")
            if health != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(health == 200)
        let (listing, _) = try await session.data(from: URL(string: site + "/api/v1/tables?per_page=500")!)
        let items = (try JSONSerialization.jsonObject(with: listing) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        let pages = items.compactMap { ($0["links"] as? [String: String])?["page"] }
        let downloads = Array(pages.flatMap { page in ["xlsx", "csv", "json", "txt", "html"].map { "\(page)/download/table.\($0)" } }.prefix(32))
        #expect(downloads.count == 32)
        let answered = await withTaskGroup(of: Int.self) { group in
            for path in downloads { group.addTask { await status(path) } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(answered.filter { $0 == 200 }.count == 32, "\(answered)")
        #expect(await status("/healthz") == 200)

        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning, "SIGTERM did not stop the server")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }
}
