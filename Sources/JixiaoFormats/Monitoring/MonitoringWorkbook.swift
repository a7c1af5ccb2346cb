import JixiaoCore
import JixiaoReview

/// The 监控表 as an Excel workbook: a summary sheet (one row a project) and a sheet of every
/// project's form, each form a printed page of its own (A4 landscape, one page wide), merged
/// cells where the form spans columns, amounts as numbers, each light as its word on its colour.
public enum MonitoringWorkbook {
    public static func bytes(_ document: MonitoringDocument) throws -> [UInt8] {
        let summary = MonitoringGrid.summary(document)
        var forms: [MonitoringGrid.Row] = []
        var breaks: [Int] = []
        for project in document.projects {
            if !forms.isEmpty { breaks.append(forms.count) }
            forms += MonitoringGrid.project(project, document)
            forms.append([])
        }
        // The summary's header repeats atop its printed pages; each form starts a page with its own title.
        return try XLSXPackage.bytes(sheets: [("汇总", sheet(summary, widths: [24, 30, 12, 12, 12, 11, 12, 12, 14, 30], breaks: []), 3),
                                              ("监控表", sheet(forms, widths: [12, 12, 22, 16, 14, 14, 12, 18, 18, 14], breaks: breaks), nil)],
                                      title: "\(document.department) \(document.period) 项目支出绩效目标执行监控表", styles: styles)
    }

    enum Style: Int {
        case normal = 0, title, subtitle, label, text, amount, percent, red, yellow, blue, green, unlit
    }

    static func style(_ kind: MonitoringGrid.Kind) -> Style {
        switch kind {
        case .title: .title
        case .subtitle: .subtitle
        case .label: .label
        case .text: .text
        case .amount: .amount
        case .percent: .percent
        case .light(let light):
            switch light {
            case .red: .red
            case .yellow: .yellow
            case .blue: .blue
            case .green: .green
            case nil: .unlit
            }
        }
    }

    static func sheet(_ rows: [MonitoringGrid.Row], widths: [Double], breaks: [Int]) -> String {
        var out = ByteOutput(capacity: rows.count * 400 + 4_096)
        out.write("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"/></sheetViews>\
        <sheetFormatPr defaultRowHeight="13.5"/><cols>
        """)
        for (i, width) in widths.enumerated() { out.write("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>") }
        out.write("</cols><sheetData>")
        var merges: [String] = []
        for (r, row) in rows.enumerated() {
            // As tall as its longest wrapped cell: neither Excel nor LibreOffice fits a row to wrapped text on opening.
            var column = 0
            var lines = 1
            for cell in row {
                let width = (column..<min(column + cell.span, widths.count)).reduce(0) { $0 + widths[$1] }
                lines = max(lines, SheetWriter.lineCount(cell.text, width: max(width - 1, 4)))
                column += cell.span
            }
            let tall = row.first?.kind == .title ? 24.0 : Double(lines) * 13.5 + 4
            out.write("<row r=\"\(r + 1)\" ht=\"\(tall)\" customHeight=\"1\">")
            column = 0
            for cell in row {
                let reference = XLSXList.column(column) + String(r + 1)
                let style = style(cell.kind)
                if cell.kind == .amount, let number = number(cell.text) {
                    out.write("<c r=\"\(reference)\" s=\"\(style.rawValue)\"><v>\(number)</v></c>")
                } else if cell.text.isEmpty {
                    out.write("<c r=\"\(reference)\" s=\"\(style.rawValue)\"/>")
                } else {
                    out.write("<c r=\"\(reference)\" s=\"\(style.rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                    XMLText.append(cell.text, to: &out)
                    out.write("</t></is></c>")
                }
                // The cells a merge covers carry its borders too.
                for covered in (column + 1)..<(column + cell.span) where cell.span > 1 {
                    out.write("<c r=\"\(XLSXList.column(covered))\(r + 1)\" s=\"\(style.rawValue)\"/>")
                }
                if cell.span > 1 { merges.append("\(reference):\(XLSXList.column(column + cell.span - 1))\(r + 1)") }
                column += cell.span
            }
            out.write("</row>")
        }
        out.write("</sheetData>")
        if !merges.isEmpty {
            out.write("<mergeCells count=\"\(merges.count)\">")
            for merge in merges { out.write("<mergeCell ref=\"\(merge)\"/>") }
            out.write("</mergeCells>")
        }
        out.write("<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.5\" bottom=\"0.5\" header=\"0.3\" footer=\"0.3\"/>")
        out.write("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>")
        if !breaks.isEmpty {
            out.write("<rowBreaks count=\"\(breaks.count)\" manualBreakCount=\"\(breaks.count)\">")
            for row in breaks { out.write("<brk id=\"\(row)\" max=\"16383\" man=\"1\"/>") }
            out.write("</rowBreaks>")
        }
        out.write("</worksheet>")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `1,528.00` → `1528.00`: an amount as the number Excel stores; nil for what is not one (`—`).
    static func number(_ text: String) -> String? {
        let plain = text.replacingOccurrences(of: ",", with: "")
        guard !plain.isEmpty, plain.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }) else { return nil }
        return plain
    }

    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>\
    <fonts count="5">\
    <font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>\
    <font><b/><sz val="16"/><name val="黑体"/><family val="3"/><charset val="134"/></font>\
    <font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>\
    <font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="宋体"/><family val="3"/><charset val="134"/></font>\
    <font><sz val="11"/><color rgb="FF666666"/><name val="宋体"/><family val="3"/><charset val="134"/></font>\
    </fonts>\
    <fills count="7"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
    <fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill>\
    <fill><patternFill patternType="solid"><fgColor rgb="FFE53935"/><bgColor indexed="64"/></patternFill></fill>\
    <fill><patternFill patternType="solid"><fgColor rgb="FFFDD835"/><bgColor indexed="64"/></patternFill></fill>\
    <fill><patternFill patternType="solid"><fgColor rgb="FF1E88E5"/><bgColor indexed="64"/></patternFill></fill>\
    <fill><patternFill patternType="solid"><fgColor rgb="FF43A047"/><bgColor indexed="64"/></patternFill></fill></fills>\
    <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
    <border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
    <top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="12">\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>\
    <xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>\
    <xf numFmtId="0" fontId="3" fillId="3" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="2" fillId="4" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="3" fillId="5" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="3" fillId="6" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="4" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    </cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    <dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>\
    </styleSheet>
    """
}
