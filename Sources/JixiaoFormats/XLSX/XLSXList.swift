import Foundation

/// A plain list as a one-sheet workbook: a bold header row, frozen, filtered and repeated on
/// every printed page, then rows of text in wrapped cells — what a reviewer opens to sort and
/// filter (the review's findings). The package parts are the table workbook's (`XLSXWriter`).
public struct XLSXList: Sendable {
    public var sheetName: String
    public var title: String
    public var header: [String]
    /// Column widths in characters, one a column of the header.
    public var widths: [Double]
    public var rows: [[String]]

    public init(sheetName: String, title: String, header: [String], widths: [Double], rows: [[String]]) {
        (self.sheetName, self.title, self.header, self.widths, self.rows) = (sheetName, title, header, widths, rows)
    }

    public func bytes() throws -> [UInt8] {
        try XLSXPackage.bytes(sheets: [(sheetName, sheet(), 1)], title: title, styles: XLSXStyle.stylesXML)
    }

    /// `A`…`Z`, `AA`…: the column's letters.
    static func column(_ index: Int) -> String {
        var index = index, letters = ""
        repeat {
            letters = String(UnicodeScalar(UInt8(65 + index % 26))) + letters
            index = index / 26 - 1
        } while index >= 0
        return letters
    }

    func sheet() -> String {
        let last = Self.column(max(header.count, 1) - 1) + "\(rows.count + 1)"
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:\(last)"/>\
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
        <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="13.5"/><cols>
        """
        for (i, width) in widths.enumerated() { xml += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>" }
        xml += "</cols><sheetData>"
        for (r, row) in ([header] + rows).enumerated() {
            // As tall as its longest wrapped cell: neither Excel nor LibreOffice fits a row's
            // height to wrapped text on opening, and text then runs over the next row.
            let lines = row.enumerated().map { c, value in SheetWriter.lineCount(value, width: (c < widths.count ? widths[c] : 10) - 1) }.max() ?? 1
            xml += "<row r=\"\(r + 1)\" ht=\"\(Double(max(1, lines)) * 13.5 + 3)\" customHeight=\"1\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                xml += "<c r=\"\(Self.column(c))\(r + 1)\" s=\"\((r == 0 ? XLSXStyle.header : .text).rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                xml += XMLText.escaped(value) + "</t></is></c>"
            }
            xml += "</row>"
        }
        // Page setup as the table's: landscape, one page wide.
        return xml + "</sheetData><autoFilter ref=\"A1:\(last)\"/><pageMargins left=\"0.4\" right=\"0.4\" top=\"0.5\" bottom=\"0.5\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>"
    }
}

/// The parts every workbook of ours has around its sheets (content types, relationships, the
/// workbook with each sheet's print titles, the core properties), packed by our ZIP writer.
enum XLSXPackage {
    /// `sheets`: each sheet's name (made valid and unique here), its XML and the row repeated
    /// atop each printed page (nil: none).
    static func bytes(sheets: [(name: String, xml: String, titleRow: Int?)], title: String, styles: String) throws -> [UInt8] {
        try TemporaryFile.bytes(suffix: ".xlsx") { path in
            var zip = try ZipWriter(path: path)
            do {
                let names = XLSXWriter.sheetNames(sheets.map(\.name))
                try zip.add("[Content_Types].xml", XLSXWriter.contentTypes(sheets: sheets.count))
                try zip.add("_rels/.rels", XLSXWriter.rootRelationships)
                try zip.add("docProps/app.xml", XLSXWriter.appProperties)
                try zip.add("docProps/core.xml", XLSXWriter.coreProperties(title: title))
                try zip.add("xl/workbook.xml", XLSXWriter.workbook(names, titleRows: sheets.map(\.titleRow)))
                try zip.add("xl/_rels/workbook.xml.rels", XLSXWriter.workbookRelationships(sheets: sheets.count))
                try zip.add("xl/styles.xml", styles)
                for (i, sheet) in sheets.enumerated() { try zip.add("xl/worksheets/sheet\(i + 1).xml", sheet.xml) }
                try zip.finish()
            } catch {
                zip.abandon()
                throw error
            }
        }
    }
}
