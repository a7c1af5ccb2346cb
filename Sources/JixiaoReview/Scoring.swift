import JixiaoCore

/// How self-evaluation is scored; every weight configurable (docs/domain.md §5).
public struct ScoringSettings: Hashable, Codable, Sendable {
    /// 预算执行率 weight; the rest goes to the indicator categories.
    public var budgetExecution: Double = 10
    /// 产出 (and 成本 when it stands as a 一级 of its own, as it did under 产出 before 2021).
    public var output: Double = 50
    public var benefit: Double = 30
    public var satisfaction: Double = 10
    public var reverseFormula: ReverseFormula = .linear
    /// An actual at or above this multiple of its target needs a 偏差原因 explanation.
    public var overshootNeedingExplanation: Double = 1.3

    public init() {}

    public func weight(of category: PrimaryCategory) -> Double {
        switch category {
        case .output, .cost: output
        case .benefit: benefit
        case .satisfaction: satisfaction
        }
    }
}

/// Reverse targets (≤, ＜) past the target: the national linear fall to zero at twice the
/// target, or the ratio t/a some localities use.
public enum ReverseFormula: String, Hashable, Codable, Sendable, CaseIterable {
    /// a ≤ t → w; t < a < 2t → w·(1 − (a−t)/t); a ≥ 2t → 0
    case linear
    /// a ≤ t → w; a > t → w·t/a
    case ratio
}

/// One indicator's line of the 项目支出绩效自评表.
public struct IndicatorScore: Hashable, Codable, Sendable {
    public var ordinal: Int
    public var level1: String
    public var level2: String
    public var name: String
    /// 年度指标值 (the period value when there is no annual one).
    public var target: String
    /// 实际完成值
    public var actual: String
    /// 分值
    public var weight: Double
    /// 得分
    public var score: Double
    /// How the score was reached, in Chinese.
    public var method: String
    /// 偏差原因分析及改进措施
    public var explanation: String
}

/// The 项目支出绩效自评表 of one project.
public struct ProjectScore: Hashable, Codable, Sendable {
    public var project: String
    /// 年初预算数: the amount the table states.
    public var initialBudget: String
    /// 全年预算数
    public var annualBudget: String
    /// 全年执行数
    public var spent: String
    /// 执行率 (0–1+), nil when the annual budget is zero.
    public var executionRate: Double?
    public var executionWeight: Double
    public var executionScore: Double
    public var indicators: [IndicatorScore]
    public var total: Double
    /// 优 / 良 / 中 / 差
    public var grade: String
    /// What the scoring could not do or needs explained.
    public var findings: [String]
}

/// Self-evaluation scoring (绩效自评), pure.
public enum Scoring {
    /// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
    public static func grade(_ total: Double) -> String {
        total >= 90 ? "优" : total >= 80 ? "良" : total >= 60 ? "中" : "差"
    }

    /// 预算执行率 × weight, capped at the weight.
    public static func executionScore(budget: Money, spent: Money, weight: Double) -> (rate: Double?, score: Double) {
        guard budget.fen > 0 else { return (nil, 0) }
        let rate = Double(spent.fen) / Double(budget.fen)
        return (rate, weight * min(max(rate, 0), 1))
    }

    /// The score of a quantitative target: positive (≥ ＞ and bare values), equal (＝) and
    /// reverse (≤ ＜) formulas of docs/domain.md §5, within [0, weight].
    public static func quantitativeScore(comparator: Comparator, target t: Double, actual a: Double, weight w: Double,
                                         reverse: ReverseFormula = .linear) -> Double {
        let score: Double
        switch comparator {
        case .atLeast, .greaterThan, .none:
            score = positive(t, a, w)
        case .equal:
            score = t == 0 ? (a <= 0 ? w : 0) : positive(t, a, w)
        case .atMost, .lessThan:
            if a <= t {
                score = w
            } else if t <= 0 {
                score = 0
            } else {
                switch reverse {
                case .linear: score = a >= 2 * t ? 0 : w * (1 - (a - t) / t)
                case .ratio: score = w * t / a
                }
            }
        }
        return min(max(score, 0), w)
    }

    private static func positive(_ t: Double, _ a: Double, _ w: Double) -> Double {
        if a >= t { return w }
        if t <= 0 { return a >= t ? w : 0 }
        return w * max(a, 0) / t
    }

    /// A qualitative target: the grade's band, at the reviewer's pick within it (the band's
    /// lower edge when no pick is given, so an unexplained grade never scores high).
    public static func qualitativeScore(grade: QualitativeGrade, share: Double?, weight: Double) -> Double {
        let band = grade.band
        let pick = min(max(share ?? band.lowerBound, band.lowerBound), band.upperBound)
        return weight * pick
    }

    /// The 自评表 of one project.
    public static func score(_ project: Project, unit: MoneyUnit, actuals: ProjectActuals, settings: ScoringSettings = ScoringSettings()) -> ProjectScore {
        var findings: [String] = []
        let execution = executionScore(budget: actuals.annualBudget, spent: actuals.spent, weight: settings.budgetExecution)
        if execution.rate == nil { findings.append("全年预算数为零，预算执行率无法计算，该项计0分") }

        // Category weights split evenly among its indicators, unless weights are given.
        let byOrdinal = Dictionary(actuals.indicators.map { ($0.ordinal, $0) }, uniquingKeysWith: { first, _ in first })
        var counts: [PrimaryCategory: Int] = [:]
        for indicator in project.indicators {
            if let category = indicator.primaryCategory { counts[category, default: 0] += 1 }
        }
        var lines: [IndicatorScore] = []
        for (index, indicator) in project.indicators.enumerated() {
            let ordinal = indicator.ordinal ?? index + 1
            let actual = byOrdinal[ordinal]
            let name = indicator.name.isEmpty ? (indicator.unparsedText ?? "") : indicator.name
            let target = indicator.annualTarget ?? indicator.periodTarget
            var weight = 0.0
            if let given = actual?.weight {
                weight = given
            } else if let category = indicator.primaryCategory, let n = counts[category] {
                weight = settings.weight(of: category) / Double(n)
            } else {
                findings.append("指标\(ordinal)“\(name)”不属于指标体系中的一级指标，未分配分值")
            }
            var line = IndicatorScore(
                ordinal: ordinal, level1: indicator.level1?.name ?? "", level2: indicator.level2?.name ?? "", name: name,
                target: target?.text ?? "", actual: actual?.actual ?? "", weight: weight, score: 0, method: "",
                explanation: actual?.explanation ?? ""
            )
            scoreLine(&line, target: target, actual: actual, settings: settings, findings: &findings)
            lines.append(line)
        }

        let weights = settings.budgetExecution + lines.reduce(0) { $0 + $1.weight }
        if abs(weights - 100) > 0.001 {
            findings.append("各项分值合计 \(format(weights)) 分，不是 100 分（缺少某类指标，或给定的权重不当）")
        }
        let total = execution.score + lines.reduce(0) { $0 + $1.score }
        return ProjectScore(
            project: project.name, initialBudget: project.amounts.total.formatted(in: unit),
            annualBudget: actuals.annualBudget.formatted(in: unit), spent: actuals.spent.formatted(in: unit),
            executionRate: execution.rate, executionWeight: settings.budgetExecution, executionScore: execution.score,
            indicators: lines, total: total, grade: grade(total), findings: findings
        )
    }

    private static func scoreLine(_ line: inout IndicatorScore, target: TargetValue?, actual: IndicatorActual?,
                                  settings: ScoringSettings, findings: inout [String]) {
        let label = "指标\(line.ordinal)“\(line.name)”"
        guard let target else {
            line.method = "无指标值"
            findings.append("\(label)没有指标值，无法评分")
            return
        }
        if let part = target.parts.first {
            let reached = TargetValue(text: line.actual).parts.first
            guard let reached else {
                line.method = "缺少实际完成值"
                findings.append(line.actual.isEmpty ? "\(label)缺少实际完成值，计0分" : "\(label)的实际完成值“\(line.actual)”无法识别为数值，计0分")
                return
            }
            let t = part.number.doubleValue
            let a = reached.number.doubleValue
            line.score = quantitativeScore(comparator: part.comparator, target: t, actual: a, weight: line.weight, reverse: settings.reverseFormula)
            line.method = [.atMost, .lessThan].contains(part.comparator) ? "反向指标（\(settings.reverseFormula == .linear ? "线性" : "比值")）"
                : part.comparator == .equal ? "等于型指标" : "正向指标"
            if [.atLeast, .greaterThan, .none].contains(part.comparator), t > 0, a >= settings.overshootNeedingExplanation * t,
               line.explanation.isEmpty {
                findings.append("\(label)实际完成值 \(reached.number) 达到目标值 \(part.number) 的 \(Int(a / t * 100))%，超出 \(Int((settings.overshootNeedingExplanation - 1) * 100))% 以上，需说明偏差原因（目标可能定得过低）")
            }
            return
        }
        guard let grade = actual?.grade else {
            line.method = "定性指标，缺少评价等级"
            findings.append("\(label)是定性指标，缺少评价等级（达成/部分达成/未达成），计0分")
            return
        }
        line.score = qualitativeScore(grade: grade, share: actual?.bandShare, weight: line.weight)
        line.method = "定性指标：\(grade.rawValue)"
        if actual?.bandShare == nil {
            findings.append("\(label)评为“\(grade.rawValue)”但未给出评分比例，按该档下限计分")
        }
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
