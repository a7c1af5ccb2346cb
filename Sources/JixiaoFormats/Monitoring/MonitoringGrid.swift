import JixiaoCore
import JixiaoReview

/// A department's monitoring round as the 监控表 print it: who, which months, its projects lit.
public struct MonitoringDocument: Sendable {
    public var department: String
    public var year: Int
    public var month: Int
    public var moneyUnit: MoneyUnit
    /// The report's state in words (草稿, 已提交 …).
    public var state: String
    public var projects: [MonitoredProject]

    public init(department: String, year: Int, month: Int, moneyUnit: MoneyUnit, state: String, projects: [MonitoredProject]) {
        (self.department, self.year, self.month, self.moneyUnit, self.state, self.projects) = (department, year, month, moneyUnit, state, projects)
    }

    /// `2025年1–7月`
    public var period: String { "\(year)年1–\(month)月" }
}

/// The 监控表 as a grid of cells, laid out once for every form it is written in (the HTML page
/// and its PDF, the workbook): the 项目支出绩效目标执行监控表 of each project — its money block,
/// then the indicator grid with each light as a word on its colour — and the department's
/// summary, one row a project.
public enum MonitoringGrid {
    public enum Kind: Sendable, Equatable {
        case title, subtitle, label, text, amount, percent
        /// A light's word on its colour; nil: not lit.
        case light(Light?)
    }

    public struct Cell: Sendable {
        public var text: String
        public var span: Int
        public var kind: Kind

        init(_ text: String, span: Int = 1, _ kind: Kind = .text) { (self.text, self.span, self.kind) = (text, span, kind) }
    }

    public typealias Row = [Cell]

    /// The form's width in columns.
    public static let columns = 10

    /// `红灯（c=55.56%）`, `未亮灯`
    static func lightText(_ light: Light?, c: Double? = nil) -> String {
        (light?.chinese ?? "未亮灯") + (c.map { "（c=\(MonitoringReview.percent($0))）" } ?? "")
    }

    /// One project's 项目支出绩效目标执行监控表.
    public static func project(_ project: MonitoredProject, _ document: MonitoringDocument) -> [Row] {
        let n = document.month
        var rows: [Row] = [
            [Cell("项目支出绩效目标执行监控表", span: columns, .title)],
            [Cell("（\(document.period)）  主管部门：\(document.department)  金额单位：\(document.moneyUnit.rawValue)", span: columns, .subtitle)],
            [Cell("项目名称", span: 2, .label), Cell(project.name, span: 4), Cell("资金使用单位", .label), Cell(project.unit, span: 3)],
            [Cell("资金情况", span: 2, .label), Cell("年初预算数", .label), Cell("全年预算数", .label), Cell("1–\(n)月执行数", .label),
             Cell("预算执行率", .label), Cell("序时进度", .label), Cell("全年预计执行数", .label), Cell("执行灯号", span: 2, .label)],
            [Cell("金额", span: 2, .label), Cell(project.initialBudget, .amount), Cell(project.annualBudget, .amount), Cell(project.spent, .amount),
             Cell(MonitoringReview.percent(project.executionRate), .percent), Cell(MonitoringReview.percent(Double(n) / 12), .percent),
             Cell(project.forecastSpent, .amount), Cell(lightText(project.moneyLight), span: 2, .light(project.moneyLight))],
            [Cell("偏差原因", span: 2, .label), Cell(project.deviation, span: 3), Cell("纠偏措施", .label), Cell(project.correction, span: 4)],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "截至目前完成值", "全年预计完成值", "完成目标可能性", "偏差原因", "纠偏措施", "灯号"].map { Cell($0, .label) },
        ]
        for line in project.indicators {
            rows.append([Cell(line.level1), Cell(line.level2), Cell("\(line.number). \(line.name)"), Cell(line.target), Cell(line.reached), Cell(line.forecast),
                         Cell(line.likelihood?.rawValue ?? ""), Cell(line.deviation), Cell(line.correction), Cell(lightText(line.light, c: line.c), .light(line.light))])
        }
        let findings = project.findings.map { "\($0.severity.chinese) \(RuleCatalogue.title(of: $0.rule))：\($0.message)" }.joined(separator: "\n")
        rows.append([Cell("项目灯号", span: 2, .label), Cell(lightText(project.light), span: 2, .light(project.light)), Cell("审核发现", .label),
                     Cell(findings.isEmpty ? "无" : findings, span: 5)])
        return rows
    }

    public static let summaryHeader = ["资金使用单位", "项目名称", "年初预算数", "全年预算数", "执行数", "预算执行率", "执行灯号", "项目灯号", "指标灯号（红/黄/蓝/绿）", "审核发现"]

    /// The department's summary: a title, the header, one row a project, then the counts.
    public static func summary(_ document: MonitoringDocument) -> [Row] {
        var rows: [Row] = [
            [Cell("项目支出绩效目标执行监控汇总表", span: columns, .title)],
            [Cell("（\(document.period)）  部门：\(document.department)  状态：\(document.state)  金额单位：\(document.moneyUnit.rawValue)", span: columns, .subtitle)],
            summaryHeader.map { Cell($0, .label) },
        ]
        var counts: [Light: Int] = [:]
        for project in document.projects {
            if let light = project.light { counts[light, default: 0] += 1 }
            let lit = [Light.red, .yellow, .blue, .green].map { light in String(project.indicators.filter { $0.light == light }.count) }.joined(separator: "/")
            rows.append([Cell(project.unit), Cell(project.name), Cell(project.initialBudget, .amount), Cell(project.annualBudget, .amount), Cell(project.spent, .amount),
                         Cell(MonitoringReview.percent(project.executionRate), .percent), Cell(lightText(project.moneyLight), .light(project.moneyLight)),
                         Cell(lightText(project.light), .light(project.light)), Cell(lit), Cell(String(project.findings.count))])
        }
        let unlit = document.projects.count - counts.values.reduce(0, +)
        rows.append([Cell("合计", span: 2, .label),
                     Cell("\(document.projects.count) 个项目：红灯 \(counts[.red] ?? 0)，黄灯 \(counts[.yellow] ?? 0)，蓝灯 \(counts[.blue] ?? 0)，绿灯 \(counts[.green] ?? 0)，未亮灯 \(unlit)",
                          span: columns - 2)])
        return rows
    }
}
