import JixiaoCore

/// What a finance bureau may tune: which rules run, how severe they are, thresholds and word
/// lists. Read from a JSON rules file (`jixiao check --rules FILE`); every field is optional
/// there, and word lists in the file extend the defaults unless `replaceWordLists` is set.
public struct ReviewSettings: Hashable, Codable, Sendable {
    /// Rule ids that do not run.
    public var disabled: Set<String> = []
    /// Severity overrides by rule id.
    public var severities: [String: Severity] = [:]

    /// A project of at least this many 万元 … (FEW-INDICATORS)
    public var largeProjectWanYuan: Int = 500
    /// … should have at least this many indicators.
    public var minimumIndicatorsForLargeProject: Int = 3
    /// A project above this many 万元 is more likely a slip (a figure in 元, an extra digit)
    /// than a project (AMOUNT-CEILING).
    public var projectCeilingWanYuan: Int = 100_000
    /// A continuing project whose total changed by more than this factor from last year's
    /// (either way) is asked about (AMOUNT-JUMP).
    public var changeFactorFromLastYear: Int = 10

    /// Values that cannot be checked at year end (VAGUE-VALUE).
    public var vagueWords: [String] = ["有效提高", "进一步强化", "明显改善", "持续提升", "显著提高", "有所提高", "不断完善", "逐步提高", "进一步提升", "稳步提升", "大幅提升", "较好", "良好", "提高", "改善", "加强"]
    /// Budget-process measures that are not outputs (PROCESS-MEASURE-AS-OUTPUT).
    public var processMeasures: [String] = ["资金使用率", "预算执行率", "资金到位率", "经费及时下达率", "资金拨付率", "资金支付率", "资金下达率", "预算完成率", "资金及时拨付率"]
    /// Words in a project's name or goal that say it serves people directly, so a 满意度
    /// indicator is expected (SATISFACTION-EXPECTED).
    public var serviceKeywords: [String] = ["服务对象", "群众", "补助", "救助", "培训", "慰问", "居民", "学生", "患者", "老年人", "就业", "困难"]
    /// Words that mark a project as 涉密 (in its name or goal).
    public var secretMarkers: [String] = ["涉密"]
    /// The table's own labels, which have no place inside a goal or an indicator (LABEL-PASTED).
    public var labelFragments: [String] = ["年度总体绩效目标", "实施周期指标值", "年度指标值", "项目名称（资金使用单位）", "资金使用单位", "一级指标", "二级指标", "三级指标", "绩效指标："]

    /// Clauses shorter than this (in characters) are too common to show copying (GOAL-COPIED).
    public var copyClauseMinimumLength: Int = 6
    /// Two goals count as copied when their shared clauses make up at least this share of
    /// the shorter goal's clause text (0–1).
    public var copySharedShare: Double = 0.6
    /// A clause found in more goals than this is boilerplate, not copying.
    public var copyClauseMaximumProjects: Int = 50

    /// When true, word lists in a rules file replace the defaults instead of extending them.
    public var replaceWordLists: Bool = false

    /// The monitoring round's warning lights (docs/domain.md §9).
    public var monitoring = MonitoringThresholds()

    public init() {}

    /// Every key optional, the default where one is missing: settings saved before a setting
    /// existed read with it at its default, instead of failing and falling back to all defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReviewSettings()
        disabled = try c.decodeIfPresent(Set<String>.self, forKey: .disabled) ?? d.disabled
        severities = try c.decodeIfPresent([String: Severity].self, forKey: .severities) ?? d.severities
        largeProjectWanYuan = try c.decodeIfPresent(Int.self, forKey: .largeProjectWanYuan) ?? d.largeProjectWanYuan
        minimumIndicatorsForLargeProject = try c.decodeIfPresent(Int.self, forKey: .minimumIndicatorsForLargeProject) ?? d.minimumIndicatorsForLargeProject
        projectCeilingWanYuan = try c.decodeIfPresent(Int.self, forKey: .projectCeilingWanYuan) ?? d.projectCeilingWanYuan
        changeFactorFromLastYear = try c.decodeIfPresent(Int.self, forKey: .changeFactorFromLastYear) ?? d.changeFactorFromLastYear
        vagueWords = try c.decodeIfPresent([String].self, forKey: .vagueWords) ?? d.vagueWords
        processMeasures = try c.decodeIfPresent([String].self, forKey: .processMeasures) ?? d.processMeasures
        serviceKeywords = try c.decodeIfPresent([String].self, forKey: .serviceKeywords) ?? d.serviceKeywords
        secretMarkers = try c.decodeIfPresent([String].self, forKey: .secretMarkers) ?? d.secretMarkers
        labelFragments = try c.decodeIfPresent([String].self, forKey: .labelFragments) ?? d.labelFragments
        copyClauseMinimumLength = try c.decodeIfPresent(Int.self, forKey: .copyClauseMinimumLength) ?? d.copyClauseMinimumLength
        copySharedShare = try c.decodeIfPresent(Double.self, forKey: .copySharedShare) ?? d.copySharedShare
        copyClauseMaximumProjects = try c.decodeIfPresent(Int.self, forKey: .copyClauseMaximumProjects) ?? d.copyClauseMaximumProjects
        replaceWordLists = try c.decodeIfPresent(Bool.self, forKey: .replaceWordLists) ?? d.replaceWordLists
        monitoring = try c.decodeIfPresent(MonitoringThresholds.self, forKey: .monitoring) ?? d.monitoring
    }

    /// The severity a rule runs at, or nil when it is disabled.
    public func severity(of rule: RuleDescription) -> Severity? {
        disabled.contains(rule.id) ? nil : severities[rule.id] ?? rule.defaultSeverity
    }
}

extension ReviewSettings {
    /// The settings of a rules file over the defaults. Unknown keys and unknown rule ids are
    /// errors: a misspelt rule id silently doing nothing is worse than a message.
    public static func merging(_ file: RulesFile, over base: ReviewSettings = ReviewSettings()) throws(RulesFileError) -> ReviewSettings {
        var settings = base
        let known = Set(RuleCatalogue.rules.map(\.description.id))
        for id in (file.disabled ?? []) + Array((file.severities ?? [:]).keys) where !known.contains(id) {
            throw RulesFileError(message: "unknown rule id \"\(id)\" (jixiao rules lists them)")
        }
        settings.disabled.formUnion(file.disabled ?? [])
        settings.severities.merge(file.severities ?? [:]) { $1 }
        if let v = file.largeProjectWanYuan { settings.largeProjectWanYuan = v }
        if let v = file.minimumIndicatorsForLargeProject { settings.minimumIndicatorsForLargeProject = v }
        if let v = file.projectCeilingWanYuan { settings.projectCeilingWanYuan = v }
        if let v = file.changeFactorFromLastYear { settings.changeFactorFromLastYear = v }
        if let v = file.copyClauseMinimumLength { settings.copyClauseMinimumLength = v }
        if let v = file.copySharedShare {
            guard (0...1).contains(v) else { throw RulesFileError(message: "copySharedShare must be between 0 and 1, found \(v)") }
            settings.copySharedShare = v
        }
        if let v = file.copyClauseMaximumProjects { settings.copyClauseMaximumProjects = v }
        if let v = file.monitoring {
            if let problem = v.problem { throw RulesFileError(message: "monitoring: \(problem)") }
            settings.monitoring = v
        }
        let replace = file.replaceWordLists ?? false
        func merge(_ list: [String]?, into words: inout [String]) {
            guard let list else { return }
            words = replace ? list : words + list.filter { !words.contains($0) }
        }
        merge(file.vagueWords, into: &settings.vagueWords)
        merge(file.processMeasures, into: &settings.processMeasures)
        merge(file.serviceKeywords, into: &settings.serviceKeywords)
        merge(file.secretMarkers, into: &settings.secretMarkers)
        merge(file.labelFragments, into: &settings.labelFragments)
        return settings
    }
}

/// The JSON rules file: every key optional.
public struct RulesFile: Codable, Sendable {
    public var disabled: [String]?
    public var severities: [String: Severity]?
    public var largeProjectWanYuan: Int?
    public var minimumIndicatorsForLargeProject: Int?
    public var projectCeilingWanYuan: Int?
    public var changeFactorFromLastYear: Int?
    public var vagueWords: [String]?
    public var processMeasures: [String]?
    public var serviceKeywords: [String]?
    public var secretMarkers: [String]?
    public var labelFragments: [String]?
    public var copyClauseMinimumLength: Int?
    public var copySharedShare: Double?
    public var copyClauseMaximumProjects: Int?
    public var replaceWordLists: Bool?
    public var monitoring: MonitoringThresholds?

    public init(disabled: [String]? = nil, severities: [String: Severity]? = nil) {
        self.disabled = disabled
        self.severities = severities
    }
}

public struct RulesFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Where the monitoring lights change, in whole percent (docs/domain.md §9). Money: the
/// execution rate over the share of the year gone (q); a counted target: what is reached over
/// the target's share of the year, a rate target: over the target (c).
public struct MonitoringThresholds: Hashable, Codable, Sendable {
    /// q below this is red …
    public var moneyRed = 60
    /// … below this yellow, else green.
    public var moneyYellow = 80
    /// c below this is red …
    public var targetRed = 60
    /// … below this yellow …
    public var targetYellow = 80
    /// … from this on blue (the target may have been set too low), green between.
    public var targetBlue = 120

    public init() {}

    /// Every key optional, the default where one is missing.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MonitoringThresholds()
        moneyRed = try c.decodeIfPresent(Int.self, forKey: .moneyRed) ?? d.moneyRed
        moneyYellow = try c.decodeIfPresent(Int.self, forKey: .moneyYellow) ?? d.moneyYellow
        targetRed = try c.decodeIfPresent(Int.self, forKey: .targetRed) ?? d.targetRed
        targetYellow = try c.decodeIfPresent(Int.self, forKey: .targetYellow) ?? d.targetYellow
        targetBlue = try c.decodeIfPresent(Int.self, forKey: .targetBlue) ?? d.targetBlue
    }

    /// What is wrong with the thresholds, in words, or nil: each band must follow the one before.
    public var problem: String? {
        guard (0...1000).contains(moneyRed), (0...1000).contains(targetRed) else { return "thresholds are percentages from 0 to 1000" }
        guard moneyRed <= moneyYellow, moneyYellow <= 1000 else { return "moneyRed (\(moneyRed)) must not exceed moneyYellow (\(moneyYellow))" }
        guard targetRed <= targetYellow, targetYellow < targetBlue, targetBlue <= 1000 else {
            return "targetRed (\(targetRed)) ≤ targetYellow (\(targetYellow)) < targetBlue (\(targetBlue)) is required"
        }
        return nil
    }
}
