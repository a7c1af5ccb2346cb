import Foundation
import JixiaoCore
@testable import JixiaoFormats
import Testing

/// Copies of the seed as real copies look, each made here from the seed's bytes; every one
/// reads into the seed's table and writes back as the canonical seed.
@Suite struct SeedVariantTests {
    static let seed = Fixtures.seedText
    static var seedLines: [String] { seed.components(separatedBy: "\n") }

    /// Applies `transform` to each data row's cells (rows after the header).
    static func mapCells(_ transform: (Int, String) -> String) -> String {
        var pastHeader = false
        return seedLines.map { line in
            if line.hasPrefix("项目名称") {
                pastHeader = true
                return line
            }
            guard pastHeader else { return line }
            return line.components(separatedBy: "\t").enumerated().map { transform($0.offset, $0.element) }.joined(separator: "\t")
        }.joined(separator: "\n")
    }

    static let variants: [(String, [UInt8])] = {
        let utf8 = Array(seed.utf8)
        return [
            ("UTF-8 with BOM", [0xEF, 0xBB, 0xBF] + utf8),
            ("CRLF", Array(seed.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ("CR", Array(seed.replacingOccurrences(of: "\n", with: "\r").utf8)),
            ("GB18030", Array(seed.data(using: TextDecoding.gb18030)!)),
            ("UTF-16LE with BOM (Excel Unicode text)", [0xFF, 0xFE] + Array(seed.data(using: .utf16LittleEndian)!)),
            ("no blank lines in the header", Array(seed.replacingOccurrences(of: "\n\n", with: "\n").utf8)),
            ("more blank lines in the header", Array(("\n\n\n" + seed.replacingOccurrences(of: "\n\n", with: "\n\n\n\t\t\n")).utf8)),
            ("half-width colon after 部门名称", Array(seed.replacingOccurrences(of: "部门名称：", with: "部门名称: ").utf8)),
            ("padded cells", Array(mapCells { _, cell in cell.isEmpty ? cell : "  \(cell)\u{3000}" }.utf8)),
            ("missing trailing empty cells", Array(seedLines.map { line in
                var l = line
                while l.hasSuffix("\t") { l.removeLast() }
                return l
            }.joined(separator: "\n").utf8)),
            ("every cell quoted", Array(mapCells { _, cell in "\"" + cell + "\"" }.utf8)),
            ("half-width delimiters in indicator cells", Array(mapCells { column, cell in
                column == 6 ? cell.replacingOccurrences(of: "：", with: ":").replacingOccurrences(of: "；", with: ";") : cell
            }.utf8)),
            ("stray spaces around delimiters", Array(mapCells { column, cell in
                column == 6 ? cell.replacingOccurrences(of: "：", with: " ： ").replacingOccurrences(of: "；", with: " ；").replacingOccurrences(of: "、", with: "、 ") : cell
            }.utf8)),
            ("line breaks between items, quoted", Array(mapCells { column, cell in
                column == 6 && !cell.isEmpty ? "\"" + cell.replacingOccurrences(of: "。", with: "。\r\n") + "\"" : cell
            }.utf8)),
            ("header with half-width brackets", Array(seed.replacingOccurrences(of: "项目名称（资金使用单位）", with: "项目名称(资金使用单位)").utf8)),
            ("blank rows between data rows", Array(seed.replacingOccurrences(of: "\n广州市越秀区高层次", with: "\n\t\t\t\t\t\t\n\n广州市越秀区高层次").utf8)),
            ("trailing newlines", Array((seed + "\n\n").utf8)),
        ]
    }()

    @Test(arguments: variants.map(\.0))
    func readsAsTheSeed(name: String) throws {
        let bytes = try #require(Self.variants.first { $0.0 == name }?.1)
        let expected = try DisclosureTextReader.read(Fixtures.seedBytes).table
        let read = try DisclosureTextReader.read(bytes, fileName: name)
        #expect(read.table == expected)
        #expect(DisclosureTextWriter.write(read.table) == Fixtures.seedCanonical)
    }

    @Test func theVariantsReallyDiffer() {
        // Guards the test itself: every variant is a different byte string from the seed.
        let seed = Fixtures.seedBytes
        for (name, bytes) in Self.variants {
            #expect(bytes != seed, "\(name)")
        }
        #expect(Set(Self.variants.map(\.1)).count == Self.variants.count)
    }
}
