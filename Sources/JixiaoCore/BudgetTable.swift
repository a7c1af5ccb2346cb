/// One 项目支出绩效目标表: a department's projects for a fiscal year, grouped by the
/// spending unit (资金使用单位) that uses the money.
///
/// Every amount is the one the table *states*. Nothing is recomputed on read, so a table
/// with wrong sums is held as it is and the review can say where it is wrong.
public struct BudgetTable: Hashable, Sendable {
    /// The title line, e.g. `项目支出绩效目标表（含转移支付项目）`.
    public var title: String
    /// 部门名称, as written (including a trailing `（部门）` where the table has one).
    public var department: String
    /// 单位: the unit every amount is stated in.
    public var moneyUnit: MoneyUnit
    /// The fiscal year, when the title or the person importing the table says it.
    public var fiscalYear: Int?
    /// The stated 合计 row; nil when the table has none.
    public var total: Amounts?
    public var units: [SpendingUnit]

    public static let standardTitle = "项目支出绩效目标表（含转移支付项目）"

    public init(
        title: String = BudgetTable.standardTitle,
        department: String,
        moneyUnit: MoneyUnit = .wanYuan,
        fiscalYear: Int? = nil,
        total: Amounts?,
        units: [SpendingUnit]
    ) {
        self.title = title
        self.department = department
        self.moneyUnit = moneyUnit
        self.fiscalYear = fiscalYear
        self.total = total
        self.units = units
    }

    /// Every project of every unit, in table order.
    public var projects: some Sequence<Project> { units.lazy.flatMap(\.projects) }

    public var projectCount: Int { units.reduce(0) { $0 + $1.projects.count } }
}

/// A 资金使用单位 and its stated subtotal row.
public struct SpendingUnit: Hashable, Sendable {
    public var name: String
    /// The amounts stated on the unit's own row (which should equal the sum of its projects).
    public var amounts: Amounts
    public var projects: [Project]

    public init(name: String, amounts: Amounts, projects: [Project]) {
        self.name = name
        self.amounts = amounts
        self.projects = projects
    }
}

/// One project row: its money, its goal (绩效目标) and its indicators (绩效指标).
public struct Project: Hashable, Sendable {
    public var name: String
    public var amounts: Amounts
    /// 绩效目标; empty when the table states none (a 涉密 project, or a careless one).
    public var goal: String
    public var indicators: [Indicator]

    public init(name: String, amounts: Amounts, goal: String = "", indicators: [Indicator] = []) {
        self.name = name
        self.amounts = amounts
        self.goal = goal
        self.indicators = indicators
    }

    /// True when the goal and indicator cells are both empty, as on a unit's subtotal row.
    public var hasNoTargets: Bool { goal.isEmpty && indicators.isEmpty }
}

/// Where each row of a table stood in the file it was read from, for messages and review
/// findings that point a person at a line.
public struct SourceLines: Hashable, Sendable {
    public var total: Int?
    public var units: [Int]
    public var projects: [[Int]]

    public init(total: Int? = nil, units: [Int] = [], projects: [[Int]] = []) {
        self.total = total
        self.units = units
        self.projects = projects
    }
}

extension SourceLines {
    /// The line of project `p` of unit `u`, when the table was read from a file with lines.
    public func project(_ u: Int, _ p: Int) -> Int? {
        u < projects.count && p < projects[u].count ? projects[u][p] : nil
    }

    public func unit(_ u: Int) -> Int? { u < units.count ? units[u] : nil }
}
