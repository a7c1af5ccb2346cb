import Foundation
import JixiaoCore
@testable import JixiaoFormats
import Testing

/// Every input the fuzzers found a fault with (`fuzz/crashes`, docs/fuzzing.md), run through
/// what its target checks: read without trapping, and what is read travels through the
/// formats unchanged.
@Suite struct FuzzFindingsTests {
    static let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz/crashes")

    static func inputs(_ target: String) throws -> [(String, [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: crashes.path).filter { $0.hasPrefix(target + "-") }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: crashes.appendingPathComponent($0)))) }
    }

    /// Text and CSV inputs: `"a"<TAB>` at the very end (a quoted cell and a delimiter read past
    /// the input); an ASCII comma in a cell (the CSV writer left it unquoted); a table without
    /// rows (its CSV had none to read back); a NUL character in UTF-16 text (written as a NUL
    /// byte, which no reader takes). Reading may refuse them but must not trap; what it reads
    /// comes back the same through text, JSON and CSV.
    @Test func delimitedInputsReadOrAreRefusedAndComeBackTheSame() throws {
        let text = try Self.inputs("FuzzDisclosureText") + Self.inputs("FuzzTableCSV") + Self.inputs("FuzzActualsCSV")
        #expect(text.count >= 7)
        var read = 0
        for (name, bytes) in text {
            for table in [try? DisclosureTextReader.read(bytes).table, try? TableCSV.read(bytes).table].compactMap({ $0 }) {
                read += 1
                #expect((try? DisclosureTextReader.read(DisclosureTextWriter.bytes(table)).table) == table, "text: \(name)")
                #expect((try? TableJSON.read(TableJSON.write(table)).table) == table, "JSON: \(name)")
                #expect((try? TableCSV.read(TableCSV.write(table)).table) == table, "CSV: \(name)")
            }
            _ = try? ActualsCSV.read(bytes, unit: .wanYuan)
        }
        #expect(read >= 3, "the comma and empty-table inputs read as tables")
        let records = DelimitedText(utf8: Array("\"a\"\t".utf8), delimiter: UInt8(ascii: "\t")).records
        #expect(records.count == 1 && records[0].cells.count == 2)
        var out = ByteOutput(capacity: 16)
        DelimitedCell.append("a,b", delimiter: UInt8(ascii: ","), to: &out)
        #expect(out.bytes == Array("\"a,b\"".utf8))
        let utf16: [UInt8] = [0xFF, 0xFE] + "项目名称\u{0}".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: FormatError.self) { try DisclosureTextReader.read(utf16) }
    }

    /// A numbered item with nothing after it (`1、`) is an empty unparsed item; its CSV row
    /// states only the number and came back as an indicator with an empty name.
    @Test func anEmptyNumberedItemComesBackThroughCSV() throws {
        var table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        table.units[0].projects[2].indicators = IndicatorCellGrammar.parse("1、")
        #expect(table.units[0].projects[2].indicators == [Indicator(ordinal: 1, unparsedText: "")])
        #expect(try TableCSV.read(TableCSV.write(table)).table == table)
        #expect(try TableJSON.read(TableJSON.write(table)).table == table)
        #expect(try DisclosureTextReader.read(DisclosureTextWriter.bytes(table)).table == table)
    }

    /// A quoted title cell spanning lines (and a department with a tab) read as one title; the
    /// text writer wrote it bare, and its lines read back as other lines of the preamble.
    @Test func aTitleWithALineBreakComesBackThroughText() throws {
        var table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        table.title = "项目支出绩效目标表\n（含转移支付项目）"
        table.department += "\t二"
        let text = DisclosureTextWriter.bytes(table)
        #expect(String(decoding: text.prefix(40), as: UTF8.self).hasPrefix("\"项目支出绩效目标表\n"))
        #expect(try DisclosureTextReader.read(text).table == table)
        // The seed's own title and department stay bare: its canonical text is unchanged.
        #expect(String(decoding: DisclosureTextWriter.bytes(try DisclosureTextReader.read(Fixtures.seedBytes).table), as: UTF8.self) == Fixtures.seedCanonical)
    }

    /// An item whose text ends in a digit, then a numbered item: written without a space, the
    /// two read back as one (`…952、…`).
    @Test func indicatorItemsEndingInADigitComeBackApart() throws {
        let found = try Self.inputs("FuzzIndicatorCell")
        #expect(found.count >= 2)
        for (name, bytes) in found {
            let indicators = IndicatorCellGrammar.parse(String(decoding: bytes, as: UTF8.self))
            #expect(IndicatorCellGrammar.parse(IndicatorCellGrammar.format(indicators)) == indicators, "\(name)")
        }
        let copied = "1、工作完成率达到95 2、1-产出指标：11-数量指标：聘用人数；年度指标值：≥2人。"
        let indicators = IndicatorCellGrammar.parse(copied)
        #expect(indicators.count == 2)
        #expect(IndicatorCellGrammar.format(indicators) == copied)
        // The sheet puts each item on its own line; it reads back the same too.
        var lines = ""
        IndicatorCellGrammar.appendCell(indicators, separator: "\n", to: &lines)
        #expect(IndicatorCellGrammar.parse(lines) == indicators)
    }
}
