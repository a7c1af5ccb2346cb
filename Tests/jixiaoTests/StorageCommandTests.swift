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

    /// `export --all`: the year in one file per format, which `import` reads back table by
    /// table into another database; a file of no such kind, or a year with no table, is refused.
    @Test func aYearExportsWholeAndImportsBack() throws {
        for database in Self.databases {
            let dir = try CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let year = "\(Int.random(in: 2060...2099))"
            var departments: [String] = []
            for seed in 1...3 {
                let input = dir.appendingPathComponent("g\(seed).txt").path
                #expect(try CLI.run(["generate", "--projects", "\(seed * 40)", "--seed", "\(seed + 90)", input]).status == 0)
                let imported = try CLI.run(["import", input, "--year", year, "--replace", "--database", database])
                #expect(imported.status == 0, "\(imported.stderr)")
                departments.append(String(decoding: try CLI.run(["convert", input, "-", "--to", "json"]).stdout, as: UTF8.self)
                    .components(separatedBy: "\"department\":\"")[1].components(separatedBy: "\"")[0])
            }
            for ext in ["csv", "jsonl", "xlsx"] {
                let out = dir.appendingPathComponent("\(year).\(ext)").path
                let exported = try CLI.run(["export", "--year", year, "--all", out, "--database", database])
                #expect(exported.status == 0 && String(decoding: exported.stdout, as: UTF8.self).contains("3 张表，240 个项目"), "\(exported.stderr)")
                // Into a database of its own: the same three tables, each exported alone as before.
                let copy = "sqlite:" + dir.appendingPathComponent("copy-\(ext).sqlite").path
                let imported = try CLI.run(["import", out, "--database", copy])
                #expect(imported.status == 0, "\(ext): \(imported.stderr)")
                for department in departments {
                    let original = try CLI.run(["export", "--year", year, "--department", department, "--database", database, "-", "--to", "json"])
                    let back = try CLI.run(["export", "--year", year, "--department", department, "--database", copy, "-", "--to", "json"])
                    #expect(original.status == 0 && back.stdout == original.stdout, "\(ext) \(department)")
                }
            }
            // Only what the public reads: nothing of this year is published.
            let none = try CLI.run(["export", "--year", year, "--all", "--published", dir.appendingPathComponent("p.csv").path, "--database", database])
            #expect(none.status == 2 && none.stderr.contains("no published \(year) table"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("p.csv").path))
            #expect(try CLI.run(["export", "--year", year, "--all", dir.appendingPathComponent("y.txt").path, "--database", database]).status != 0)
            // A year's CSV read as one table is refused, naming the line where the second begins.
            let folded = try CLI.run(["convert", dir.appendingPathComponent("\(year).csv").path, dir.appendingPathComponent("one.txt").path])
            #expect(folded.status == 2 && folded.stderr.contains("more than one table"), "\(folded.stderr)")
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
