import Foundation
import JixiaoCore
@testable import JixiaoFormats
import JixiaoSynthetic
import PropertyBased
import JixiaoTestSupport
import Testing

@Suite struct XLSXWriterTests {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-xlsx-test-\(UUID().uuidString)-\(name)")
    }

    /// Runs the openpyxl check: the workbook holds each table as its text form does.
    static func openpyxlAgrees(_ book: URL, _ tables: [BudgetTable]) throws -> String {
        var texts: [String] = []
        for (i, table) in tables.enumerated() {
            let text = temporary("t\(i).txt")
            try Data(DisclosureTextWriter.bytes(table)).write(to: text)
            texts.append(text.path)
        }
        defer { for t in texts { try? FileManager.default.removeItem(atPath: t) } }
        let run = try ProcessRunner.run("/usr/bin/env", ["python3", Fixtures.directory.appendingPathComponent("xlsx_matches_text.py").path, book.path] + texts)
        return (String(decoding: run.stdout, as: UTF8.self) + run.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theSeedOpensInOpenpyxlAsTheSameTable() throws {
        let seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        let book = Self.temporary("seed.xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        try XLSXWriter.write([seed], to: book.path)
        #expect(try Self.openpyxlAgrees(book, [seed]) == "ok")
    }

    /// Generated tables with quoted, tabbed and multi-line goals, several in one workbook
    /// (the bulk export), and text that XML cannot carry as it is.
    @Test func generatedTablesInOneWorkbook() async throws {
        var tables: [BudgetTable] = []
        for seed in UInt64(1)...3 {
            var generator = TableGenerator(seed: seed)
            tables.append(generator.table(projects: 150, units: 4))
        }
        tables[1].units[0].projects[0].goal = "控制字符\u{1}与 _x0041_ 与 <标签> & \"引号\""
        tables[2].department = tables[0].department
        let book = Self.temporary("bulk.xlsx")
        defer { try? FileManager.default.removeItem(at: book) }
        try XLSXWriter.write(tables, to: book.path)
        // openpyxl shows OOXML's escapes as stored (Excel undoes them): the control character
        // as _x0001_ and the literal "_x0041_" protected as _x005F_x0041_. All else matches.
        var expected = tables
        expected[1].units[0].projects[0].goal = "控制字符_x0001_与 _x005F_x0041_ 与 <标签> & \"引号\""
        let result = try Self.openpyxlAgrees(book, expected)
        #expect(result == "ok", "\(result)")
    }

    @Test func sheetNamesAreValidAndUnique() {
        var table = try! DisclosureTextReader.read(Fixtures.seedBytes).table
        table.department = "广州市[越秀区]:财政局*审计?/部门\\很长很长很长很长很长很长很长很长很长很长"
        let names = XLSXWriter.sheetNames([table, table, table].map(\.department))
        #expect(names.allSatisfy { $0.count <= 31 && !$0.contains { "[]:*?/\\".contains($0) } })
        #expect(Set(names.map { $0.lowercased() }).count == 3)
    }

    @Test func xmlTextEscapesRoundTrip() async {
        // Control characters, markup, underscores and Chinese, mixed.
        let pieces = Gen.unicodeScalar(in: "\u{0}"..."\u{7F}").map { String($0) }
        let chinese = Gen.unicodeScalar(in: "\u{4E00}"..."\u{4E20}").map { String($0) }
        let escapes = Gen.int(in: 0...0x10).map { "_x" + XMLText.hex4(UInt32($0 * 0x11)) + "_" }
        let texts = Gen.oneOf(pieces, chinese, escapes).array(of: 0...20).map { $0.joined() }
        await propertyCheck(input: texts) { text in
            let escaped = XMLText.escaped(text)
            #expect(!escaped.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0 == "<" })
            let unxml = escaped.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
            #expect(XMLText.unescape(unxml) == text)
        }
    }

    @Test func aFailedWriteLeavesNothing() throws {
        let dir = Self.temporary("no-such-dir")
        let seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        #expect(throws: (any Error).self) { try XLSXWriter.write([seed], to: dir.appendingPathComponent("x/y.xlsx").path) }
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}
