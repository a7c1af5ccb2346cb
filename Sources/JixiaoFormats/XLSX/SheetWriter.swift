import Foundation
import JixiaoCore

/// One table as a worksheet in the official layout.
///
///     row 1  the title, merged across A–G, bold 16 pt
///     row 2  部门名称：… (merged A–F, or A–E and 预算年度：2025 in F)   单位：万元 (G)
///     row 3  the header, bold, shaded, frozen, repeated on every printed page
///     then   合计, unit rows (bold) and projects; amounts as numbers in #,##0.00 (zero
///            left empty, as in the text form); goal and indicators wrapped, one line per
///            indicator, each row tall enough to show every line.
///
/// The body is cut into blocks of about a thousand rows; a batch of blocks is rendered and
/// deflated on every core, written, and let go before the next batch is read from the
/// units. Memory stays flat however many rows there are, and units may be produced one at a
/// time (`XLSXSheet.units`), so a table need never exist whole.
struct SheetWriter {
    static let columnWidths: [Double] = [28, 12, 12, 12, 12, 48, 70]
    static let columnLetters: [UInt8] = Array("ABCDEFG".utf8)
    static let headerRow = 3
    static let blockRows = 1_024

    /// A run of body rows: a unit's own row (when `withUnitRow`) and some of its projects.
    struct Block: Sendable {
        var firstRow: Int
        var parts: [(unit: SpendingUnit, withUnitRow: Bool, projects: Range<Int>)] = []
        var rowCount = 0
    }

    static func write(_ sheet: XLSXSheet, to zip: inout ZipWriter, entry: String) throws(ZipWriter.Failure) {
        try zip.begin(entry)
        var head = ByteOutput(capacity: 4096)
        self.head(sheet, &head)
        try zip.append(Deflate.piece(head.bytes, level: Deflate.standard, final: false))

        let batchSize = max(2, ProcessInfo.activeCores * 2)
        var batch: [Block] = []
        var block = Block(firstRow: headerRow + (sheet.total == nil ? 1 : 2))
        func flush(_ batch: inout [Block], _ zip: inout ZipWriter) throws(ZipWriter.Failure) {
            let pieces = batch.parallelMap(minimumChunk: 1) { block in
                var out = ByteOutput(capacity: 1_400 * blockRows)
                body(block, sheet.moneyUnit, &out)
                return Deflate.piece(out.bytes, level: Deflate.standard, final: false)
            }
            for piece in pieces { try zip.append(piece) }
            batch.removeAll(keepingCapacity: true)
        }
        for unit in sheet.units {
            var start = 0
            var withUnitRow = true
            repeat {
                let room = blockRows - block.rowCount - (withUnitRow ? 1 : 0)
                let end = min(unit.projects.count, start + max(room, 0))
                block.parts.append((unit, withUnitRow, start..<end))
                block.rowCount += (withUnitRow ? 1 : 0) + (end - start)
                (start, withUnitRow) = (end, false)
                if block.rowCount >= blockRows {
                    let next = Block(firstRow: block.firstRow + block.rowCount)
                    batch.append(block)
                    block = next
                    if batch.count == batchSize { try flush(&batch, &zip) }
                }
            } while start < unit.projects.count
        }
        if block.rowCount > 0 { batch.append(block) }
        try flush(&batch, &zip)

        var tail = ByteOutput(capacity: 1024)
        tail.write("""
        </sheetData><mergeCells count="2"><mergeCell ref="A1:G1"/><mergeCell ref="A2:\(sheet.yearLine == nil ? "F" : "E")2"/></mergeCells>\
        <pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>\
        <pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>\
        <headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>
        """)
        try zip.append(Deflate.piece(tail.bytes, level: Deflate.standard, final: true))
        try zip.end()
    }

    /// Everything before the first body row: sheet properties, the frozen pane, column
    /// widths, the title, 部门名称/单位, the header and 合计.
    static func head(_ sheet: XLSXSheet, _ out: inout ByteOutput) {
        let lastRow = headerRow + (sheet.total == nil ? 0 : 1) + sheet.rowCount
        out.write("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:G\(lastRow)"/>\
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="\(headerRow)" topLeftCell="A\(headerRow + 1)" \
        activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A\(headerRow + 1)" \
        sqref="A\(headerRow + 1)"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="13.5"/><cols>
        """)
        for (i, width) in columnWidths.enumerated() {
            out.write("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
        }
        out.write("</cols><sheetData>")
        var cells = Cells(out: out, row: 0)
        cells.startRow(tenthsHigh: 320)
        cells.text(0, sheet.title, .title)
        cells.endRow()
        cells.startRow(tenthsHigh: 200)
        cells.text(0, "部门名称：" + sheet.department, .department)
        if let year = sheet.yearLine { cells.text(5, year, .department) }
        cells.text(6, "单位：" + sheet.moneyUnit.rawValue, .moneyUnit)
        cells.endRow()
        cells.startRow(tenthsHigh: 300)
        for (i, title) in ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"].enumerated() {
            cells.text(i, title, .header)
        }
        cells.endRow()
        if let total = sheet.total { cells.subtotal("合计", total, sheet.moneyUnit) }
        out = cells.out
    }

    static func body(_ block: Block, _ moneyUnit: MoneyUnit, _ out: inout ByteOutput) {
        var cells = Cells(out: out, row: block.firstRow - 1)
        for part in block.parts {
            if part.withUnitRow { cells.subtotal(part.unit.name, part.unit.amounts, moneyUnit) }
            for project in part.unit.projects[part.projects] {
                var indicators = ""
                IndicatorCellGrammar.appendCell(project.indicators, separator: "\n", to: &indicators)
                cells.startRow(tenthsHigh: height(name: project.name, goal: project.goal, indicators: indicators))
                cells.text(0, project.name, .name)
                cells.amounts(project.amounts, moneyUnit, .amount)
                cells.text(5, project.goal, .text)
                cells.text(6, indicators, .text)
                cells.endRow()
            }
        }
        out = cells.out
    }

    /// Enough height, in tenths of a point, for every line of the wrapped cells: a Chinese
    /// character takes about two width units, a line of 10 pt text 13.5 pt. Without an
    /// explicit height LibreOffice and Excel both show one line of a long cell.
    static func height(name: String, goal: String, indicators: String) -> Int {
        let lines = max(
            lineCount(name, width: columnWidths[0] - 1),
            lineCount(goal, width: (columnWidths[5] - 1) * 1.1),
            lineCount(indicators, width: (columnWidths[6] - 1) * 1.1)
        )
        return max(1, lines) * 135 + 40
    }

    static func lineCount(_ text: String, width: Double) -> Int {
        guard !text.isEmpty else { return 1 }
        var text = text
        return text.withUTF8 { b in
            var lines = 0
            var units = 0.0
            for x in b {
                if x == 0x0A {
                    lines += max(1, Int((units / width).rounded(.up)))
                    units = 0
                } else if x < 0x80 {
                    units += 1
                } else if x >= 0xE0 {
                    units += 2 // a three- or four-byte character: CJK and full-width forms
                } else if x >= 0xC0 {
                    units += 1
                }
            }
            return lines + max(1, Int((units / width).rounded(.up)))
        }
    }

    /// Cell markup written as bytes: the sheet is most of an export's time, and string
    /// interpolation per cell cost more than the cells' own text.
    struct Cells {
        var out: ByteOutput
        var row: Int
        /// The column a cell written next stands in without saying so.
        private var following = 0

        init(out: ByteOutput, row: Int) {
            self.out = out
            self.row = row
        }

        mutating func startRow(tenthsHigh: Int) {
            row += 1
            following = 0
            out.write("<row r=\"")
            out.write(decimal: row)
            out.write("\" ht=\"")
            out.write(decimal: tenthsHigh / 10)
            if tenthsHigh % 10 != 0 {
                out.write(byte: UInt8(ascii: "."))
                out.write(decimal: tenthsHigh % 10)
            }
            out.write("\" customHeight=\"1\">")
        }

        mutating func endRow() { out.write("</row>") }

        /// A cell's reference (`r="B7"`) is written only after a gap: a cell without one is in
        /// the column after the last (ECMA-376 Part 1, 18.3.1.4). The references, a new number
        /// on every row, were what deflate could least compress: without them the workbook is
        /// about a fifth smaller.
        private mutating func open(_ column: Int, _ style: XLSXStyle) {
            if column == following {
                out.write("<c s=\"")
            } else {
                out.write("<c r=\"")
                out.write(byte: SheetWriter.columnLetters[column])
                out.write(decimal: row)
                out.write("\" s=\"")
            }
            following = column + 1
            out.write(decimal: style.rawValue)
            out.write(byte: UInt8(ascii: "\""))
        }

        mutating func text(_ column: Int, _ value: String, _ style: XLSXStyle) {
            open(column, style)
            guard !value.isEmpty else {
                out.write("/>")
                return
            }
            // `xml:space` only where white space at either end would otherwise be dropped (as
            // openpyxl writes it); line breaks inside a cell are kept either way.
            out.write(XMLText.edgesAreSpace(value) ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>")
            XMLText.append(value, to: &out)
            out.write("</t></is></c>")
        }

        /// Amounts as numbers in the table's unit, written exactly from 分; zero as an empty cell.
        mutating func amounts(_ amounts: Amounts, _ unit: MoneyUnit, _ style: XLSXStyle) {
            for (i, column) in AmountColumn.allCases.enumerated() {
                let money = amounts[column]
                open(i + 1, style)
                if money.isZero {
                    out.write("/>")
                } else {
                    out.write("><v>")
                    money.write(in: unit, thousandsSeparator: false, to: &out)
                    out.write("</v></c>")
                }
            }
        }

        mutating func subtotal(_ name: String, _ amounts: Amounts, _ unit: MoneyUnit) {
            startRow(tenthsHigh: SheetWriter.height(name: name, goal: "", indicators: ""))
            text(0, name, .nameBold)
            self.amounts(amounts, unit, .amountBold)
            text(5, "", .textBold)
            text(6, "", .textBold)
            endRow()
        }
    }
}
