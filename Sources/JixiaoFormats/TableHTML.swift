import Foundation
import JixiaoCore

/// The table as a web page that looks like the official one: the title, 部门名称 on the left
/// and 单位 on the right, the bordered grid with 合计 and unit rows in bold, amounts
/// right-aligned, each indicator on its own line. Printing gives A4 landscape with the header
/// row repeated on every page and 第 N 页，共 M 页 at the foot (the PDF is this page printed
/// by Chromium).
///
/// `fragment` is the table alone, for pages that embed it (the web app's table view);
/// `page` wraps it in a standalone document with its stylesheet.
public enum TableHTML {
    public static func page(_ table: BudgetTable) -> String {
        var bytes: [UInt8] = []
        page(table) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The page in pieces, in order, handed to `take` a batch of rows at a time: a file is
    /// written with no more than a batch in memory beside the table.
    public static func page(_ table: BudgetTable, _ take: ([UInt8]) throws -> Void) rethrows {
        var head = ByteOutput(capacity: 8_192)
        head.write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
        head.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        head.write("<meta name=\"generator\" content=\"Jixiao\">\n<title>")
        escape(table.department, &head)
        escape(table.title, &head)
        head.write("</title>\n<style>\n")
        head.write(stylesheet)
        head.write("</style>\n</head>\n<body>\n")
        try take(head.bytes)
        try fragment(table, take)
        try take(Array("</body>\n</html>\n".utf8))
    }

    /// A project row's id, so a link (a search result) can lead to it: `p-2-5` is the fifth
    /// project of the second unit.
    public static func projectAnchor(unit: Int, project: Int) -> String { "p-\(unit + 1)-\(project + 1)" }

    public static func fragment(_ table: BudgetTable) -> String {
        var bytes: [UInt8] = []
        fragment(table) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The table's markup written into bytes, a batch of rows at a time on every core:
    /// assembled as one String it took 9.8 s for 100,000 projects (issue 17).
    static func fragment(_ table: BudgetTable, _ take: ([UInt8]) throws -> Void) rethrows {
        var out = ByteOutput(capacity: 8_192)
        out.write("<main class=\"jixiao-table\">\n<h1>")
        escape(table.title, &out)
        out.write("</h1>\n<div class=\"meta\"><span>部门名称：")
        escape(table.department, &out)
        out.write("</span>")
        if let year = TableAssembly.yearLine(table) {
            out.write("<span>")
            out.write(year)
            out.write("</span>")
        }
        out.write("<span>单位：")
        escape(table.moneyUnit.rawValue, &out)
        out.write("</span></div>\n")
        out.write("<table>\n<colgroup><col class=\"c-name\"><col class=\"c-amount\"><col class=\"c-amount\"><col class=\"c-amount\"><col class=\"c-amount\"><col class=\"c-goal\"><col class=\"c-indicators\"></colgroup>\n")
        out.write("<thead><tr>")
        for title in ["项目名称（资金使用单位）"] + AmountColumn.allCases.map(\.title) + ["绩效目标", "绩效指标"] {
            out.write("<th scope=\"col\">")
            out.write(title)
            out.write("</th>")
        }
        out.write("</tr></thead>\n<tbody>\n")
        if let total = table.total { subtotal("total", "合计", total, table.moneyUnit, &out) }
        try take(out.bytes)
        try table.renderRows({ row($0, of: table, &$1) }, take)
        try take(Array("</tbody>\n</table>\n</main>\n".utf8))
    }

    /// A unit's row (in bold, like 合计) or a project's, its indicators a paragraph each.
    private static func row(_ place: RowPlace, of table: BudgetTable, _ row: inout ByteOutput) {
        let unit = table.units[place.unit]
        guard let p = place.project else {
            subtotal("unit", unit.name, unit.amounts, table.moneyUnit, &row)
            return
        }
        let project = unit.projects[p]
        row.write("<tr class=\"project\" id=\"")
        row.write(projectAnchor(unit: place.unit, project: p))
        row.write("\"><td class=\"name\">")
        escape(project.name, &row)
        row.write("</td>")
        amounts(project.amounts, table.moneyUnit, &row)
        row.write("<td class=\"goal\">")
        lines(project.goal, &row)
        row.write("</td><td class=\"indicators\">")
        for indicator in project.indicators {
            var item = ""
            IndicatorCellGrammar.append(indicator, to: &item)
            row.write("<p>")
            lines(item, &row)
            row.write("</p>")
        }
        row.write("</td></tr>\n")
    }

    private static func subtotal(_ kind: String, _ name: String, _ amounts: Amounts, _ unit: MoneyUnit, _ out: inout ByteOutput) {
        out.write("<tr class=\"")
        out.write(kind)
        out.write("\"><th scope=\"row\" class=\"name\">")
        escape(name, &out)
        out.write("</th>")
        self.amounts(amounts, unit, &out)
        out.write("<td class=\"goal\"></td><td class=\"indicators\"></td></tr>\n")
    }

    private static func amounts(_ amounts: Amounts, _ unit: MoneyUnit, _ out: inout ByteOutput) {
        for column in AmountColumn.allCases {
            let money = amounts[column]
            out.write("<td class=\"amount\">")
            if !money.isZero { money.write(in: unit, to: &out) }
            out.write("</td>")
        }
    }

    /// Text with its line breaks kept (`<br>`) and tabs as spaces, escaped.
    static func lines(_ text: String, _ out: inout ByteOutput) {
        escape(text, &out, lines: true)
    }

    public static func escape(_ text: String) -> String {
        var out = ByteOutput()
        escape(text, &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `&<>"'` as entities, over bytes (all ASCII, so never inside a multi-byte character);
    /// with `lines`, a line break as `<br>` and a tab as a space. Text needing none is copied whole.
    static func escape(_ text: String, _ out: inout ByteOutput, lines: Bool = false) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() {
                let replacement: StaticString
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                case 0x0A where lines: replacement = "<br>"
                case 0x09 where lines: replacement = " "
                default: continue
                }
                out.bytes.append(contentsOf: bytes[start..<i])
                replacement.withUTF8Buffer { out.bytes.append(contentsOf: $0) }
                start = i + 1
            }
            out.bytes.append(contentsOf: bytes[start...])
        }
    }

    /// The official look: 宋体 body and 黑体 title where the system has them (Noto CJK on
    /// Linux), black 0.5 pt rules, A4 landscape in print with the header row on every page.
    public static let stylesheet = """
    .jixiao-table { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Serif SC", serif; color: #000; font-size: 10.5pt; margin: 1.5em auto; max-width: 297mm; }
    .jixiao-table h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 16pt; font-weight: bold; text-align: center; margin: 0 0 0.8em; }
    .jixiao-table { overflow-x: auto; }
    .jixiao-table .meta { display: flex; flex-wrap: wrap; gap: 0 1.5em; justify-content: space-between; margin: 0 0 0.4em; }
    .jixiao-table table { width: 100%; min-width: 960px; border-collapse: collapse; table-layout: fixed; }
    .jixiao-table th, .jixiao-table td { border: 0.5pt solid #000; padding: 3pt 4pt; vertical-align: middle; overflow-wrap: anywhere; }
    .jixiao-table thead th { font-weight: bold; text-align: center; background: #f2f2f2; }
    .jixiao-table .c-name { width: 15%; }
    .jixiao-table .c-amount { width: 8%; }
    .jixiao-table .c-goal { width: 23%; }
    .jixiao-table .c-indicators { width: 30%; }
    .jixiao-table tbody th { text-align: left; }
    .jixiao-table tr.total, .jixiao-table tr.unit { font-weight: bold; }
    .jixiao-table td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .jixiao-table td.goal, .jixiao-table td.indicators { text-align: left; vertical-align: top; font-size: 9.5pt; }
    .jixiao-table td.indicators p { margin: 0 0 0.3em; }
    .jixiao-table td.indicators p:last-child { margin-bottom: 0; }
    @page { size: A4 landscape; margin: 12mm 10mm 14mm; @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; } }
    @media print {
      .jixiao-table { margin: 0; max-width: none; font-size: 9pt; }
      .jixiao-table thead { display: table-header-group; }
      .jixiao-table tr { break-inside: avoid; }
      .jixiao-table thead th { background: none; }
    }

    """
}
