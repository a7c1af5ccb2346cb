import JixiaoCore

/// One data row as a grid format (text, Excel) states it, before it is known whether it is
/// a unit's subtotal or a project. Its indicator cell is parsed when the row is made, so that
/// readers can make rows on every core.
struct Row: Sendable {
    var line: Int
    var project: Project
    /// Goal and indicator cells both empty, as on a unit's subtotal row.
    var isBlank: Bool

    init(line: Int, name: String, amounts: Amounts, goal: String, indicatorCell: String) {
        self.init(line: line, name: name, amounts: amounts, goal: goal, indicators: IndicatorCellGrammar.parse(indicatorCell))
    }

    init(line: Int, name: String, amounts: Amounts, goal: String, indicators: [Indicator]) {
        self.line = line
        self.project = Project(name: name, amounts: amounts, goal: goal, indicators: indicators)
        self.isBlank = goal.isEmpty && indicators.isEmpty
    }

    /// Why a row whose 财政拨款 + 财政专户拨款 + 其他资金 passes `Money.limit` is refused.
    static let sourcesBeyondLimit = "财政拨款 + 财政专户拨款 + 其他资金 come to more than the largest amount a table may state (10 万亿元)"

    static func describe(_ error: MoneyParseError, text: String, unit: MoneyUnit) -> String {
        switch error {
        case .notANumber: "\(quoted(text)) is not an amount in \(unit.rawValue)"
        case .tooPrecise: "\(quoted(text)) has more decimals than 分 can hold"
        case .outOfRange: "\(quoted(text)) is beyond the largest amount a table may state (10 万亿元)"
        }
    }
}

/// Builds a table from the rows of a grid: 合计 first, then units found by their sums.
/// Shared by every reader of the official grid layout.
enum TableAssembly {
    static let totalRowNames: Set<String> = ["合计", "总计", "合 计"]

    static func assemble(
        title: String, department: String, moneyUnit: MoneyUnit, fiscalYear: Int?, rows: [Row]
    ) throws(FormatError) -> ReadTable {
        var rows = rows[...]
        var total: Amounts?
        var totalLine: Int?
        if let first = rows.first, totalRowNames.contains(first.project.name) {
            total = first.project.amounts
            totalLine = first.line
            rows = rows.dropFirst()
        }
        for row in rows where !row.project.amounts.sourcesWithinLimit {
            throw FormatError(line: row.line, column: "总计", Row.sourcesBeyondLimit)
        }
        let body = rows
        let tolerance = Money(fen: moneyUnit.fenPerUnit / 100)
        guard let unitRows = UnitSegmentation.unitRows(
            amounts: body.map(\.project.amounts), isBlank: body.map(\.isBlank), roundingTolerance: tolerance
        ) else {
            let first = body[body.startIndex]
            throw FormatError(
                line: first.line,
                "the first row after 合计 (\(quoted(first.project.name))) has a 绩效目标 or 绩效指标, so it cannot be a spending-unit (资金使用单位) subtotal row"
            )
        }
        var units: [SpendingUnit] = []
        var lines = SourceLines(total: totalLine)
        units.reserveCapacity(unitRows.count)
        let base = body.startIndex
        for (index, offset) in unitRows.enumerated() {
            let start = base + offset
            let end = base + (index + 1 < unitRows.count ? unitRows[index + 1] : body.count)
            let unitRow = body[start].project
            let projectRows = body[(start + 1)..<end]
            units.append(SpendingUnit(name: unitRow.name, amounts: unitRow.amounts, projects: projectRows.map(\.project)))
            lines.units.append(body[start].line)
            lines.projects.append(projectRows.map(\.line))
        }
        let table = BudgetTable(
            title: title, department: department, moneyUnit: moneyUnit, fiscalYear: fiscalYear,
            total: total, units: units
        )
        return ReadTable(table: table, lines: lines)
    }

    static let yearLabel = "预算年度"

    /// The `预算年度：2025` line the writers add under 部门名称 when the table has a fiscal year
    /// its title does not state (a table filed for a year under the standard title); nil
    /// otherwise, so a table read from a file without one is written as it came.
    public static func yearLine(_ table: BudgetTable) -> String? {
        guard let year = table.fiscalYear, fiscalYear(inTitle: table.title) != year else { return nil }
        return "\(yearLabel)：\(year)"
    }

    /// `2025年…` in a title gives the fiscal year.
    static func fiscalYear(inTitle title: String) -> Int? {
        let scalars = Array(title.unicodeScalars)
        for i in scalars.indices where i + 4 < scalars.count && scalars[i + 4] == "年" {
            let digits = scalars[i..<(i + 4)]
            guard digits.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }),
                  i == 0 || !(scalars[i - 1].value >= 0x30 && scalars[i - 1].value <= 0x39),
                  let year = Int(String(String.UnicodeScalarView(digits))), (1990...2100).contains(year) else { continue }
            return year
        }
        return nil
    }
}
