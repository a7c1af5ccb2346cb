import Foundation
import JixiaoCore
@testable import JixiaoFormats
import Testing

/// Issue 14's findings in the readers and writers, each with the input that showed it.
@Suite struct ProbeFindingsFormatTests {
    static func read(_ format: TableFormat, _ bytes: [UInt8], inflateLimit: Int = XLSXArchive.maximumTotalBytes) -> String {
        do {
            _ = try format.read(bytes, fileName: "x", inflateLimit: inflateLimit)
            return "read"
        } catch {
            return error.description
        }
    }

    // MARK: Finding 2 — an amount that rounds past Int64.max

    @Test func anAmountRoundingPastInt64IsRefusedNamingTheCell() throws {
        let bytes = Array(try Data(contentsOf: Fixtures.directory.appendingPathComponent("overflow-amount.xlsx")))
        #expect(Self.read(.xlsx, bytes) == #"x: sheet "绩效目标表", row 7, column 财政拨款: "9223372036854.7758075" is beyond the largest amount a table may state (10 万亿元)"#)
        // In 万元 (6 decimals of 分) these reach Int64.max before or by the rounding carry.
        for text in ["9223372036854.7758075", "9223372036854.7758079", "-9223372036854.7758075", "92233720368547758.07", "9.2233720368547758075E12"] {
            #expect(throws: MoneyParseError.outOfRange, "\(text)") { try Money(excelNumber: text, in: .wanYuan) }
        }
        // In 元 the same digits are a legal amount, or the carry of the largest Int64.
        #expect(try Money(excelNumber: "9223372036854.7758075", in: .yuan) == Money(fen: 922_337_203_685_478))
        #expect(throws: MoneyParseError.outOfRange) { try Money(excelNumber: "92233720368547758.075", in: .yuan) }
        #expect(try Money(excelNumber: "86.299999999999997", in: .wanYuan) == Money(fen: 86_300_000))
    }

    // MARK: Finding 4 — a padded zip bomb inside the ratio check

    /// A sheet that honestly declares 100 MiB, padded with an incompressible entry so the
    /// archive stays under 200:1: the upload's cap refuses it before inflating a byte.
    @Test func aPaddedBombIsRefusedByTheInflateCap() throws {
        var random = SystemRandomNumberGenerator()
        let padding = Data((0..<(600 << 10)).map { _ in UInt8.random(in: 0...255, using: &random) })
        let sheet = Data(repeating: 0x20, count: 100 << 20)
        let bytes = try HostileWorkbookTests.workbook([("xl/worksheets/sheet1.xml", sheet), ("xl/media/padding.bin", padding)])
        let archive = try ZipReader(bytes)
        let declared = archive.entries.reduce(0) { $0 + $1.uncompressedSize }
        let compressed = archive.entries.reduce(0) { $0 + $1.compressedSize }
        #expect(declared / compressed < XLSXArchive.maximumRatio, "the bomb must pass the ratio check to test the cap")
        #expect(Self.read(.xlsx, bytes, inflateLimit: 64 << 20) == "x: refused: the workbook would inflate to more than 64 MiB (a zip bomb?)")
    }

    // MARK: Finding 9 — formulas in the CSV download

    @Test func csvCellsThatLookLikeFormulasAreNeutralisedAndReadBack() throws {
        var table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        let hostile = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "'引号开头", "''两个引号", "-3.00"]
        for (i, name) in hostile.enumerated() { table.units[0].projects[i].name = name }
        table.units[0].projects[0].goal = "=1+2"
        let csv = String(decoding: TableCSV.write(table), as: UTF8.self)
        for line in csv.split(separator: "\r\n") {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                let text = cell.hasPrefix("\"") ? String(cell.dropFirst()) : String(cell)
                if let first = text.first, "=+@\t\r".contains(first) { Issue.record("a live formula cell: \(text.prefix(40))") }
                if text.hasPrefix("-"), Double(text) == nil { Issue.record("a live formula cell: \(text.prefix(40))") }
            }
        }
        #expect(csv.contains(#"'=HYPERLINK("#) && csv.contains("'@SUM(A1)") && csv.contains("'''两个引号"))
        // Plain negative numbers stay numbers.
        #expect(TableCSV.formulaGuarded("-3.00") == "-3.00" && TableCSV.formulaGuarded("-3.0.0") == "'-3.0.0")
        // A leading tab or carriage return (which the reader trims from a name anyway) is guarded too.
        #expect(TableCSV.formulaGuarded("\tTAB") == "'\tTAB" && TableCSV.formulaGuarded("\rCR") == "'\rCR")
        #expect(try TableCSV.read(TableCSV.write(table)).table == table)
    }

    // MARK: Finding 10 — a DTD after the first 4 KiB

    @Test func aDTDAnywhereInAPartIsRefused() throws {
        let late = "<?xml version=\"1.0\"?><!--" + String(repeating: "x", count: 5_000) + "--><!DOCTYPE w [<!ENTITY e \"expanded\">]>"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&e;</t></is></c></row></sheetData></worksheet>"
        let bytes = try HostileWorkbookTests.workbook([("xl/worksheets/sheet1.xml", Data(late.utf8))])
        #expect(Self.read(.xlsx, bytes) == "x: refused: \"xl/worksheets/sheet1.xml\" declares a DTD, which a workbook never needs (entity expansion attack?)")
        #expect(XLSXArchive.hasDTD(Array("<a>Hello! <b/> <!-- ok --></a>".utf8)) == false)
        #expect(XLSXArchive.hasDTD(Array("<!ENTITY".utf8)) && !XLSXArchive.hasDTD(Array("<!ENTIT".utf8)))
    }

    // MARK: Finding 13 — sources that sum past the largest amount

    @Test func sourcesSummingPastTheLimitAreRefusedByEveryReader() throws {
        let near = "900,000,000.00" // 万元: nine tenths of Money.limit each
        var text = Fixtures.seedText.replacingOccurrences(of: "编外人员聘用经费\t11.00\t11.00\t\t", with: "编外人员聘用经费\t\(near)\t\(near)\t\(near)\t\(near)")
        #expect(text != Fixtures.seedText)
        #expect(Self.read(.text, Array(text.utf8)).hasPrefix("x: line 12, column 总计: 财政拨款 + 财政专户拨款 + 其他资金 come to more than"))
        var table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        let big = Money(fen: Money.limit.fen * 9 / 10)
        table.units[0].projects[0].amounts = Amounts(total: big, fiscalAppropriation: big, specialAccount: big, otherFunds: big)
        #expect(Self.read(.json, TableJSON.write(table)) == "x: at units[0].projects[0].amounts: 财政拨款 + 财政专户拨款 + 其他资金 come to more than the largest amount a table may state (10 万亿元)")
        #expect(Self.read(.csv, TableCSV.write(table)).contains("column 总计: 财政拨款 + 财政专户拨款 + 其他资金 come to more than"))
        text = ""
    }

    // MARK: Finding 18 — a header cell the reader cannot place

    @Test func anUnknownHeaderCellIsAnErrorNotALostColumn() throws {
        let renamed = Fixtures.seedText.replacingOccurrences(of: "\t绩效目标\t", with: "\tX绩效目标\t")
        #expect(Self.read(.text, Array(renamed.utf8)) == "x: line 9: the header's cell 6 \"X绩效目标\" is not a column of the table (项目名称（资金使用单位）, 总计, 财政拨款, 财政专户拨款, 其他资金, 绩效目标, 绩效指标); rename or remove it")
        let twice = Fixtures.seedText.replacingOccurrences(of: "\t绩效指标\n", with: "\t绩效目标\n")
        #expect(Self.read(.text, Array(twice.utf8)) == "x: line 9: the header names the column 绩效目标 twice")

        let table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        let csv = String(decoding: TableCSV.write(table), as: UTF8.self).replacingOccurrences(of: "绩效目标", with: "X绩效目标")
        #expect(Self.read(.csv, Array(csv.utf8)).hasPrefix("x: line 1: the header's cell "))
        #expect(Self.read(.csv, Array(csv.utf8)).contains("\"X绩效目标\" is not a column Jixiao reads"))

        let json = String(decoding: TableJSON.write(table), as: UTF8.self).replacingOccurrences(of: "\"goal\"", with: "\"goall\"")
        #expect(Self.read(.json, Array(json.utf8)).hasPrefix("x: at units[0].projects[0].goall: unknown key \"goall\""))

        let actuals = "项目名称,指标序号,实际完成值,备注\n编外人员聘用经费,1,2人,x\n"
        #expect(throws: FormatError.self) { try ActualsCSV.read(Array(actuals.utf8), unit: .wanYuan) }
        do {
            _ = try ActualsCSV.read(Array(actuals.utf8), unit: .wanYuan)
        } catch {
            #expect(error.description.contains("\"备注\" is not a column Jixiao reads"))
        }
    }

    /// What JSONDecoder ignored silently, the reader names — at the key, with its path — and
    /// every key the writer writes it knows (the seed reads back).
    @Test func theJSONReaderKnowsEveryKeyTheWriterWrites() throws {
        let table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        #expect(try TableJSON.read(TableJSON.write(table)).table == table)
        #expect(try TableJSON.read(TableJSON.write(table, pretty: true)).table == table)
        #expect(throws: FormatError("at units[0].projects[0].goall: unknown key \"goall\" (not part of the \(TableJSON.formatName) document; its content would be lost)")) {
            try TableJSON.read(Array(#"{"format": "x", "units": [{"projects": [{"goall": "y"}]}]}"#.utf8))
        }
        // Types, missing keys and syntax, each named where it is.
        let cases: [(String, String)] = [
            (#"{"format": 1}"#, "at format: expected a string, found a number"),
            (#"{"units": [{"name": "u", "amounts": {"total": {"fen": 1.5, "amount": "x"}}}]}"#, "at units[0].amounts.total.fen: expected a whole number"),
            (#"{"units": [{"name": "u"}]}"#, "at units[0]: the key \"amounts\" is missing"),
            ("{\"format\": \"a\nb\"}", "not valid JSON (line 1, column 14: a control character inside a string must be escaped)"),
            (#"{"format": "\ud800"}"#, "not valid JSON (line 1, column 19: a \\u escape of a high surrogate without its low surrogate)"),
        ]
        for (json, message) in cases {
            #expect(throws: FormatError(message), "\(json)") { try TableJSON.read(Array(json.utf8)) }
        }
        let trailing = String(decoding: TableJSON.write(table), as: UTF8.self) + "[]"
        #expect(throws: FormatError("not valid JSON (line 2, column 1: more after the document's closing })")) { try TableJSON.read(Array(trailing.utf8)) }
        // Nested as deep as anyone likes where the document holds no arrays: refused at once.
        let deep = "{\"format\": " + String(repeating: "[", count: 100_000) + "}"
        #expect(throws: FormatError("at format: expected a string, found an array")) { try TableJSON.read(Array(deep.utf8)) }
    }
}
