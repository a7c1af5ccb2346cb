import JixiaoCore
import JixiaoReview

/// A light as pages show it: the colour as a class, the word beside it (红灯), what it means.
struct LightView: Sendable, Encodable {
    var code: String, title: String, meaning: String

    init(_ light: Light?) {
        code = light?.rawValue ?? "none"
        title = light?.chinese ?? "未亮灯"
        meaning = light?.meaning ?? "未填报"
    }
}

/// A checkbox of a 偏差原因 category, its field named for the form it is in.
struct CauseOption: Sendable {
    var field: String, title: String, checked: Bool

    static func options(_ causes: MonitoringForm.Causes, prefix: String) -> [CauseOption] {
        let ticked = Set(causes.list)
        return zip(DeviationCause.allCases, MonitoringForm.Causes.keys).map { cause, key in
            CauseOption(field: "\(prefix)[\(key)]", title: cause.rawValue, checked: ticked.contains(cause))
        }
    }
}

struct ChoiceOption: Sendable { var value: String, title: String, selected: Bool }

/// A project's monitoring form (or, for whoever may not edit it, the same page to read): its
/// money, its indicators beside their targets, the lights, and the findings by their fields.
struct MonitoringProjectPage: PageView {
    struct Row: Sendable {
        var i: Int, number: String, level1: String, level2: String, name: String, target: String, kind: String
        var reached: String, forecast: String, likelihoods: [ChoiceOption], likelihood: String
        var causes: [CauseOption], deviation: String, correction: String
        var light: LightView, c: String, findings: [FindingView], invalid: Bool
    }
    struct Invalid: Sendable { var annualBudget = false, spent = false, forecastSpent = false }
    static let template = "monitoringProject"
    var title: String, department: String, year: Int, month: Int, reportHref: String, href: String, previewHref: String
    var unit: String, name: String, version: Int, editable: Bool, stateTitle: String
    var initialBudget: String, annualBudget: String, spent: String, forecastSpent: String
    var causes: [CauseOption], causesText: String, deviation: String, correction: String
    var rate: String, q: String, schedule: String, moneyLight: LightView, light: LightView
    var rows: [Row], invalid: Invalid
    var moneyFindings: [FindingView], projectFindings: [FindingView]
    var problems: [String], notice: String?
}

/// A department's report in a round: state, steps, lights, projects, downloads, comments, findings.
struct MonitoringReportPage: PageView {
    struct Project: Sendable {
        var unit: String, name: String, href: String?, initial: String, budget: String, spent: String, rate: String
        var moneyLight: LightView, light: LightView, findings: Int
    }
    struct Counts: Sendable { var projects: Int, reported: Int, red: Int, yellow: Int, blue: Int, green: Int }
    struct Download: Sendable { var href: String, label: String }
    struct Comment: Sendable { var author: String, body: String, at: String, project: String?, transition: String? }
    static let template = "monitoringReport"
    var title: String, department: String, year: Int, month: Int, state: String, stateTitle: String, due: String
    var overviewHref: String?, transitionsHref: String, commentsHref: String, uploadHref: String
    var actions: [WorkspaceTablePage.Action], counts: Counts, money: String, moneyLight: LightView
    var projects: [Project], downloads: [Download], editable: Bool, mayComment: Bool, projectNames: [String]
    var comments: [Comment], timeline: [TableTimeline.Event], orphans: String?, findings: [FindingView], hasFindings: Bool, findingCounts: String
    var notice: String?, error: String?
}

/// A round's overview for the finance bureau: each department's report, its lateness, money and lights.
struct MonitoringOverviewPage: PageView {
    struct Row: Sendable {
        var department: String, href: String, state: String, stateTitle: String, late: String?, submitted: String
        var projects: Int, reported: Int, red: Int, yellow: Int, blue: Int, green: Int
        var initial: String, budget: String, spent: String, rate: String, q: String, moneyLight: LightView
    }
    struct Round: Sendable { var title: String, href: String, current: Bool }
    static let template = "monitoringOverview"
    var title: String, year: Int, month: Int, due: String, schedule: String
    var rows: [Row], total: Row, rounds: [Round], downloadHref: String, summary: String
}

/// 管理 › 运行监控: the rounds and the form that opens one.
struct AdminMonitoringPage: PageView {
    struct Row: Sendable { var title: String, due: String, opened: String, published: Bool, href: String, overviewHref: String, action: String }
    static let template = "adminMonitoring"
    let title = "运行监控"
    var rounds: [Row], years: [ChoiceOption], month: String, due: String, notice: String?, error: String?
}
