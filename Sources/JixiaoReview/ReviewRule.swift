import JixiaoCore

/// One rule of the catalogue: it describes itself and reports what it finds.
public protocol ReviewRule: Sendable {
    var description: RuleDescription { get }
    func check(_ context: ReviewContext, _ report: inout FindingReport)
}

/// What a rule sees: the table, where its rows stood, the settings.
public struct ReviewContext: Sendable {
    public let table: BudgetTable
    public let lines: SourceLines
    public let settings: ReviewSettings
    let secretMarkers: KeywordSet

    public init(table: BudgetTable, lines: SourceLines = SourceLines(), settings: ReviewSettings = ReviewSettings()) {
        self.table = table
        self.lines = lines
        self.settings = settings
        self.secretMarkers = KeywordSet(settings.secretMarkers)
    }

    /// Marked 涉密 in its name or goal.
    func isSecret(_ project: Project) -> Bool {
        secretMarkers.first(in: project.name, project.goal) != nil
    }

    var unit: MoneyUnit { table.moneyUnit }

    /// `1,980.40 万元`
    func money(_ value: Money) -> String { value.formatted(in: unit) + " " + unit.rawValue }

    func atProject(_ u: Int, _ p: Int, indicator: Int? = nil, field: String? = nil) -> Location {
        let project = table.units[u].projects[p]
        let number = indicator.map { project.indicators[$0].ordinal ?? $0 + 1 }
        return Location(line: lines.project(u, p), unit: table.units[u].name, project: project.name, indicator: number, field: field)
    }

    func atUnit(_ u: Int, field: String? = nil) -> Location {
        Location(line: lines.unit(u), unit: table.units[u].name, field: field)
    }

    func atTotal(field: String? = nil) -> Location {
        Location(line: lines.total, project: "合计", field: field)
    }

    /// Every project with its unit and position.
    func forEachProject(_ body: (_ u: Int, _ p: Int, _ project: Project) -> Void) {
        for (u, unit) in table.units.enumerated() {
            for (p, project) in unit.projects.enumerated() { body(u, p, project) }
        }
    }

    /// A 涉密 project that states no goal and no indicators is exempt from completeness
    /// findings (domain.md §7).
    func isExemptSecret(_ project: Project) -> Bool {
        project.hasNoTargets && isSecret(project)
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
