import Foundation
import JixiaoCore
import JixiaoTestSupport
import Testing
@testable import JixiaoStore
@testable import JixiaoWeb

/// The SQLite file locked by another process — a `sqlite3` shell left in a transaction, a
/// copy tool — while Jixiao works on it. Readers go on (WAL); a write waits out the busy timeout
/// and then fails cleanly: the server answers 503 with a message and nothing half-saved, the
/// CLI exits 2 naming the file. Once the other process lets go, the same write succeeds.
@Suite(.serialized) struct LockedFileTests {
    /// Another process holding SQLite's write lock on `path` until `release()`.
    final class Holder: Sendable {
        let process: Process
        let input: Pipe

        init(_ path: String) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1], isolation_level=None)
                db.execute("BEGIN IMMEDIATE")
                db.execute("UPDATE fiscal_years SET year = year WHERE 0")
                print("locked", flush=True)
                sys.stdin.read()
                """, path]
            input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            // Held once it says so.
            _ = output.fileHandleForReading.readData(ofLength: 7)
        }

        func release() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    @Test func aWriteWaitsThenFailsCleanlyAndSucceedsOnceTheFileIsFree() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("locked.sqlite").path
        let url = "sqlite:" + path
        let setup = try await Store.open(url)
        let demo = try await DemoData.load(into: setup, passwordCost: 4)
        let editor = try await ServerProcess.token(setup, "editor1")
        let stored = try #require(try await setup.projects(department: demo.draftDepartment, year: 2025).first)
        try await setup.close()
        let server = try await ServerProcess.start(url)
        defer { server.process.terminate() }
        let project = server.base + "/api/v1/tables/2025/" + demo.draftDepartment.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "/projects/\(stored.id)"
        let save: [String: Any] = ["version": stored.version, "name": stored.project.name, "goal": "锁住时保存", "amounts_fen": ["fiscal": 123_400, "special": 0, "other": 0], "indicators": []]

        let holder = try await ServerProcess.offThePool { Result { try Holder(path) } }.get()
        // Reads go on beside the lock: the public page, and the API (the token's use is noted
        // when the file lets go).
        let seedPage = server.base + "/tables/2025/" + demo.seedDepartment.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(await ServerProcess.request("GET", seedPage, token: "").status == 200)
        #expect(await ServerProcess.request("GET", project, token: editor, timeout: 30).status == 200)
        // A save waits out the busy timeout, then is refused with a reason to retry.
        let started = ContinuousClock.now
        let refused = await ServerProcess.request("PUT", project, token: editor, save, timeout: 30)
        let problem = (try? JSONSerialization.jsonObject(with: refused.body)) as? [String: Any] ?? [:]
        #expect(refused.status == 503, "\(problem)")
        #expect((problem["detail"] as? String)?.isEmpty == false)
        #expect(ContinuousClock.now - started >= .seconds(SQLiteRepository.busyTimeoutSeconds - 1))
        // The command line too: exit 2, the file named.
        let seed = try await ServerProcess.offThePool { Result { try CommandLineTests.run(["import", CommandLineTests.seed, "--year", "2024", "--database", url]) } }.get()
        #expect(seed.status == 2 && seed.stderr.contains(path) && seed.stderr.contains("locked by another process"), "\(seed.stderr)")
        holder.release()

        // Free again: the same save goes through, once.
        let saved = await ServerProcess.request("PUT", project, token: editor, save)
        let body = (try? JSONSerialization.jsonObject(with: saved.body)) as? [String: Any] ?? [:]
        #expect(saved.status == 200 && body["version"] as? Int == stored.version + 1, "\(body)")
        #expect(try CommandLineTests.run(["import", CommandLineTests.seed, "--year", "2024", "--database", url]).status == 0)
    }
}
