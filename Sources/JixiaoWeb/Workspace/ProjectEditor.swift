import Foundation
import Hummingbird
import JixiaoCore
import JixiaoReview
import JixiaoStore

/// 修改项目: one project's form, its findings beside it, saved with the version it was read
/// at. A save that finds the project changed by someone else keeps the person's input, shows
/// both versions, and saves nothing until they decide.
struct ProjectEditor {
    let repository: any TableRepository
    let workspace: Workspace

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.project(.any, id: 0).route) { request, context in
            let (account, summary, table, stored) = try await located(request, context)
            var notice: String?
            // Whoever may read the table but not edit it now reads the project, its findings and comments.
            if request.uri.queryParameters.get("notice") == "comment" { notice = "意见已保存。" }
            guard account.mayEdit(summary) else {
                return try await ProjectView(workspace: workspace).render(account, summary, table, stored, context, notice: notice)
            }
            if request.uri.queryParameters.get("notice") == "saved" { notice = "已保存（第 \(stored.version) 版），审核发现已按新内容更新。" }
            return try await render(summary, table, stored, .saved(stored.project), version: stored.version, context, notice: notice)
        }
        router.post(SiteURL.project(.any, id: 0).route) { request, context in try await save(request, context) }
    }

    /// The project the path names, in a table this person may read.
    func located(_ request: Request, _ context: AppContext) async throws -> (Account, TableSummary, BudgetTable, StoredProject) {
        let account = try context.requireAccount(request)
        let (summary, entry) = try await workspace.readableEntry(request, context)
        let table = entry.table
        guard let id = context.parameters.get("id", as: Int64.self), let stored = entry.stored.first(where: { $0.id == id }) else {
            throw HTTPError(.notFound, message: "这张表没有这个项目。")
        }
        return (account, summary, table, stored)
    }

    /// The project, if this person may edit it now.
    func editable(_ request: Request, _ context: AppContext) async throws -> (TableSummary, BudgetTable, StoredProject) {
        let (account, summary, table, stored) = try await located(request, context)
        guard account.mayEdit(summary) else {
            throw HTTPError(.forbidden, message: summary.state == .draft || summary.state == .returned
                ? "只有本部门的填报人员可以修改项目。" : "这张表现在是“\(summary.state.title)”，退回前不能修改。")
        }
        return (summary, table, stored)
    }

    /// What the form shows: a project (as saved, or as submitted against a newer version), or
    /// a refused form exactly as it was typed, its problems' fields marked.
    enum Shown {
        case saved(Project)
        case typed(ProjectForm.Input, [ProjectForm.Problem])
    }

    func render(_ summary: TableSummary, _ table: BudgetTable, _ stored: StoredProject, _ shown: Shown, version: Int, _ context: AppContext,
                notice: String? = nil, error: [String] = [], conflict: ProjectEditPage.Conflict? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let findings = try await ProjectView.findings(workspace, summary, table, stored)
        guard let account = context.identity else { throw HTTPError(.unauthorized) }
        var rows: [IndicatorRow]
        let name: String, goal: String, fiscal: String, special: String, other: String, total: String
        var invalid = ProjectEditPage.Invalid()
        switch shown {
        case .saved(let project):
            // Each finding beside the field it concerns: an indicator's on its row, the rest by field.
            rows = ProjectForm.rows(project.indicators)
            for i in rows.indices {
                let own = findings.filter { $0.location.indicator == i + 1 }
                rows[i].hasRowFindings = !own.isEmpty
                rows[i].rowFindings = own.map(FindingView.onThisPage)
            }
            (name, goal, total) = (project.name, project.goal, project.amounts.total.formatted(in: .wanYuan))
            fiscal = ProjectForm.amountText(project.amounts.fiscalAppropriation)
            special = ProjectForm.amountText(project.amounts.specialAccount)
            other = ProjectForm.amountText(project.amounts.otherFunds)
        case .typed(let form, let problems):
            // The saved findings stay in the list below; beside rows they could point at the wrong one.
            rows = ProjectForm.rows(typed: form, problems: problems)
            (name, goal, fiscal, special, other, total) = (form.name, form.goal, form.fiscal, form.special, form.other, "（金额有误）")
            let bad = Set(problems.map(\.field))
            invalid = .init(name: bad.contains("name"), fiscal: bad.contains("fiscal") || bad.contains("amounts"),
                            special: bad.contains("special") || bad.contains("amounts"), other: bad.contains("other") || bad.contains("amounts"))
        }
        let unplaced = findings.filter { $0.location.indicator == nil }
        func near(_ fields: Set<String>) -> [FindingView] { unplaced.filter { fields.contains($0.location.field ?? "") }.map(FindingView.onThisPage) }
        let placedFields: Set<String> = ["项目名称", "绩效目标", "总计", "财政拨款", "财政专户拨款", "其他资金"]
        let page = ProjectEditPage(
            title: "修改项目：\(stored.project.name)", department: summary.department, year: summary.fiscalYear,
            tableHref: SiteURL.workspaceTable(summary.key).path, href: SiteURL.project(summary.key, id: stored.id).path,
            historyHref: SiteURL.projectHistory(summary.key, id: stored.id).path, unit: stored.unit, version: version,
            name: name, goal: goal, fiscal: fiscal, special: special, other: other, total: total,
            rows: rows, invalid: invalid, counts: FindingCounts(findings).chinese,
            findings: findings.isEmpty ? nil : .init(items: findings.map(FindingView.onThisPage)),
            nameFindings: near(["项目名称"]), goalFindings: near(["绩效目标"]),
            amountFindings: near(["总计", "财政拨款", "财政专户拨款", "其他资金"]),
            indicatorFindings: unplaced.filter { !placedFields.contains($0.location.field ?? "") }.map(FindingView.onThisPage),
            problems: error, conflict: conflict, comments: try await ProjectView.comments(workspace, account, summary, stored), notice: notice)
        return Pages.response(page, context, status: status)
    }

    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.decode(ProjectForm.Input.self, request)
        let (summary, table, stored) = try await editable(request, context)
        let version = Int(form.version) ?? 0
        let (parsed, problems) = ProjectForm.project(form)
        guard let project = parsed else {
            // Show what they typed, with what is wrong: nothing is lost.
            return try await render(summary, table, stored, .typed(form, problems), version: version, context,
                                    error: problems.map(\.message), status: .unprocessableContent)
        }
        do {
            _ = try await repository.updateProject(id: stored.id, expectedVersion: version, project, actor: account.login)
        } catch StoreError.conflict(_, _, let found, let by, let at) {
            let theirs = try await repository.projects(department: summary.department, year: summary.fiscalYear).first { $0.id == stored.id }?.project ?? stored.project
            let conflict = ProjectEditPage.Conflict(by: by ?? "他人", at: DisplayTime.text(at), found: found,
                                                    fields: ProjectDiff.fields(theirs, project).map { .init(field: $0.field, theirs: $0.before, yours: $0.after) })
            // The form keeps their input, now against the version found: saving again is a
            // decision taken with both in view.
            return try await render(summary, table, stored, .saved(project), version: found, context,
                              error: ["此项目已被 \(by ?? "他人") 于 \(DisplayTime.text(at)) 修改（现为第 \(found) 版），您的修改尚未保存。"],
                              conflict: conflict, status: .conflict)
        }
        context.logger.info("project saved", metadata: ["project": .stringConvertible(stored.id)])
        return Pages.seeOther(SiteURL.project(summary.key, id: stored.id).path([("notice", "saved")]))
    }
}
