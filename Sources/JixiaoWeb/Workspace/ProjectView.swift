import Foundation
import Hummingbird
import JixiaoCore
import JixiaoReview
import JixiaoStore

/// 查看项目: one project read-only — for a reviewer, or an editor while the table is not
/// theirs to change — with its findings beside the fields they concern and the comments about
/// it, where a reviewer can add one.
struct ProjectView {
    let workspace: Workspace

    /// The project's findings, the most severe first.
    static func findings(_ workspace: Workspace, _ summary: TableSummary, _ table: BudgetTable, _ stored: StoredProject) async throws -> [Finding] {
        try await workspace.review(summary)
            .filter { $0.location.project == stored.project.name && ($0.location.unit == nil || $0.location.unit == stored.unit) }
    }

    /// The comments about the project, oldest first, and whether this person may add one.
    static func comments(_ workspace: Workspace, _ account: Account, _ summary: TableSummary, _ stored: StoredProject) async throws -> ProjectComments {
        let all = try await workspace.repository.workflow.comments(department: summary.department, year: summary.fiscalYear)
        let names = try await workspace.tables.displayNames()
        return ProjectComments(
            items: all.filter { $0.projectID == stored.id }.map { .init(author: names[$0.author] ?? $0.author, body: $0.body, at: DisplayTime.text($0.at), transition: $0.transition?.title) },
            action: account.mayComment(summary) ? SiteURL.comments(summary.key).path : nil, projectID: stored.id)
    }

    func render(_ account: Account, _ summary: TableSummary, _ table: BudgetTable, _ stored: StoredProject, _ context: AppContext,
                notice: String? = nil) async throws -> Response {
        let findings = try await Self.findings(workspace, summary, table, stored)
        let project = stored.project
        func near(_ fields: Set<String>) -> [FindingView] {
            findings.filter { $0.location.indicator == nil && fields.contains($0.location.field ?? "") }.map(FindingView.onThisPage)
        }
        let rows = project.indicators.enumerated().map { i, indicator in
            let notes = findings.filter { $0.location.indicator == (indicator.ordinal ?? i + 1) }.map(FindingView.onThisPage)
            return ProjectViewPage.Row(order: indicator.ordinal ?? i + 1, level1: indicator.level1?.text ?? "", level2: indicator.level2?.text ?? "",
                                name: indicator.name, period: indicator.periodTarget?.text ?? "", annual: indicator.annualTarget?.text ?? "",
                                periodReading: ProjectForm.reading(indicator.periodTarget?.text ?? ""),
                                annualReading: ProjectForm.reading(indicator.annualTarget?.text ?? ""), raw: indicator.unparsedText,
                                notes: notes, hasNotes: !notes.isEmpty)
        }
        let page = ProjectViewPage(
            title: "项目：\(project.name)", department: summary.department, year: summary.fiscalYear,
            tableHref: SiteURL.workspaceTable(summary.key).path, historyHref: SiteURL.projectHistory(summary.key, id: stored.id).path,
            why: account.role == .editor && account.department == summary.department
                ? "这张表现在是“\(summary.state.title)”，退回前不能修改；以下为只读。" : "只读查看。",
            unit: stored.unit, version: stored.version, name: project.name, goal: project.goal,
            fiscal: project.amounts.fiscalAppropriation.formatted(in: .wanYuan), special: project.amounts.specialAccount.formatted(in: .wanYuan),
            other: project.amounts.otherFunds.formatted(in: .wanYuan), total: project.amounts.total.formatted(in: .wanYuan),
            rows: rows, nameFindings: near(["项目名称"]), goalFindings: near(["绩效目标"]),
            amountFindings: near(["总计", "财政拨款", "财政专户拨款", "其他资金"]),
            counts: FindingCounts(findings).chinese, findings: findings.isEmpty ? nil : .init(items: findings.map(FindingView.onThisPage)),
            comments: try await Self.comments(workspace, account, summary, stored), notice: notice)
        return Pages.response(page, context)
    }
}

/// The comments about one project, and the form to add one (nil when this person may not).
struct ProjectComments: Sendable {
    struct Item: Sendable { var author: String; var body: String; var at: String; var transition: String? }
    var items: [Item]
    var action: String?
    var projectID: Int64
}

/// 查看项目's page.
struct ProjectViewPage: PageView {
    struct Row: Sendable {
        var order: Int, level1: String, level2: String, name: String
        var period: String, annual: String, periodReading: String, annualReading: String
        var raw: String?, notes: [FindingView]
        /// Stored, as templates read stored properties only (`Reflection`).
        var hasNotes: Bool
    }
    struct Findings: Sendable { var items: [FindingView] }
    static let template = "projectView"
    var title: String, department: String, year: Int, tableHref: String, historyHref: String
    var why: String, unit: String, version: Int, name: String, goal: String
    var fiscal: String, special: String, other: String, total: String, rows: [Row]
    var nameFindings: [FindingView], goalFindings: [FindingView], amountFindings: [FindingView]
    var counts: String, findings: Findings?, comments: ProjectComments
    var notice: String?
}
