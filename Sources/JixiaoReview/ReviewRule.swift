import JixiaoCore

/// One rule of the catalogue: it describes itself and reports what it finds. A rule looks
/// at the whole table (sums, copies across projects), at one project at a time, or at one
/// indicator at a time; the review walks the projects once and hands each project and
/// indicator to the rules that look at them.
public protocol ReviewRule: Sendable {
    var description: RuleDescription { get }
}

/// A rule over the whole table.
protocol TableRule: ReviewRule {
    func check(_ context: ReviewContext, _ report: inout FindingReport)
}

/// A rule about one project at a time.
protocol ProjectRule: ReviewRule {
    func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport)
}

/// A rule about one indicator at a time.
protocol IndicatorRule: ReviewRule {
    func check(_ indicator: Indicator, _ index: Int, of project: Project, at position: ProjectPosition,
               _ context: ReviewContext, _ report: inout FindingReport)
}

/// Where a project stands (its unit and place, the line it was read from), and the
/// framework categories of its indicators, looked up once for all the rules.
struct ProjectPosition {
    let u: Int
    let p: Int
    let line: Int?
    let unit: String
    /// `primary[i]`, `secondary[i]`: the categories of indicator i.
    var primary: [PrimaryCategory?] = []
    var secondary: [SecondaryCategory?] = []
    /// Marked 涉密 in its name or goal.
    var isSecret = false

    mutating func categorise(_ project: Project, _ context: ReviewContext) {
        primary = project.indicators.map(\.primaryCategory)
        secondary = project.indicators.map(\.secondaryCategory)
        isSecret = context.isSecret(project)
    }

    /// A 涉密 project that states no goal and no indicators is exempt from completeness
    /// findings (docs/domain.md §7).
    func isExemptSecret(_ project: Project) -> Bool { isSecret && project.hasNoTargets }

    func location(_ project: Project, indicator index: Int? = nil, field: String? = nil) -> Location {
        let number = index.map { project.indicators[$0].ordinal ?? $0 + 1 }
        return Location(line: line, unit: unit, project: project.name, indicator: number, field: field)
    }
}

/// What a rule sees: the table, where its rows stood, the settings, and the keyword sets
/// built from them once.
public struct ReviewContext: Sendable {
    public let table: BudgetTable
    public let lines: SourceLines
    public let settings: ReviewSettings
    let secretMarkers: KeywordSet
    let vagueWords: KeywordSet
    let processMeasures: KeywordSet
    let serviceKeywords: KeywordSet
    let labelFragments: KeywordSet
    /// Last year's targets by `unit|project|indicator`: (period, annual) text, when the review is
    /// given the department's previous table (`CARRIED-OVER`).
    let previousTargets: [String: [String?]]
    /// Last year's project totals by `unit|project` (`AMOUNT-JUMP`).
    let previousTotals: [String: Money]

    public init(table: BudgetTable, lines: SourceLines = SourceLines(), settings: ReviewSettings = ReviewSettings(),
                previousYear: BudgetTable? = nil) {
        self.table = table
        var previous: [String: [String?]] = [:]
        var totals: [String: Money] = [:]
        for unit in previousYear?.units ?? [] {
            for project in unit.projects {
                totals[unit.name + "|" + project.name] = project.amounts.total
                for indicator in project.indicators where indicator.unparsedText == nil {
                    previous[Self.targetKey(unit.name, project.name, indicator.name)] = [indicator.periodTarget?.text, indicator.annualTarget?.text]
                }
            }
        }
        previousTargets = previous
        previousTotals = totals
        self.lines = lines
        self.settings = settings
        secretMarkers = KeywordSet(settings.secretMarkers)
        vagueWords = KeywordSet(settings.vagueWords)
        processMeasures = KeywordSet(settings.processMeasures)
        serviceKeywords = KeywordSet(settings.serviceKeywords)
        labelFragments = KeywordSet(settings.labelFragments)
    }

    static func targetKey(_ unit: String, _ project: String, _ indicator: String) -> String { unit + "|" + project + "|" + indicator }

    var unit: MoneyUnit { table.moneyUnit }

    /// `1,980.40 万元`
    func money(_ value: Money) -> String { value.formatted(in: unit) + " " + unit.rawValue }

    func position(_ u: Int, _ p: Int) -> ProjectPosition {
        ProjectPosition(u: u, p: p, line: lines.project(u, p), unit: table.units[u].name)
    }

    func atProject(_ u: Int, _ p: Int, field: String? = nil) -> Location {
        position(u, p).location(table.units[u].projects[p], field: field)
    }

    func atUnit(_ u: Int, field: String? = nil) -> Location {
        Location(line: lines.unit(u), unit: table.units[u].name, field: field)
    }

    func atTotal(field: String? = nil) -> Location {
        Location(line: lines.total, project: "合计", field: field)
    }

    /// Marked 涉密 in its name or goal.
    func isSecret(_ project: Project) -> Bool {
        secretMarkers.first(in: project.name) != nil || secretMarkers.first(in: project.goal) != nil
    }

}

/// Collects one rule's findings, applying the configured severity.
public struct FindingReport: Sendable {
    let rule: RuleDescription
    /// The severity the settings give the rule; overrides whatever the rule proposes.
    let configured: Severity?
    public private(set) var findings: [Finding] = []

    mutating func add(
        _ location: Location, _ message: String, expected: String? = nil, found: String? = nil, fix: String,
        severity proposed: Severity? = nil
    ) {
        findings.append(Finding(
            rule: rule.id, severity: configured ?? proposed ?? rule.defaultSeverity, dimension: rule.dimension,
            location: location, message: message, expected: expected, found: found, fix: fix
        ))
    }
}
