import Foundation
import JixiaoCore
@testable import JixiaoFormats

/// Writes a table the way careless tools and copies do — the tolerant reader must read every
/// one of these back into the same table. Test-only: Jixiao itself writes the canonical form.
struct MessyWriter {
    var lineEnding = "\n"
    var byteOrderMark = false
    var gb18030 = false
    var quoteEveryCell = false
    var halfWidthIndicatorDelimiters = false
    var padCells = false
    var dropTrailingEmptyCells = false
    var lineBreaksBetweenItems = false
    var extraBlankLines = false

    static func random(_ seed: UInt64) -> MessyWriter {
        var bits = seed
        func flip() -> Bool {
            defer { bits >>= 1 }
            return bits & 1 == 1
        }
        var writer = MessyWriter()
        writer.lineEnding = ["\n", "\r\n", "\r", "\n"][Int(bits % 4)]
        bits >>= 2
        writer.byteOrderMark = flip()
        writer.gb18030 = flip() && !writer.byteOrderMark
        writer.quoteEveryCell = flip()
        writer.halfWidthIndicatorDelimiters = flip()
        writer.padCells = flip()
        writer.dropTrailingEmptyCells = flip()
        writer.lineBreaksBetweenItems = flip()
        writer.extraBlankLines = flip()
        return writer
    }

    func write(_ table: BudgetTable) -> [UInt8] {
        var lines: [String] = []
        if extraBlankLines { lines += ["", ""] }
        lines += [table.title, "", "部门名称" + (halfWidthIndicatorDelimiters ? ":" : "：") + table.department]
        if !extraBlankLines { lines.removeAll { $0.isEmpty } }
        lines += ["单位：" + table.moneyUnit.rawValue, "", DisclosureTextWriter.header]
        func row(_ name: String, _ amounts: Amounts, _ goal: String, _ indicators: [Indicator]) -> String {
            var cells = [name] + amounts.columns.map { $0.isZero ? "" : $0.formatted(in: table.moneyUnit) }
            cells.append(goal)
            var cell = IndicatorCellGrammar.format(indicators)
            if halfWidthIndicatorDelimiters {
                // Structural delimiters only: values keep their text, as real copies do.
                cell = indicators.map { item -> String in
                    var text = IndicatorCellGrammar.format([item])
                    if item.unparsedText == nil {
                        text = text.replacingOccurrences(of: "：", with: ":").replacingOccurrences(of: "；", with: ";")
                        for value in [item.periodTarget?.text, item.annualTarget?.text].compactMap({ $0 }) {
                            let messed = value.replacingOccurrences(of: "：", with: ":").replacingOccurrences(of: "；", with: ";")
                            text = text.replacingOccurrences(of: ":" + messed, with: ":" + value)
                        }
                    }
                    return text
                }.joined()
            }
            if lineBreaksBetweenItems { cell = cell.replacingOccurrences(of: "。", with: "。\n") }
            cells.append(cell)
            if dropTrailingEmptyCells { while cells.count > 1, cells.last == "" { cells.removeLast() } }
            return cells.map(encode).joined(separator: "\t")
        }
        if let total = table.total { lines.append(row("合计", total, "", [])) }
        for unit in table.units {
            lines.append(row(unit.name, unit.amounts, "", []))
            if extraBlankLines { lines.append("\t\t\t\t\t\t") }
            for project in unit.projects { lines.append(row(project.name, project.amounts, project.goal, project.indicators)) }
        }
        var text = lines.joined(separator: lineEnding)
        if extraBlankLines { text += lineEnding + lineEnding }
        if gb18030 { return Array(text.data(using: TextDecoding.gb18030)!) }
        return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    private func encode(_ cell: String) -> String {
        var text = cell.replacingOccurrences(of: "\n", with: lineEnding == "\r" ? "\r" : lineEnding)
        if padCells && !text.isEmpty { text = " " + text + " " }
        let needsQuotes = text.contains("\t") || text.contains("\n") || text.contains("\r") || text.hasPrefix("\"")
            || (text.contains("\"") && quoteEveryCell)
        if quoteEveryCell || needsQuotes {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
