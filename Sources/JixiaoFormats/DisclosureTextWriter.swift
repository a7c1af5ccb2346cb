import JixiaoCore

/// Writes the canonical disclosure text — the seed's own layout:
///
///     title
///     (blank)
///     部门名称：…
///     (blank)
///     单位：万元
///     (blank)
///     header row
///     合计, unit and project rows
///
/// Lines end with LF and the file ends with one; cells are tab-separated, every row has all
/// seven cells; amounts have two decimals and thousands separators, zero is an empty cell;
/// indicator cells use the full-width delimiters with each value verbatim; a cell holding a
/// tab, line break or `"` is quoted as Excel quotes it. Reading any tolerated variant of a
/// table and writing it gives this form.
public enum DisclosureTextWriter {
    public static let header = "项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标"

    public static func write(_ table: BudgetTable) -> String {
        var out = ""
        // Rows average well under 1 KiB; reserving avoids repeated regrowth on big tables.
        out.reserveCapacity(512 + table.projectCount * 900 + table.units.count * 200)
        out.append(table.title)
        out.append("\n\n部门名称：")
        out.append(table.department)
        out.append("\n\n单位：")
        out.append(table.moneyUnit.rawValue)
        out.append("\n\n")
        out.append(header)
        out.append("\n")
        if let total = table.total {
            appendRow(name: "合计", amounts: total, goal: "", indicators: "", unit: table.moneyUnit, to: &out)
        }
        for unit in table.units {
            appendRow(name: unit.name, amounts: unit.amounts, goal: "", indicators: "", unit: table.moneyUnit, to: &out)
            for project in unit.projects {
                appendRow(
                    name: project.name, amounts: project.amounts, goal: project.goal,
                    indicators: IndicatorCellGrammar.format(project.indicators), unit: table.moneyUnit, to: &out
                )
            }
        }
        return out
    }

    private static func appendRow(name: String, amounts: Amounts, goal: String, indicators: String, unit: MoneyUnit, to out: inout String) {
        DelimitedCell.append(name, delimiter: "\t", to: &out)
        for money in amounts.columns {
            out.append("\t")
            if !money.isZero { Money.appendFormatted(money.fen, in: unit, thousandsSeparator: true, to: &out) }
        }
        out.append("\t")
        DelimitedCell.append(goal, delimiter: "\t", to: &out)
        out.append("\t")
        DelimitedCell.append(indicators, delimiter: "\t", to: &out)
        out.append("\n")
    }
}
