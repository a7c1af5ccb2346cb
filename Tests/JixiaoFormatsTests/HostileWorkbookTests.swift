import Foundation
@testable import JixiaoFormats
import Testing

/// Workbooks made to hurt a reader: each is refused with a clear message, in bounded memory.
@Suite struct HostileWorkbookTests {
    static let workbookXML = """
    <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
    """
    static let relationships = """
    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
    """

    /// A workbook of the given parts (the workbook and its relationships added).
    static func workbook(_ parts: [(String, Data)]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var zip = try ZipWriter(path: path)
        for (path, data) in [("xl/workbook.xml", Data(workbookXML.utf8)), ("xl/_rels/workbook.xml.rels", Data(relationships.utf8))] + parts {
            try zip.add(path, Array(data))
        }
        try zip.finish()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func sheet(_ body: String) -> Data {
        Data("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(body)</sheetData></worksheet>".utf8)
    }

    static func message(_ bytes: [UInt8]) -> String {
        do {
            _ = try XLSXReader.read(bytes, fileName: "x.xlsx")
            return "read"
        } catch {
            return error.description
        }
    }

    @Test func aZipBombIsRefused() throws {
        let bomb = Data(repeating: 0x20, count: 40 << 20)
        let bytes = try Self.workbook([("xl/worksheets/sheet1.xml", bomb)])
        #expect(bytes.count < 1 << 20)
        #expect(Self.message(bytes).hasPrefix("x.xlsx: refused: \"xl/worksheets/sheet1.xml\" inflates"))
    }

    /// An entry that declares a small size and inflates to more is stopped at the declared size.
    @Test func anEntryThatLiesAboutItsSizeIsRefused() throws {
        let body = Self.sheet(String(repeating: "<row r=\"1\"/>", count: 20_000))
        var bytes = try Self.workbook([("xl/worksheets/sheet1.xml", body)])
        // Rewrite the sheet entry's uncompressed size, in its local and central headers, to 100.
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        for (signature, sizeOffset, nameOffset) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 22, 30), ([0x50, 0x4B, 0x01, 0x02], 24, 46)] {
            for i in 0..<(bytes.count - nameOffset - name.count) where Array(bytes[i..<(i + 4)]) == signature && Array(bytes[(i + nameOffset)..<(i + nameOffset + name.count)]) == name {
                bytes.replaceSubrange((i + sizeOffset)..<(i + sizeOffset + 4), with: [100, 0, 0, 0])
            }
        }
        #expect(Self.message(bytes) == "x.xlsx: refused: \"xl/worksheets/sheet1.xml\" inflates beyond the size it declares (a zip bomb?)")
    }

    @Test func anEntryOutsideTheArchiveIsRefused() throws {
        let bytes = try Self.workbook([("xl/worksheets/sheet1.xml", Self.sheet("")), ("xl/../../evil.sh", Data("rm -rf /".utf8))])
        #expect(Self.message(bytes) == "x.xlsx: refused: the workbook holds an entry whose path leaves the archive (\"xl/../../evil.sh\")")
    }

    @Test func aDTDIsRefused() throws {
        let laughs = """
        <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>
        """
        let bytes = try Self.workbook([("xl/worksheets/sheet1.xml", Data(laughs.utf8))])
        #expect(Self.message(bytes) == "x.xlsx: refused: \"xl/worksheets/sheet1.xml\" declares a DTD, which a workbook never needs (entity expansion attack?)")
    }

    @Test func absurdDimensionsAreRefused() throws {
        let rows = try Self.workbook([("xl/worksheets/sheet1.xml", Self.sheet("<row r=\"2000000\"><c r=\"A2000000\"><v>1</v></c></row>"))])
        #expect(Self.message(rows) == "x.xlsx: sheet \"S\": refused: the worksheet has a row number out of Excel's range (2000000)")
        let columns = try Self.workbook([("xl/worksheets/sheet1.xml", Self.sheet("<row r=\"1\"><c r=\"ZZZZ1\"><v>1</v></c></row>"))])
        #expect(Self.message(columns) == "x.xlsx: sheet \"S\": refused: the worksheet has a cell reference out of Excel's range (ZZZZ1)")
    }

    @Test func notAWorkbookAtAll() throws {
        #expect(Self.message(Array("项目名称\t总计".utf8)) == "x.xlsx: not an Excel workbook (.xlsx is a ZIP archive; this file is not one)")
        #expect(Self.message([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]) == "x.xlsx: not a readable Excel workbook: the ZIP archive is damaged")
        let noSheet = try Self.workbook([])
        #expect(Self.message(noSheet) == "x.xlsx: not an Excel workbook: it has no xl/worksheets/sheet1.xml")
    }
}
