import JixiaoCore

/// How much a finding matters. An error makes the table wrong (a sum that fails, a 二级 under
/// the wrong 一级, an unreadable value); what a published table may legitimately contain is a
/// warning or info.
public enum Severity: String, CaseIterable, Codable, Comparable, Sendable {
    case error, warning, info

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }

    /// The word the Chinese report uses.
    public var chinese: String {
        switch self {
        case .error: "错误"
        case .warning: "警告"
        case .info: "提示"
        }
    }
}

/// The national review dimensions (docs/domain.md §4), plus 金额 for the table's own arithmetic.
public enum Dimension: String, CaseIterable, Codable, Sendable {
    case amounts = "金额"
    case completeness = "完整性"
    case relevance = "相关性"
    case appropriateness = "适当性"
    case feasibility = "可行性"
}

/// Where a finding points: the line of the source file (when read from one), the unit, the
/// project, the indicator's number and the field.
public struct Location: Hashable, Codable, Sendable {
    public var line: Int?
    public var unit: String?
    public var project: String?
    /// The indicator's number as the table writes it (`N、`), or its position from 1.
    public var indicator: Int?
    /// The column or part: 总计, 财政拨款, 绩效目标, 年度指标值, 二级指标 …
    public var field: String?

    public init(line: Int? = nil, unit: String? = nil, project: String? = nil, indicator: Int? = nil, field: String? = nil) {
        self.line = line
        self.unit = unit
        self.project = project
        self.indicator = indicator
        self.field = field
    }

    /// `第12行 组织部 › 编外人员聘用经费 › 指标2 › 年度指标值`
    public var chinese: String {
        var parts: [String] = []
        if let line { parts.append("第\(line)行") }
        var path: [String] = []
        if let unit { path.append(unit) }
        if let project { path.append(project) }
        if let indicator { path.append("指标\(indicator)") }
        if let field { path.append(field) }
        if !path.isEmpty { parts.append(path.joined(separator: " › ")) }
        return parts.joined(separator: " ")
    }
}

/// One thing the review found: which rule, how severe, where, what, and how to fix it.
public struct Finding: Hashable, Codable, Sendable {
    public var rule: String
    public var severity: Severity
    public var dimension: Dimension
    public var location: Location
    /// What is wrong, in Chinese, with the figures involved.
    public var message: String
    public var expected: String?
    public var found: String?
    /// What to do about it, in Chinese.
    public var fix: String

    public init(rule: String, severity: Severity, dimension: Dimension, location: Location, message: String,
                expected: String? = nil, found: String? = nil, fix: String) {
        self.rule = rule
        self.severity = severity
        self.dimension = dimension
        self.location = location
        self.message = message
        self.expected = expected
        self.found = found
        self.fix = fix
    }
}

/// A rule as the catalogue lists it.
public struct RuleDescription: Hashable, Codable, Sendable {
    /// Stable: settings files and API clients refer to rules by it.
    public var id: String
    public var title: String
    public var dimension: Dimension
    public var defaultSeverity: Severity
    /// What the rule checks and why, in Chinese.
    public var explanation: String
}
