import Foundation
import JixiaoReview

/// 管理 › 审核规则's form: each rule as a row (`rules[N][id]`, `[on]`, `[severity]`; an
/// unchecked box is not sent, so a rule is on only when its box came back), the thresholds as
/// typed (checked by `apply`, so a refused save shows them again as they were) and the vague
/// words one a line.
struct RulesForm: Decodable {
    struct Rule: Decodable {
        var id: String
        var on: Bool
        var severity: Severity?
    }

    var year: Int
    var rules: [Rule]
    var largeProjectWanYuan: String
    var minimumIndicators: String
    var copyShare: String
    var projectCeilingWanYuan: String
    var changeFactor: String
    var vagueWords: String
    /// The monitoring lights' thresholds (docs/domain.md §9), in whole percent; left out, kept as saved.
    var moneyRed: String?, moneyYellow: String?, targetRed: String?, targetYellow: String?, targetBlue: String?

    /// The form as the saved settings fill it.
    init(_ settings: ReviewSettings, year: Int) {
        self.year = year
        rules = RuleCatalogue.descriptions.map {
            Rule(id: $0.id, on: !settings.disabled.contains($0.id), severity: settings.severities[$0.id] ?? $0.defaultSeverity)
        }
        largeProjectWanYuan = "\(settings.largeProjectWanYuan)"
        minimumIndicators = "\(settings.minimumIndicatorsForLargeProject)"
        copyShare = "\(Int((settings.copySharedShare * 100).rounded()))"
        projectCeilingWanYuan = "\(settings.projectCeilingWanYuan)"
        changeFactor = "\(settings.changeFactorFromLastYear)"
        vagueWords = settings.vagueWords.joined(separator: "\n")
        let m = settings.monitoring
        (moneyRed, moneyYellow, targetRed, targetYellow, targetBlue) = ("\(m.moneyRed)", "\(m.moneyYellow)", "\(m.targetRed)", "\(m.targetYellow)", "\(m.targetBlue)")
    }

    /// Writes the form into `settings`; what cannot be saved, each as a sentence (then
    /// `settings` must not be saved). A rule the form does not name is turned off.
    func apply(to settings: inout ReviewSettings) -> [String] {
        var problems: [String] = []
        let sent = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        settings.disabled = []
        settings.severities = [:]
        for rule in RuleCatalogue.descriptions {
            guard let chosen = sent[rule.id], chosen.on else {
                settings.disabled.insert(rule.id)
                continue
            }
            if let severity = chosen.severity, severity != rule.defaultSeverity { settings.severities[rule.id] = severity }
        }
        func whole(_ text: String, _ label: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                problems.append("\(label)须为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数")
                return nil
            }
            return value
        }
        if let v = whole(largeProjectWanYuan, "大额项目（万元）", 1...10_000_000) { settings.largeProjectWanYuan = v }
        if let v = whole(minimumIndicators, "大额项目至少的指标数", 1...50) { settings.minimumIndicatorsForLargeProject = v }
        if let v = whole(copyShare, "目标雷同的比例（%）", 1...100) { settings.copySharedShare = Double(v) / 100 }
        if let v = whole(projectCeilingWanYuan, "项目金额上限（万元）", 1...10_000_000) { settings.projectCeilingWanYuan = v }
        if let v = whole(changeFactor, "金额较上年变化的倍数", 2...1000) { settings.changeFactorFromLastYear = v }
        var thresholds = settings.monitoring
        for (text, label, keyPath) in [(moneyRed, "执行红灯线", \MonitoringThresholds.moneyRed), (moneyYellow, "执行黄灯线", \.moneyYellow),
                                       (targetRed, "指标红灯线", \.targetRed), (targetYellow, "指标黄灯线", \.targetYellow), (targetBlue, "指标蓝灯线", \.targetBlue)] {
            if let text, let v = whole(text, "\(label)（%）", 0...1000) { thresholds[keyPath: keyPath] = v }
        }
        if let problem = thresholds.problem {
            problems.append("运行监控的灯号阈值须依次递增（红灯线 ≤ 黄灯线 < 蓝灯线）：\(problem)")
        } else {
            settings.monitoring = thresholds
        }
        let words = vagueWords.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if words.isEmpty { problems.append("模糊用语至少一个") } else { settings.vagueWords = words }
        return problems
    }
}
