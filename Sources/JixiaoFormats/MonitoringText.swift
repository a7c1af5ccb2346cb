import JixiaoCore
import JixiaoReview

/// A monitoring round's lights and findings as text (`jixiao monitor`): each project's money and
/// light, its indicators beside their targets, what is wrong, and the counts at the end.
public enum MonitoringText {
    public static func render(_ projects: [MonitoredProject], table: BudgetTable, month: Int) -> String {
        let unit = table.moneyUnit.rawValue
        var out = "项目支出绩效运行监控 \(table.department) 1–\(month)月（序时进度 \(MonitoringReview.percent(Double(month) / 12))，金额单位：\(unit)）\n\n"
        for project in projects {
            out += "【\(project.light?.chinese ?? "未填报")】\(project.name)（\(project.unit)）\n"
            out += "  年初预算数 \(project.initialBudget)  全年预算数 \(project.annualBudget)  1–\(month)月执行数 \(dash(project.spent))"
            out += "  预算执行率 \(MonitoringReview.percent(project.executionRate))  q \(MonitoringReview.percent(project.q))  \(project.moneyLight?.chinese ?? "—")"
            out += "  全年预计执行数 \(dash(project.forecastSpent))\n"
            if !project.deviation.isEmpty || !project.correction.isEmpty {
                out += "  偏差原因：\(dash(project.deviation))  纠偏措施：\(dash(project.correction))\n"
            }
            for line in project.indicators {
                out += "  指标\(line.number) \(line.name) | 年度指标值 \(dash(line.target)) | 截至目前 \(dash(line.reached)) | 全年预计 \(dash(line.forecast))"
                out += " | \(line.likelihood?.rawValue ?? "—") | \(line.kind.chinese)\(line.c.map { " c=\(MonitoringReview.percent($0))" } ?? "") | \(line.light?.chinese ?? "—")\n"
            }
            for finding in project.findings {
                out += "  ※ \(finding.severity.chinese) \(finding.rule) \(RuleCatalogue.title(of: finding.rule))：\(finding.message)。修改建议：\(finding.fix)\n"
            }
            out += "\n"
        }
        var counts: [Light: Int] = [:]
        for project in projects { if let light = project.light { counts[light, default: 0] += 1 } }
        let unreported = projects.filter { $0.light == nil }.count
        let findings = projects.flatMap(\.findings)
        out += "合计：\(projects.count) 个项目，红灯 \(counts[.red] ?? 0)，黄灯 \(counts[.yellow] ?? 0)，蓝灯 \(counts[.blue] ?? 0)，绿灯 \(counts[.green] ?? 0)，未亮灯 \(unreported)；"
        out += "错误 \(findings.filter { $0.severity == .error }.count)，警告 \(findings.filter { $0.severity == .warning }.count)，提示 \(findings.filter { $0.severity == .info }.count)\n"
        return out
    }

    private static func dash(_ text: String) -> String { text.isEmpty ? "—" : text }
}
