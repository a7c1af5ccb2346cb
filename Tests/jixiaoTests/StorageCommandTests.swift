import Foundation
import Testing

/// `jixiao import/export/list` as a person runs them, and an import killed half-way.
@Suite(.serialized) struct StorageCommandTests {
    typealias CLI = CommandLineTests

    static var databases: [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-db-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return ["sqlite:" + dir.appendingPathComponent("t.sqlite").path] + (ProcessInfo.processInfo.environment["JIXIAO_TEST_POSTGRES_URL"].map { [$0] } ?? [])
    }

    @Test func importExportList() throws {
        for database in Self.databases {
            let dir = try CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            var generated = try CLI.run(["generate", "--projects", "120", "--seed", "\(Int.random(in: 1...1_000_000))", dir.appendingPathComponent("g.txt").path])
            #expect(generated.status == 0)
            let input = dir.appendingPathComponent("g.txt").path
            let department = String(decoding: try CLI.run(["convert", input, "-", "--to", "json"]).stdout, as: UTF8.self)
                .components(separatedBy: "\"department\":\"")[1].components(separatedBy: "\"")[0]
            generated = try CLI.run(["import", input, "--year", "2024", "--replace", "--database", database])
            #expect(generated.status == 0, "\(generated.stderr)")
            let again = try CLI.run(["import", input, "--year", "2024", "--database", database])
            #expect(again.status == 2 && again.stderr.contains("--replace"))
            let out = dir.appendingPathComponent("back.txt").path
            #expect(try CLI.run(["export", "--year", "2024", "--department", department, "--database", database, out]).status == 0)
            // The text that went in, with the year it is filed under (its title states none).
            let sent = try String(contentsOf: URL(fileURLWithPath: input), encoding: .utf8)
            #expect(try String(contentsOf: URL(fileURLWithPath: out), encoding: .utf8)
                    == sent.replacingOccurrences(of: "\n\n单位：", with: "\n\n预算年度：2024\n\n单位："))
            let list = String(decoding: try CLI.run(["list", "--database", database]).stdout, as: UTF8.self)
            #expect(list.contains("2024\t草稿\t3\t120\t"))
            // A file with a read error imports nothing.
            try Data("项目支出绩效目标表\n部门名称：坏表\n".utf8).write(to: dir.appendingPathComponent("bad.txt"))
            let bad = try CLI.run(["import", dir.appendingPathComponent("bad.txt").path, "--year", "2024", "--database", database])
            #expect(bad.status == 2)
            #expect(!String(decoding: try CLI.run(["list", "--database", database]).stdout, as: UTF8.self).contains("坏表"))
        }
    }

    /// SIGKILL in the middle of a large import leaves the department fully imported or absent.
    @Test func anImportKilledHalfWayLeavesAllOrNothing() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("big.txt").path
        #expect(try CLI.run(["generate", "--projects", "30000", "--seed", "4", input]).status == 0)
        for database in Self.databases {
            for delay in [0.4, 0.9, 1.6] {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: CLI.binary)
                process.arguments = ["import", input, "--year", "2023", "--replace", "--database", database]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                Thread.sleep(forTimeInterval: delay)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let list = String(decoding: try CLI.run(["list", "--database", database]).stdout, as: UTF8.self)
                let rows = list.split(separator: "\n").filter { $0.hasPrefix("2023\t") }
                #expect(rows.count <= 1)
                if let row = rows.first { #expect(row.contains("\t30000\t"), "a partial import: \(row)") }
            }
        }
    }
}
