import Foundation
import JixiaoCore

/// Writes one table as a worksheet in the official layout, streaming the XML to a file:
/// memory stays flat however many rows there are.
///
///     row 1  the title, merged across A–G, bold 16 pt
///     row 2  部门名称：… (merged A–F)                 单位：万元 (G)
///     row 3  the header, bold, shaded, frozen, repeated on every printed page
///     then   合计, unit rows (bold) and projects; amounts as numbers in #,##0.00 (zero
///            left empty, as in the text form); goal and indicators wrapped, one line per
///            indicator, each row tall enough to show every line.
struct SheetWriter {
    static let columnWidths: [Double] = [28, 12, 12, 12, 12, 48, 70]
    static let columnLetters = ["A", "B", "C", "D", "E", "F", "G"]
    static let headerRow = 3

    private var file: ChunkedFile
    private var row = 0

    init(path: String) throws {
        file = try ChunkedFile(path: path)
    }

    mutating func write(_ table: BudgetTable) throws {
        let lastRow = Self.headerRow + (table.total == nil ? 0 : 1) + table.units.count + table.projectCount
        file.out.write("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:G\(lastRow)"/>\
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="\(Self.headerRow)" topLeftCell="A\(Self.headerRow + 1)" \
        activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A\(Self.headerRow + 1)" \
        sqref="A\(Self.headerRow + 1)"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="13.5"/><cols>
        """)
        for (i, width) in Self.columnWidths.enumerated() {
            file.out.write("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
        }
        file.out.write("</cols><sheetData>")

        startRow(height: 32)
        text(0, table.title, .title)
        endRow()
        startRow(height: 20)
        text(0, "部门名称：" + table.department, .department)
        text(6, "单位：" + table.moneyUnit.rawValue, .moneyUnit)
        endRow()
        startRow(height: 30)
        for (i, title) in ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"].enumerated() {
            text(i, title, .header)
        }
        endRow()
        if let total = table.total { subtotal("合计", total, table.moneyUnit) }
        for unit in table.units {
            subtotal(unit.name, unit.amounts, table.moneyUnit)
            for project in unit.projects {
                let indicators = project.indicators.map { indicator -> String in
                    var item = ""
                    IndicatorCellGrammar.append(indicator, to: &item)
                    return item
                }.joined(separator: "\n")
                startRow(height: Self.height(name: project.name, goal: project.goal, indicators: indicators))
                text(0, project.name, .name)
                amounts(project.amounts, table.moneyUnit, .amount)
                text(5, project.goal, .text)
                text(6, indicators, .text)
                endRow()
            }
            try file.flushIfFull()
        }
        file.out.write("""
        </sheetData><mergeCells count="2"><mergeCell ref="A1:G1"/><mergeCell ref="A2:F2"/></mergeCells>\
        <pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>\
        <pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>\
        <headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>
        """)
        try file.close()
    }

    private mutating func subtotal(_ name: String, _ amounts: Amounts, _ unit: MoneyUnit) {
        startRow(height: Self.height(name: name, goal: "", indicators: ""))
        text(0, name, .nameBold)
        self.amounts(amounts, unit, .amountBold)
        text(5, "", .textBold)
        text(6, "", .textBold)
        endRow()
    }

    private mutating func startRow(height: Double) {
        row += 1
        file.out.write("<row r=\"\(row)\" ht=\"\(height)\" customHeight=\"1\">")
    }

    private mutating func endRow() { file.out.write("</row>") }

    private mutating func text(_ column: Int, _ value: String, _ style: XLSXStyle) {
        file.out.write("<c r=\"\(Self.columnLetters[column])\(row)\" s=\"\(style.rawValue)\"")
        guard !value.isEmpty else {
            file.out.write("/>")
            return
        }
        file.out.write(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
        XMLText.append(value, to: &file.out)
        file.out.write("</t></is></c>")
    }

    /// Amounts as numbers in the table's unit, written exactly from 分; zero as an empty cell.
    private mutating func amounts(_ amounts: Amounts, _ unit: MoneyUnit, _ style: XLSXStyle) {
        for (i, column) in AmountColumn.allCases.enumerated() {
            let money = amounts[column]
            file.out.write("<c r=\"\(Self.columnLetters[i + 1])\(row)\" s=\"\(style.rawValue)\"")
            if money.isZero {
                file.out.write("/>")
            } else {
                file.out.write("><v>")
                money.write(in: unit, thousandsSeparator: false, to: &file.out)
                file.out.write("</v></c>")
            }
        }
    }

    /// Enough height for every line of the wrapped cells: a Chinese character takes about two
    /// width units, a line of 10 pt text 13.5 pt. Without an explicit height LibreOffice and
    /// Excel both show one line of a long cell.
    static func height(name: String, goal: String, indicators: String) -> Double {
        let lines = max(
            lineCount(name, width: columnWidths[0] - 1),
            lineCount(goal, width: (columnWidths[5] - 1) * 1.1),
            lineCount(indicators, width: (columnWidths[6] - 1) * 1.1)
        )
        return Double(max(1, lines)) * 13.5 + 4
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
}

/// A file written through a buffer flushed every megabyte.
struct ChunkedFile {
    var out = ByteOutput(capacity: 1 << 20)
    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw AtomicFile.WriteError(description: "\(path): cannot create a temporary file")
        }
        self.handle = handle
    }

    mutating func flushIfFull() throws {
        if out.bytes.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        try handle.write(contentsOf: out.bytes)
        out.bytes.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }
}
