import JixiaoCore
import JixiaoReview

/// The 监控表 as a standalone HTML page (and, printed by Chromium, the PDF): the department's
/// summary, then each project's form on a page of its own, the lights as words on their colours.
public enum MonitoringHTML {
    public static func page(_ document: MonitoringDocument) -> String {
        var out = ByteOutput(capacity: 16 * 1_024 + document.projects.count * 4_096)
        out.write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        TableHTML.escape("\(document.department) \(document.period) 项目支出绩效目标执行监控表", &out)
        out.write("</title>\n<style>\n")
        out.write(stylesheet)
        out.write("</style>\n</head>\n<body>\n")
        table(MonitoringGrid.summary(document), class: "summary", to: &out)
        for project in document.projects { table(MonitoringGrid.project(project, document), class: "form", to: &out) }
        out.write("</body>\n</html>\n")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func table(_ rows: [MonitoringGrid.Row], class name: String, to out: inout ByteOutput) {
        out.write("<table class=\"\(name)\">\n")
        for row in rows {
            out.write("<tr>")
            for cell in row {
                let (tag, cls) = tagAndClass(cell.kind)
                out.write("<\(tag)")
                if cell.span > 1 { out.write(" colspan=\"\(cell.span)\"") }
                out.write(" class=\"\(cls)\">")
                TableHTML.escape(cell.text, &out, lines: true)
                out.write("</\(tag)>")
            }
            out.write("</tr>\n")
        }
        out.write("</table>\n")
    }

    static func tagAndClass(_ kind: MonitoringGrid.Kind) -> (String, String) {
        switch kind {
        case .title: ("th", "title")
        case .subtitle: ("td", "subtitle")
        case .label: ("th", "label")
        case .text: ("td", "text")
        case .amount: ("td", "amount")
        case .percent: ("td", "amount")
        case .light(let light): ("td", "light light-\(light?.rawValue ?? "none")")
        }
    }

    /// A4 landscape like the official forms; each project's form starts a page.
    public static let stylesheet = """
    @page { size: A4 landscape; margin: 12mm 10mm; }
    body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; font-size: 10.5pt; color: #000; margin: 0; }
    table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 8mm; }
    table.form { break-before: page; }
    td, th { border: 1px solid #000; padding: 3px 5px; vertical-align: middle; word-break: break-all; }
    th.title { border: none; font-size: 17pt; font-family: "Noto Sans CJK SC", "SimHei", sans-serif; padding: 4px 0; }
    td.subtitle { border: none; text-align: center; padding-bottom: 6px; }
    th.label { background: #f2f2f2; font-weight: bold; }
    td.amount { text-align: right; font-variant-numeric: tabular-nums; }
    td.light { text-align: center; font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    td.light-red { background: #e53935; color: #fff; }
    td.light-yellow { background: #fdd835; color: #000; }
    td.light-blue { background: #1e88e5; color: #fff; }
    td.light-green { background: #43a047; color: #fff; }
    td.light-none { color: #666; font-weight: normal; }

    """
}
