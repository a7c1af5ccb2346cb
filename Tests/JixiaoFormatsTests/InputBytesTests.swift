import Foundation
import JixiaoCore
import JixiaoTestSupport
@testable import JixiaoFormats
import Testing

/// Readers that hand back what they have read (`InputBytes`): a file read that way gives the
/// same table as its bytes read as an array, with batches small enough that most of the file
/// is handed back while it is read.
@Suite struct InputBytesTests {
    static func file(_ bytes: [UInt8], _ suffix: String) throws -> InputBytes {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-input-\(UUID().uuidString)\(suffix)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try #require(InputBytes(path: path))
    }

    static func tables() -> [BudgetTable] {
        (0..<3).map { i in
            var table = RoundTripTests.generated(seed: 40 + UInt64(i), projects: 150 + 40 * i, units: 2 + i)
            table.department = "第\(i)部门" + table.department
            table.fiscalYear = 2025
            return table
        }
    }

    @Test func aCSVFileReadInSmallBatchesIsTheTable() throws {
        for table in Self.tables() {
            let bytes = TableCSV.write(table)
            let input = try Self.file(bytes, ".csv")
            #expect(input.count == bytes.count)
            #expect(try TableCSV.read(input, batchSize: 7).table == table)
            #expect(input.released > 0 && input.released < input.count)
        }
    }

    @Test func aYearsCSVAndJSONLinesReadInSmallBatchesAreTheTables() throws {
        let tables = Self.tables()
        let csv = tables.enumerated().flatMap { i, table in i == 0 ? TableCSV.write(table) : Array(TableCSV.write(table).dropFirst(TableCSV.head.count)) }
        #expect(try BulkReader.csv(try Self.file(csv, ".csv"), batchSize: 5).map(\.table) == tables)
        let lines = tables.flatMap { TableJSON.write($0) }
        #expect(try BulkReader.read(try Self.file(lines, ".jsonl"), format: .jsonl).map(\.table) == tables)
    }

    @Test func aJSONFileReadInSmallBatchesIsTheTable() throws {
        for table in Self.tables() {
            let input = try Self.file(TableJSON.write(table), ".json")
            #expect(try TableJSONReader.table(input, batchSize: 5) == table)
            #expect(input.released > 0 && input.released < input.count)
        }
    }

    /// A CSV in GB18030 read from a file: found not to be UTF-8 before anything is handed back,
    /// then read again converted.
    @Test func aGB18030FileIsReadConverted() throws {
        let table = Self.tables()[0]
        let text = String(decoding: TableCSV.write(table).dropFirst(3), as: UTF8.self)
        let gb = try #require(text.data(using: TextDecoding.gb18030))
        #expect(try TableCSV.read(try Self.file(Array(gb), ".csv"), batchSize: 7).table == table)
    }

    @Test func anEmptyFileIsNoBytes() throws {
        let input = try Self.file([], ".csv")
        #expect(input.count == 0)
        #expect(throws: FormatError.self) { try TableCSV.read(input) }
    }
}
