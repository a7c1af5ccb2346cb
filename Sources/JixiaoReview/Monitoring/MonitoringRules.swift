/// The findings of a monitoring report (docs/domain.md §9). They live in the review's catalogue,
/// so a finance bureau turns them off or changes their severity, per fiscal year, as it does
/// the table's rules; the table's review passes them by (they look at no table).
public enum MonitoringRules {
    struct Rule: ReviewRule {
        let description: RuleDescription
    }

    static let moneyNoReason = Rule(description: RuleDescription(
        id: "MON-MONEY-NO-REASON", title: "执行偏慢未说明原因", dimension: .completeness, defaultSeverity: .error,
        explanation: "预算执行红灯（执行进度低于序时进度的红灯线）而未填写偏差原因。执行明显滞后的项目必须说明原因，财政部门据以判断是否调整预算。"))
    static let noCorrection = Rule(description: RuleDescription(
        id: "MON-NO-CORRECTION", title: "无法完成未提纠偏措施", dimension: .completeness, defaultSeverity: .error,
        explanation: "完成目标可能性选“完全不可能”而未填写纠偏措施。预计无法完成的目标，须说明拟采取的措施或申请调整目标。"))
    static let forecastContradicts = Rule(description: RuleDescription(
        id: "MON-FORECAST-CONTRADICTS", title: "预计值与判断矛盾", dimension: .feasibility, defaultSeverity: .warning,
        explanation: "完成目标可能性选“确定能”，但全年预计完成值达不到年度指标值。两者必有一处不实，请核对。"))
    static let forecastOverspend = Rule(description: RuleDescription(
        id: "MON-FORECAST-OVERSPEND", title: "预计执行超预算", dimension: .amounts, defaultSeverity: .warning,
        explanation: "执行数或全年预计执行数大于全年预算数：超出的部分没有预算安排，须调剂预算或压减支出。"))
    static let late = Rule(description: RuleDescription(
        id: "MON-LATE", title: "逾期未报", dimension: .completeness, defaultSeverity: .warning,
        explanation: "监控报告在本轮截止日期前未提交（或提交晚于截止日期）。"))
    static let notReported = Rule(description: RuleDescription(
        id: "MON-NOT-REPORTED", title: "监控未填报", dimension: .completeness, defaultSeverity: .warning,
        explanation: "项目、项目的执行数或某个指标没有填报监控情况，无法亮灯。"))
    static let unreadableValue = Rule(description: RuleDescription(
        id: "MON-VALUE-UNREADABLE", title: "完成值无法识别", dimension: .completeness, defaultSeverity: .warning,
        explanation: "定量指标的截至目前完成值或全年预计完成值不是数值（如“较好”），无法与指标值比较亮灯。请填写数字和单位，如“45%”“2人”。"))

    static let all: [Rule] = [moneyNoReason, noCorrection, forecastContradicts, forecastOverspend, late, notReported, unreadableValue]
}
