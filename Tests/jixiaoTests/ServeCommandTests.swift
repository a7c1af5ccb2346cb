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
