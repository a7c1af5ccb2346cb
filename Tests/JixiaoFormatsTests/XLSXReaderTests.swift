import Foundation
import JixiaoCore
@testable import JixiaoFormats
import JixiaoSynthetic
import PropertyBased
import JixiaoTestSupport
import Testing

@Suite struct XLSXReaderTests {
    static let seed = try! DisclosureTextReader.read(Fixtures.seedBytes).table

    static func workbook(_ tables: [BudgetTable]) throws -> [UInt8] {
        let path = XLSXWriterTests.temporary("w.xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        try XLSXWriter.write(tables, to: path.path)
        return Array(try Data(contentsOf: path))
    }

    @Test func theSeedThroughExcelAndBack() throws {
        let read = try XLSXReader.read(try Self.workbook([Self.seed]))
        #expect(read.table == Self.seed)
        #expect(DisclosureTextWriter.write(read.table) == Fixtures.seedCanonical)
        // Rows are the sheet's rows: title, 部门名称, header, then 合计 on row 4.
        #expect(read.lines.total == 4)
        #expect(read.lines.units == [5, 16])
    }

    @Test func textToExcelToText() async {
        await propertyCheck(count: 15, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...40), Gen.int(in: 1...5)) { seed, projects, units in
            var generator = TableGenerator(seed: seed)
            let table = generator.table(projects: projects, units: units)
            let back = try XLSXReader.read(try Self.workbook([table])).table
            #expect(DisclosureTextWriter.write(back) == DisclosureTextWriter.write(table))
        }
    }

    /// A sheet of more than 10 MB of XML (libxml2 refuses those when handed them whole).
    @Test func aLargeSheet() throws {
        var generator = TableGenerator(seed: 11)
        let table = generator.table(projects: 12_000)
        let read = try XLSXReader.read(try Self.workbook([table]))
        #expect(read.table == table)
    }

    @Test func everySheetOfABulkExport() throws {
        var generator = TableGenerator(seed: 5)
        let tables = [Self.seed, generator.table(projects: 30, units: 2)]
        let read = try XLSXReader.readAll(try Self.workbook(tables))
        #expect(read.map(\.table) == tables)
    }

    /// One sheet policy for the CLI and the upload (`XLSXReader.readOne`): the sheet named, the
    /// only one, or the one of the department asked for; otherwise refused, naming the sheets.
    @Test func whichSheetIsTheTable() throws {
        var generator = TableGenerator(seed: 6)
        let other = generator.table(projects: 12, units: 2)
        let bulk = try Self.workbook([Self.seed, other])
        #expect(try XLSXReader.readOne(try Self.workbook([other])).table == other)
        #expect(try XLSXReader.readOne(bulk, sheet: "2").table == other)
        #expect(try XLSXReader.readOne(bulk, department: other.department).table == other)
        #expect(try TableFormat.xlsx.read(bulk, department: Self.seed.department).table == Self.seed)
        do {
            _ = try XLSXReader.readOne(bulk, fileName: "全区.xlsx")
            Issue.record("a workbook of two sheets was read as one table")
        } catch {
            #expect(error.description.contains("全区.xlsx") && error.description.contains("2 sheets") && error.description.contains(Self.seed.department))
        }
        do {
            _ = try TableFormat.xlsx.read(bulk, fileName: "全区.xlsx", department: "别的部门")
            Issue.record("a workbook without the department's sheet was read")
        } catch {
            #expect(error.description.contains("none of them 部门名称：别的部门"))
        }
    }

    /// A workbook in a department's own style, written by openpyxl, reads as the seed.
    @Test func aDepartmentsOwnWorkbook() throws {
        let text = XLSXWriterTests.temporary("seed.txt")
        let book = XLSXWriterTests.temporary("department.xlsx")
        defer {
            try? FileManager.default.removeItem(at: text)
            try? FileManager.default.removeItem(at: book)
        }
        try Data(Fixtures.seedCanonical.utf8).write(to: text)
        let made = try ProcessRunner.run("/usr/bin/env", ["python3", Fixtures.directory.appendingPathComponent("make_department_xlsx.py").path, text.path, book.path])
        #expect(made.status == 0, "\(made.stderr)")
        let read = try XLSXReader.read(Array(try Data(contentsOf: book)), fileName: "department.xlsx")
        #expect(read.table == Self.seed)
        #expect(read.lines.total == 6)
    }

    @Test(arguments: [
        ("86.3", Int64(86_300_000)), ("86.299999999999997", 86_300_000), ("86.30000000000001", 86_300_000),
        ("1980.4", 1_980_400_000), ("1.5E-2", 15_000), ("1E+3", 1_000_000_000), ("-3", -3_000_000),
        ("0.0000004", 0), ("0.0000005", 1), ("11", 11_000_000), ("1.2345674E2", 123_456_740),
    ])
    func excelNumbersToFen(text: String, fen: Int64) throws {
        #expect(try Money(excelNumber: text, in: .wanYuan) == Money(fen: fen))
    }

    @Test func notANumber() {
        #expect(throws: MoneyParseError.notANumber) { try Money(excelNumber: "1.2.3", in: .wanYuan) }
        #expect(throws: MoneyParseError.notANumber) { try Money(excelNumber: "", in: .wanYuan) }
    }
}
