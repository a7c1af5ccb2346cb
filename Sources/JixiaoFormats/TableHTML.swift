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
        var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"Jixiao\">\n"
        out += "<title>\(escape(table.department))\(escape(table.title))</title>\n"
        out += "<style>\n\(stylesheet)</style>\n</head>\n<body>\n"
        out += fragment(table)
        out += "</body>\n</html>\n"
        return out
    }

    /// A project row's id, so a link (a search result) can lead to it: `p-2-5` is the fifth
    /// project of the second unit.
    public static func projectAnchor(unit: Int, project: Int) -> String { "p-\(unit + 1)-\(project + 1)" }

    public static func fragment(_ table: BudgetTable) -> String {
        var out = "<main class=\"jixiao-table\">\n"
        out += "<h1>\(escape(table.title))</h1>\n"
        let year = TableAssembly.yearLine(table).map { "<span>\($0)</span>" } ?? ""
        out += "<div class=\"meta\"><span>部门名称：\(escape(table.department))</span>\(year)<span>单位：\(escape(table.moneyUnit.rawValue))</span></div>\n"
        out += "<table>\n<colgroup><col class=\"c-name\"><col class=\"c-amount\"><col class=\"c-amount\"><col class=\"c-amount\"><col class=\"c-amount\"><col class=\"c-goal\"><col class=\"c-indicators\"></colgroup>\n"
        out += "<thead><tr>"
        for title in ["项目名称（资金使用单位）"] + AmountColumn.allCases.map(\.title) + ["绩效目标", "绩效指标"] {
            out += "<th scope=\"col\">\(title)</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        if let total = table.total { appendSubtotal("total", "合计", total, table.moneyUnit, to: &out) }
        for (u, unit) in table.units.enumerated() {
            appendSubtotal("unit", unit.name, unit.amounts, table.moneyUnit, to: &out)
            for (p, project) in unit.projects.enumerated() {
                out += "<tr class=\"project\" id=\"\(projectAnchor(unit: u, project: p))\"><td class=\"name\">\(escape(project.name))</td>"
                appendAmounts(project.amounts, table.moneyUnit, to: &out)
                out += "<td class=\"goal\">\(lines(project.goal))</td><td class=\"indicators\">"
                for indicator in project.indicators {
                    var item = ""
                    IndicatorCellGrammar.append(indicator, to: &item)
                    out += "<p>\(lines(item))</p>"
                }
                out += "</td></tr>\n"
            }
        }
        out += "</tbody>\n</table>\n</main>\n"
        return out
    }

    private static func appendSubtotal(_ kind: String, _ name: String, _ amounts: Amounts, _ unit: MoneyUnit, to out: inout String) {
        out += "<tr class=\"\(kind)\"><th scope=\"row\" class=\"name\">\(escape(name))</th>"
        appendAmounts(amounts, unit, to: &out)
        out += "<td class=\"goal\"></td><td class=\"indicators\"></td></tr>\n"
    }

    private static func appendAmounts(_ amounts: Amounts, _ unit: MoneyUnit, to out: inout String) {
        for column in AmountColumn.allCases {
            let money = amounts[column]
            out += "<td class=\"amount\">\(money.isZero ? "" : money.formatted(in: unit))</td>"
        }
    }

    /// Text with its line breaks kept, escaped.
    static func lines(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\n", with: "<br>").replacingOccurrences(of: "\t", with: " ")
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
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
