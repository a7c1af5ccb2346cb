import JixiaoCore

/// One indicator's line of the 项目支出绩效目标执行监控表: its target beside what was reported,
/// and the lights.
public struct MonitoredIndicator: Hashable, Codable, Sendable {
    /// The indicator's number (`N、`), or its place from 1.
    public var number: Int
    public var level1: String
    public var level2: String
    public var name: String
    /// 年度指标值 (the period value when there is no annual one).
    public var target: String
    public var kind: TargetKind
    /// 截至目前完成值
    public var reached: String
    /// 全年预计完成值
    public var forecast: String
    public var likelihood: Likelihood?
    /// 偏差原因, as one cell reads it.
    public var deviation: String
    /// 纠偏措施
    public var correction: String
    /// c: for a rate, reached ÷ target; for anything counted, reached ÷ (target × N ÷ 12).
    public var c: Double?
    /// The light of the value reached (none for qualitative and unreported targets).
    public var valueLight: Light?
    /// The worse of the value's light and the likelihood's; nil when neither is reported.
    public var light: Light?
}

/// How a target is measured for its light.
public enum TargetKind: String, Codable, Sendable {
    /// A `%` target (≥, ＞, ＝ or none): reached ÷ target.
    case rate
    /// Anything counted (人, 次, 台 …): reached ÷ the target's share of the months gone.
    case counted
    /// ≤ or ＜: reached within the target is green, else red.
    case reverse
    /// No number: the likelihood's light only.
    case qualitative

    public var chinese: String {
        switch self {
        case .rate: "比率"
        case .counted: "数量"
        case .reverse: "反向"
        case .qualitative: "定性"
        }
    }
}

/// A project's monitoring: its money, its indicators, its lights and what is wrong.
public struct MonitoredProject: Hashable, Codable, Sendable {
    public var name: String
    public var unit: String
    /// 年初预算数, as the table states it (in the table's unit).
    public var initialBudget: String
    /// 全年预算数
    public var annualBudget: String
    /// 1–N月执行数; empty when not reported.
    public var spent: String
    /// 全年预计执行数; empty when not reported.
    public var forecastSpent: String
    /// 预算执行率: spent ÷ 全年预算数.
    public var executionRate: Double?
    /// q: the execution rate ÷ (N ÷ 12).
    public var q: Double?
    public var moneyLight: Light?
    /// 偏差原因 of the money.
    public var deviation: String
    /// 纠偏措施 of the money.
    public var correction: String
    public var indicators: [MonitoredIndicator]
    /// The worst light of the money and the indicators; nil when nothing is reported.
    public var light: Light?
    public var findings: [Finding]
    /// Whether the department reported anything for the project.
    public var reported: Bool
}
