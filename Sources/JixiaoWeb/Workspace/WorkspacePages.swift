import JixiaoReview

/// 工作台: what awaits this person, then the tables they may read by year.
struct WorkspacePage: PageView {
    struct Awaiting: Sendable {
        var department: String, year: Int, path: String, what: String
        /// The last step: who, when, what (`陈晓明 2025-03-02 10:14 草稿 → 已提交`).
        var since: String?
        var counts: String
    }
    struct Row: Sendable {
        var department: String, path: String, state: String, stateTitle: String
        var units: Int, projects: Int, total: String
    }
    struct Year: Sendable { var year: Int; var findingsHref: String; var findingsWorkbookHref: String; var tables: [Row] }
    static let template = "workspace"
    let title = "工作台"
    /// 待办, sorted and filtered; nil when nothing waits for this person.
    struct AwaitingList: Sendable {
        var items: [Awaiting]
        /// How many wait in all, and how many the filter shows.
        var total: Int, shown: Int
        var sorts: [Choice], states: [Choice]
        var department: String, action: String
    }
    struct Choice: Sendable { var value: String; var title: String; var selected: Bool }
    var years: [Year], scope: String
    var awaiting: AwaitingList?
    var admin: Bool
    /// Opened years the editor's department has no table in yet (新建本年度表).
    var startable: [Startable]
    struct Startable: Sendable { var year: Int; var action: String; var copyFrom: Int? }
    /// Monitoring rounds this person works in: an editor's report, a reviewer's overview.
    var monitoring: [MonitoringLink]
    struct MonitoringLink: Sendable { var title: String; var href: String; var due: String; var what: String; var waiting: Bool }
}

/// One finding as the pages show it: rule, severity, where, what, how to fix (a note beside
/// a field leaves out where: it stands there).
struct FindingView: Sendable {
    var rule: String, title: String, severity: String, severityTitle: String, location: String
    var message: String, fix: String
    /// The field the finding is about, on its project's page (`…/projects/7#row-2`), when known.
    var href: String?

    /// On the project's own page: a link to the field further up.
    static func onThisPage(_ finding: Finding) -> FindingView {
        FindingView(finding, href: "#" + FindingLinks.anchor(finding.location))
    }

    init(_ finding: Finding, href: String? = nil) {
        rule = finding.rule
        title = RuleCatalogue.title(of: finding.rule)
        self.href = href
        severity = finding.severity.rawValue
        severityTitle = finding.severity.chinese
        location = finding.location.chinese
        message = finding.message
        fix = finding.fix
    }
}

/// A signed-in table page: state, the next steps this person may take, comments, the units
/// and projects (with their findings and tools), the findings, and the table itself.
struct WorkspaceTablePage: PageView, Hashable {
    struct Links: Sendable, Hashable { var transitions: String; var comments: String; var upload: String; var structure: String }
    struct Download: Sendable, Hashable { var href: String; var label: String }
    struct Action: Sendable, Hashable {
        var action: String, title: String, from: String, needsComment: Bool
        /// The question the button asks (with the open findings), also shown beside it.
        var confirm: String?
    }
    struct Comment: Sendable, Hashable {
        var author: String, body: String, at: String
        /// `单位 › 项目`, so same-named projects of different units are told apart; and its page.
        var project: String?, projectHref: String?, transition: String?
    }
    struct ProjectOption: Sendable { var id: Int64; var name: String; var unit: String }
    struct Upload: Sendable, Hashable { var projects: Int }
    struct Project: Sendable {
        var id: Int64, name: String, version: Int, total: String
        var errors: Int, warnings: Int, href: String, historyHref: String
    }
    struct Unit: Sendable { var unitID: Int64; var name: String; var subtotal: String; var empty: Bool; var projects: [Project] }
    struct RuleGroup: Sendable { var rule: String; var title: String; var severity: String; var severityTitle: String; var count: Int; var fix: String }
    struct Findings: Sendable { var rules: [RuleGroup]; var items: [FindingView]; var open: String }

    static let template = "workspaceTable"
    var title: String, department: String, year: Int, state: String
    var stateTitle: String, table: String, links: Links
    var downloads: [Download], actions: [Action], awaits: String?, comments: [Comment]
    /// The units with their projects, the options of 关于 and the findings: rendered once per
    /// version of the table (`WorkspaceTableParts`).
    var unitsHTML: String, editable: Bool, mayUpload: Upload?, mayComment: Bool
    var projectOptionsHTML: String, findingsHTML: String, publicPath: String?
    /// What the public page shows of this table (published; under correction, the version published before).
    var publicNote: String
    var timeline: [TableTimeline.Event], notice: String?
    var error: String?
}

/// One row of the project form's indicator table (an indicator, or a spare row).
struct IndicatorRow: Sendable {
    struct Option: Sendable {
        var value: String, title: String, selected: Bool
        /// A 二级 option's 一级 (`产出指标`), which the page's script filters the list by.
        var primary: String = ""
    }
    var i: Int, order: Int
    /// The 序号 as typed, when the form comes back refused (else the number).
    var orderText: String? = nil
    var name: String, l1: [Option]
    var l2: [Option], period: String, annual: String, periodReading: String
    var annualReading: String, periodQualitative: Bool, annualQualitative: Bool
    /// The item's text when it does not fit the framework, kept whole.
    var raw: String?
    /// 删除 ticked, and a problem in the row, when the form comes back refused.
    var deleted = false
    var invalid = false
    var hasRowFindings = false
    var rowFindings: [FindingView] = []
}

/// 修改项目: the form, each finding beside the field it concerns, and on a conflict both
/// versions side by side.
struct ProjectEditPage: PageView {
    struct Change: Sendable { var field: String; var theirs: String; var yours: String }
    struct Conflict: Sendable { var by: String; var at: String; var found: Int; var fields: [Change] }
    struct Findings: Sendable { var items: [FindingView] }
    static let template = "projectEdit"
    var title: String, department: String, year: Int, tableHref: String
    var href: String, historyHref: String, unit: String, version: Int
    var name: String, goal: String, fiscal: String, special: String
    var other: String, total: String, rows: [IndicatorRow]
    /// The fields a refused save's problems are in (`nameInvalid`, …), marked on the form.
    var invalid: Invalid = Invalid()
    struct Invalid: Sendable { var name = false, fiscal = false, special = false, other = false }
    var counts: String, findings: Findings?, nameFindings: [FindingView], goalFindings: [FindingView]
    var amountFindings: [FindingView], indicatorFindings: [FindingView], problems: [String], conflict: Conflict?
    var comments: ProjectComments
    var notice: String?
}

/// 项目历史: every saved version and the differences between two.
struct ProjectHistoryPage: PageView {
    struct Version: Sendable { var number: Int; var at: String; var actor: String; var total: String }
    struct Option: Sendable { var n: Int; var isA: Bool; var isB: Bool }
    struct Change: Sendable { var field: String; var before: String; var after: String }
    static let template = "projectHistory"
    var title: String, department: String, year: Int, tableHref: String
    var historyHref: String, name: String, versions: [Version], a: Int
    var b: Int, options: [Option], changes: [Change], same: Bool
}
