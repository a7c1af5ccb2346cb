import Foundation
import JixiaoCore
import JixiaoReview

/// The 项目支出绩效自评表 as text (docs/domain.md §5): the money and its execution rate, then
/// each indicator's target, actual, weight, score and explanation, the total and the grade.
/// The official Excel and PDF layouts come with self-evaluation in the web app.
public enum SelfEvaluationText {
    public static func render(_ s: ProjectScore, unit: MoneyUnit) -> String {
        var out = "项目支出绩效自评表\n项目名称：\(s.project)\n"
        let rate = s.executionRate.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
        out += "  年初预算数 \(s.initialBudget)  全年预算数 \(s.annualBudget)  全年执行数 \(s.spent)（\(unit.rawValue)）\n"
        out += "  预算执行率：分值 \(number(s.executionWeight))  执行率 \(rate)  得分 \(number(s.executionScore))\n"
        out += "  序号 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施\n"
        for line in s.indicators {
            out += "  \(line.ordinal) | \(line.level1) | \(line.level2) | \(line.name) | \(line.target) | \(line.actual.isEmpty ? "—" : line.actual) | \(number(line.weight)) | \(number(line.score)) | \(line.explanation)\n"
        }
        out += "  总分 \(number(s.total))，等级：\(s.grade)\n"
        for finding in s.findings { out += "  ※ \(finding)\n" }
        return out
    }

    /// Several projects' tables, one after another.
    public static func render(_ scores: [ProjectScore], unit: MoneyUnit) -> String {
        scores.map { render($0, unit: unit) }.joined(separator: "\n")
    }

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }
}
