import JixiaoReview

/// 工作台: what awaits this person, then the tables they may read by year.
struct WorkspacePage: PageView {
    struct Awaiting: Sendable { var department: String; var year: Int; var path: String; var what: String }
    struct Row: Sendable {
        var department: String
        var path: String
        var state: String
        var stateTitle: String
        var units: Int
        var projects: Int
        var total: String
    }
    struct Year: Sendable { var year: Int; var tables: [Row] }
    static let template = "workspace"
    let title = "工作台"
    var years: [Year]
    var scope: String
    var hasAwaiting: Bool
    var awaiting: [Awaiting]
    var admin: Bool
}

/// One finding as the pages show it: rule, severity, where, what, how to fix.
struct FindingView: Sendable {
    var rule: String
    var severity: String
    var severityTitle: String
    var location: String
    var message: String
    var fix: String

    init(_ finding: Finding) {
        rule = finding.rule
        severity = finding.severity.rawValue
        severityTitle = finding.severity.chinese
        location = finding.location.chinese
        message = finding.message
        fix = finding.fix
    }
}

/// A signed-in table page: state, the next steps this person may take, comments, the units
/// and projects (with their findings and tools), the findings, and the table itself.
struct WorkspaceTablePage: PageView {
    struct Links: Sendable { var transitions: String; var comments: String; var upload: String; var structure: String }
    struct Download: Sendable { var href: String; var label: String }
    struct Action: Sendable { var action: String; var title: String; var from: String; var needsComment: Bool }
    struct Comment: Sendable { var author: String; var body: String; var at: String; var project: String?; var transition: String? }
    struct ProjectOption: Sendable { var id: Int64; var name: String }
    struct Upload: Sendable { var projects: Int }
    struct Project: Sendable {
        var id: Int64
        var name: String
        var version: Int
        var total: String
        var errors: Int
        var warnings: Int
        var href: String
        var historyHref: String
    }
    struct Unit: Sendable { var unitID: Int64; var name: String; var subtotal: String; var empty: Bool; var projects: [Project] }
    struct RuleGroup: Sendable { var rule: String; var severity: String; var severityTitle: String; var count: Int; var fix: String }
    struct Findings: Sendable { var rules: [RuleGroup]; var items: [FindingView]; var open: String }

    static let template = "workspaceTable"
    var title: String
    var department: String
    var year: Int
    var state: String
    var stateTitle: String
    var counts: String
    var table: String
    var links: Links
    var downloads: [Download]
    var actions: [Action]
    var awaits: String?
    var comments: [Comment]
    var units: [Unit]
    var editable: Bool
    var mayUpload: Upload?
    var mayComment: Bool
    var projectOptions: [ProjectOption]
    var findings: Findings?
    var publicPath: String?
    var notice: String?
    var error: String?
}

/// A finding as a note beside a field: rule, what, how to fix.
struct FindingNote: Sendable {
    var rule: String
    var severity: String
    var severityTitle: String
    var message: String
    var fix: String

    init(_ finding: Finding) {
        rule = finding.rule
        severity = finding.severity.rawValue
        severityTitle = finding.severity.chinese
        message = finding.message
        fix = finding.fix
    }
}

/// One row of the project form's indicator table (an indicator, or a spare row).
struct IndicatorRow: Sendable {
    struct Option: Sendable { var value: String; var title: String; var selected: Bool }
    var i: Int
    var order: Int
    var name: String
    var l1: [Option]
    var l2: [Option]
    var period: String
    var annual: String
    var periodReading: String
    var annualReading: String
    var periodQualitative: Bool
    var annualQualitative: Bool
    /// The item's text when it does not fit the framework, kept whole.
    var raw: String?
    var hasRowFindings = false
    var rowFindings: [FindingNote] = []
}

/// 修改项目: the form, each finding beside the field it concerns, and on a conflict both
/// versions side by side.
struct ProjectEditPage: PageView {
    struct Change: Sendable { var field: String; var theirs: String; var yours: String }
    struct Conflict: Sendable { var by: String; var at: String; var found: Int; var fields: [Change] }
    struct Findings: Sendable { var items: [FindingView] }
    static let template = "projectEdit"
    var title: String
    var department: String
    var year: Int
    var tableHref: String
    var href: String
    var historyHref: String
    var unit: String
    var version: Int
    var name: String
    var goal: String
    var fiscal: String
    var special: String
    var other: String
    var total: String
    var rows: [IndicatorRow]
    var rowCount: Int
    var counts: String
    var findings: Findings?
    var nameFindings: [FindingNote]
    var goalFindings: [FindingNote]
    var amountFindings: [FindingNote]
    var indicatorFindings: [FindingNote]
    var problems: [String]
    var conflict: Conflict?
    var notice: String?
}

/// 项目历史: every saved version and the differences between two.
struct ProjectHistoryPage: PageView {
    struct Version: Sendable { var number: Int; var at: String; var actor: String; var total: String }
    struct Option: Sendable { var n: Int; var isA: Bool; var isB: Bool }
    struct Change: Sendable { var field: String; var before: String; var after: String }
    static let template = "projectHistory"
    var title: String
    var department: String
    var year: Int
    var tableHref: String
    var historyHref: String
    var name: String
    var versions: [Version]
    var a: Int
    var b: Int
    var options: [Option]
    var changes: [Change]
    var same: Bool
}
