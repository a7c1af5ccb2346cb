/// What a department reports at year end for one project (绩效自评): the money budgeted and
/// spent over the year, and what each indicator actually reached.
public struct ProjectActuals: Hashable, Sendable {
    public var project: String
    /// 全年预算数
    public var annualBudget: Money
    /// 全年执行数
    public var spent: Money
    public var indicators: [IndicatorActual]

    public init(project: String, annualBudget: Money, spent: Money, indicators: [IndicatorActual] = []) {
        self.project = project
        self.annualBudget = annualBudget
        self.spent = spent
        self.indicators = indicators
    }
}

/// What one indicator reached, by its number in the project.
public struct IndicatorActual: Hashable, Sendable {
    public var ordinal: Int
    /// 实际完成值, as written (`96%`, `2人`); empty when not reported.
    public var actual: String
    /// For qualitative targets: the reviewer's grade.
    public var grade: QualitativeGrade?
    /// The reviewer's pick within the grade's band, as a share of the weight (0.8–1 for 达成).
    public var bandShare: Double?
    /// A weight for this indicator, overriding the even split of its category's weight.
    public var weight: Double?
    /// 偏差原因分析及改进措施
    public var explanation: String

    public init(ordinal: Int, actual: String = "", grade: QualitativeGrade? = nil, bandShare: Double? = nil,
                weight: Double? = nil, explanation: String = "") {
        self.ordinal = ordinal
        self.actual = actual
        self.grade = grade
        self.bandShare = bandShare
        self.weight = weight
        self.explanation = explanation
    }
}

/// The grades of a qualitative target, each with the band of the weight it earns.
public enum QualitativeGrade: String, CaseIterable, Hashable, Sendable, Codable {
    case achieved = "达成"
    case partlyAchieved = "部分达成"
    case notAchieved = "未达成"

    /// The share of the weight the grade earns; the reviewer picks within it.
    public var band: ClosedRange<Double> {
        switch self {
        case .achieved: 0.8...1.0
        case .partlyAchieved: 0.6...0.8
        case .notAchieved: 0.0...0.6
        }
    }
}
