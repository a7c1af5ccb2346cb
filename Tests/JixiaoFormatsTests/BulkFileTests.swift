import Foundation
import JixiaoCore
import JixiaoTestSupport
@testable import JixiaoFormats
import PropertyBased
import Testing

/// A year's tables in one file (`BulkWriter`, `BulkReader`): every format gives back each
/// table it was given, in order; a failed write leaves nothing at the path.
@Suite struct BulkFileTests {
    static func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bulk-test-\(UUID().uuidString)-\(name)").path
    }

    static func write(_ tables: [BudgetTable], _ format: BulkFormat) throws -> [UInt8] {
        let path = path("year.\(format.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try BulkWriter(path, format: format)
        for table in tables { try writer.append(table) }
        try writer.finish()
        #expect(writer.tableCount == tables.count && writer.projectCount == tables.reduce(0) { $0 + $1.projectCount })
        return try #require(FileBytes.read(path))
    }

    @Test(arguments: BulkFormat.allCases)
    func aYearReadsBackTableByTable(format: BulkFormat) async throws {
        var seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        seed.fiscalYear = 2025
        // The body is a function of its own: inlined into the async closure, Swift 6.3.1's
        // optimiser crashed splitting the coroutine (release build with -enable-testing).
        await propertyCheck(count: 12, input: RoundTripTests.seeds, Gen.int(in: 1...4)) { [seed] first, count in
            try Self.roundTrip(seed, first: first, count: count, format: format)
        }
    }

    static func roundTrip(_ seed: BudgetTable, first: UInt64, count: Int, format: BulkFormat) throws {
        var tables = [seed]
        for i in 0..<count {
            var table = RoundTripTests.generated(seed: first &+ UInt64(i), projects: 1 + i * 7, units: 1 + i % 3)
            table.fiscalYear = 2025
            // Department names unique in the year, as the database keeps them.
            table.department = "第\(i)部门" + table.department
            tables.append(table)
        }
        let back = try BulkReader.read(try write(tables, format), format: format).map(\.table)
        #expect(back == tables)
    }

    /// The year's CSV is each table's CSV with the head said once.
    @Test func theYearsCSVIsTheTablesCSVsUnderOneHead() throws {
        let a = RoundTripTests.generated(seed: 3, projects: 30, units: 2)
        var b = RoundTripTests.generated(seed: 4, projects: 5, units: 1)
        b.department = "另一个部门"
        let bulk = try Self.write([a, b], .csv)
        #expect(bulk == TableCSV.write(a) + TableCSV.write(b).dropFirst(TableCSV.head.count))
        // JSON Lines: the compact documents, a line each.
        let lines = try Self.write([a, b], .jsonl)
        #expect(lines == TableJSON.write(a) + TableJSON.write(b) && lines.filter { $0 == 0x0A }.count == 2)
    }

    @Test func aBrokenLineIsNamed() throws {
        let a = RoundTripTests.generated(seed: 5, projects: 3, units: 1)
        let bytes = TableJSON.write(a) + Array("\n{\"format\":1}\n".utf8)
        #expect(throws: FormatError.self) { try BulkReader.read(bytes, format: .jsonl, fileName: "2025.jsonl") }
        do {
            _ = try BulkReader.read(bytes, format: .jsonl, fileName: "2025.jsonl")
        } catch {
            #expect(error.description.contains("2025.jsonl") && error.description.contains("line 3"), "\(error)")
        }
    }

    /// Abandoned (a table failed to load, the disk filled): nothing is left at the path or beside it.
    @Test(arguments: BulkFormat.allCases)
    func anAbandonedFileLeavesNothing(format: BulkFormat) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bulk-abandon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("year.\(format.rawValue)").path
        try Data("the year before".utf8).write(to: URL(fileURLWithPath: path))
        let writer = try BulkWriter(path, format: format)
        try writer.append(RoundTripTests.generated(seed: 6, projects: 40, units: 2))
        writer.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["year.\(format.rawValue)"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "the year before")
    }

    @Test func gzipGivesTheFileBack() throws {
        let source = Self.path("plain.csv"), zipped = Self.path("plain.csv.gz")
        defer { for p in [source, zipped] { try? FileManager.default.removeItem(atPath: p) } }
        let bytes = TableCSV.write(RoundTripTests.generated(seed: 8, projects: 400, units: 4))
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let size = try GzipFile.compress(source, to: zipped)
        #expect(size > 0 && size < bytes.count / 4)
        let unzipped = try ProcessRunner.run("/usr/bin/gzip", ["-dc", zipped])
        #expect(unzipped.status == 0 && Array(unzipped.stdout) == bytes)
    }
}
