/// What a department reports for one project in a monitoring round (绩效运行监控, "双监控";
/// docs/domain.md §9): its money so far and how far each indicator has come.
public struct ProjectProgress: Hashable, Sendable {
    /// The project, by its name in the table.
    public var project: String
    /// 全年预算数 (调整后预算数); nil when not reported: the table's 年初预算数 stands.
    public var annualBudget: Money?
    /// 1–N月执行数; nil when not reported.
    public var spent: Money?
    /// 全年预计执行数; nil when not reported.
    public var forecastSpent: Money?
    /// Why the money lags (asked for when its light is red).
    public var deviation: DeviationReason
    /// 纠偏措施 for the money.
    public var correction: String
    public var indicators: [IndicatorProgress]

    public init(project: String, annualBudget: Money? = nil, spent: Money? = nil, forecastSpent: Money? = nil,
                deviation: DeviationReason = DeviationReason(), correction: String = "", indicators: [IndicatorProgress] = []) {
        self.project = project
        self.annualBudget = annualBudget
        self.spent = spent
        self.forecastSpent = forecastSpent
        self.deviation = deviation
        self.correction = correction
        self.indicators = indicators
    }

    /// How long a 截至目前完成值 or 全年预计完成值 may be, and a 偏差原因's words or a 纠偏措施
    /// (as a comment): what a form, an upload and the API refuse beyond, rather than store a text
    /// no form can post back and no Excel cell can hold.
    public static let valueLimit = 200
    public static let textLimit = 2000

    /// The first text beyond its limit, as (field, limit), or nil.
    public var oversized: (field: String, limit: Int)? {
        if deviation.text.count > Self.textLimit { return ("偏差原因", Self.textLimit) }
        if correction.count > Self.textLimit { return ("纠偏措施", Self.textLimit) }
        for line in indicators {
            if line.reached.count > Self.valueLimit { return ("指标\(line.ordinal)截至目前完成值", Self.valueLimit) }
            if line.forecast.count > Self.valueLimit { return ("指标\(line.ordinal)全年预计完成值", Self.valueLimit) }
            if line.deviation.text.count > Self.textLimit { return ("指标\(line.ordinal)偏差原因", Self.textLimit) }
            if line.correction.count > Self.textLimit { return ("指标\(line.ordinal)纠偏措施", Self.textLimit) }
        }
        return nil
    }

    /// Nothing reported for it.
    public var isEmpty: Bool {
        annualBudget == nil && spent == nil && forecastSpent == nil && deviation.isEmpty && correction.isEmpty && indicators.isEmpty
    }

    /// The report of indicator `ordinal`, if one was made.
    public func indicator(_ ordinal: Int) -> IndicatorProgress? { indicators.first { $0.ordinal == ordinal } }
}

/// How far one indicator has come, by its number in the project.
public struct IndicatorProgress: Hashable, Sendable {
    public var ordinal: Int
    /// 截至目前完成值, as written (`45%`, `1人`); empty when not reported.
    public var reached: String
    /// 全年预计完成值, as written.
    public var forecast: String
    /// 完成目标可能性
    public var likelihood: Likelihood?
    /// 偏差原因
    public var deviation: DeviationReason
    /// 纠偏措施
    public var correction: String

    public init(ordinal: Int, reached: String = "", forecast: String = "", likelihood: Likelihood? = nil,
                deviation: DeviationReason = DeviationReason(), correction: String = "") {
        self.ordinal = ordinal
        self.reached = reached
        self.forecast = forecast
        self.likelihood = likelihood
        self.deviation = deviation
        self.correction = correction
    }

    /// Nothing reported for it.
    public var isEmpty: Bool {
        reached.isEmpty && forecast.isEmpty && likelihood == nil && deviation.isEmpty && correction.isEmpty
    }
}

/// 完成目标可能性: the department's own forecast for a target.
public enum Likelihood: String, CaseIterable, Hashable, Sendable, Codable {
    case certain = "确定能"
    case possible = "有可能"
    case impossible = "完全不可能"
}

/// The official categories of 偏差原因.
public enum DeviationCause: String, CaseIterable, Hashable, Sendable, Codable {
    case funding = "经费保障"
    case policy = "制度保障"
    case staffing = "人员保障"
    case equipment = "硬件条件保障"
    case other = "其他"
}

/// A 偏差原因: the categories that apply (several may) and the words that explain them. One
/// cell holds both as `经费保障、其他：供应商延期交货` — the categories separated by `、`, the
/// text after a `：`; a cell that starts with no category is all text.
public struct DeviationReason: Hashable, Sendable {
    public var causes: [DeviationCause]
    public var text: String

    public init(causes: [DeviationCause] = [], text: String = "") {
        self.causes = causes
        self.text = text
    }

    public var isEmpty: Bool { causes.isEmpty && text.isEmpty }

    /// Whether it gives a reason: a category, or words (spaces and invisible characters alone
    /// are none).
    public var givesReason: Bool { !causes.isEmpty || text.saysSomething }

    /// Reads a cell; every cell reads (the words that are not categories are the text).
    public init(cell: String) {
        var causes: [DeviationCause] = []
        var rest = Substring(cell.trimmingSpaces())
        while !rest.isEmpty {
            let token = rest.prefix { $0 != "、" }
            if let cause = DeviationCause(rawValue: String(token)) {
                if !causes.contains(cause) { causes.append(cause) }
                rest = rest.dropFirst(token.count).drop { $0 == "、" }
                continue
            }
            if let cause = DeviationCause.allCases.first(where: { token.hasPrefix($0.rawValue + "：") || token.hasPrefix($0.rawValue + ":") }) {
                if !causes.contains(cause) { causes.append(cause) }
                rest = rest.dropFirst(cause.rawValue.count + 1)
            }
            break
        }
        self.init(causes: causes, text: String(rest).trimmingSpaces())
    }

    /// The cell `init(cell:)` reads back as this reason.
    public var cell: String {
        let names = causes.map(\.rawValue).joined(separator: "、")
        if text.isEmpty { return names }
        return names.isEmpty ? text : names + "：" + text
    }
}

/// A project of a table by its place: unit `u`, project `p` (names may repeat across units).
public struct ProjectPlace: Hashable, Sendable, Comparable {
    public var u: Int
    public var p: Int
    public init(u: Int, p: Int) { (self.u, self.p) = (u, p) }
    public static func < (a: ProjectPlace, b: ProjectPlace) -> Bool { (a.u, a.p) < (b.u, b.p) }
}

extension String {
    /// Whether the text holds anything a reader sees: not only spaces, line breaks and invisible
    /// format characters (a zero-width space is no reason and no measure).
    public var saysSomething: Bool {
        unicodeScalars.contains { scalar in
            !scalar.properties.isWhitespace && ![.format, .control, .unassigned, .surrogate].contains(scalar.properties.generalCategory)
        }
    }
}
