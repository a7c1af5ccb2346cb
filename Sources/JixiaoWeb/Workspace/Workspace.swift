import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore

/// The signed-in reading views: the workspace lists the tables a person works on, and each
/// table shows its state, its review findings (rule, severity, where, what, how to fix) and
/// the table itself, with downloads. Read straight from the database: drafts change.
struct Workspace {
    let repository: any TableRepository
    let tables: PublishedTables

    /// The review as the fiscal year's settings have it.
    func review(_ table: BudgetTable, year: Int) async throws -> [Finding] {
        Review.run(table, settings: try await tables.reviewSettings(year: year).settings)
    }

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.workspace.route) { request, context in try await list(request, context) }
        router.get(SiteURL.workspaceTable(.any).route) { request, context in try await table(request, context) }
        router.get(SiteURL.workspaceDownload(.any, file: "").route) { request, context in try await download(request, context) }
        router.post(SiteURL.transitions(.any).route) { request, context in try await transition(request, context) }
        router.post(SiteURL.comments(.any).route) { request, context in try await comment(request, context) }
        router.post(SiteURL.upload(.any).route) { request, context in try await upload(request, context) }
        router.post(SiteURL.structure(.any).route) { request, context in try await structure(request, context) }
    }

    func list(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let summaries = try await repository.listTables(department: Access.onlyDepartment(account), year: nil).filter { Access.inWorkspace(account, $0) }
        let years = Dictionary(grouping: summaries, by: \.fiscalYear).sorted { $0.key > $1.key }.map { year, tables -> [String: Any] in
            ["year": "\(year)", "tables": tables.map { summary -> [String: Any] in
                ["department": summary.department, "path": SiteURL.workspaceTable(summary.key).path, "state": summary.state.rawValue,
                 "stateTitle": summary.state.title, "units": "\(summary.unitCount)", "projects": "\(summary.projectCount)",
                 "total": summary.total.map { $0.total.formatted(in: .wanYuan) } ?? "—"]
            }]
        }
        var object: [String: Any] = ["years": years, "scope": "您可以查看：" + Access.scope(account)]
        // What awaits this person, first: the notification of every transition that hands them work.
        let awaiting = summaries.compactMap { summary in account.awaits(summary).map { (summary, $0) } }
        if !awaiting.isEmpty {
            object["hasAwaiting"] = true
            object["awaiting"] = awaiting.map { summary, what in
                ["department": summary.department, "year": "\(summary.fiscalYear)", "path": SiteURL.workspaceTable(summary.key).path, "what": what]
            }
        }
        if account.role == .admin { object["admin"] = true }
        return Pages.response("工作台", "workspace", object, context)
    }

    /// The table the path names, if this person may read it; 404 otherwise.
    func readable(_ request: Request, _ context: AppContext) async throws -> (TableSummary, BudgetTable) {
        let account = try context.requireAccount(request)
        guard let year = context.fiscalYear, let department = context.parameters.get("department").map(WebPath.decode),
              let summary = try await repository.summary(department: department, year: year),
              Access.mayRead(account, summary), let table = try await repository.loadTable(department: department, year: year) else {
            throw HTTPError(.notFound, message: "没有这张表，或者您的账号不能查看它。")
        }
        return (summary, table)
    }

    func table(_ request: Request, _ context: AppContext) async throws -> Response {
        let (summary, table) = try await readable(request, context)
        let notice = request.uri.queryParameters.get("notice").flatMap { WorkspaceNotice.texts[String($0)] }
        return try await page(summary, table, context, notice: notice)
    }

    /// The table page: state, what the person may do next, comments, projects with their
    /// findings and links to edit and history, all findings, and the table itself.
    func page(_ summary: TableSummary, _ table: BudgetTable, _ context: AppContext, notice: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let account = context.identity else { throw HTTPError(.unauthorized) }
        let findings = try await review(table, year: summary.fiscalYear).sorted { $0.severity < $1.severity }
        let base = SiteURL.workspaceTable(summary.key).path
        var object: [String: Any] = [
            "department": summary.department, "year": "\(summary.fiscalYear)", "state": summary.state.rawValue, "stateTitle": summary.state.title,
            "counts": FindingCounts(findings).chinese, "table": TableHTML.fragment(table), "base": base,
            "downloads": PublicSite.downloads.map { ["href": "\(base)/download/table.\($0.ext)", "label": $0.label] },
            "actions": WorkflowAction.available(for: account, summary).map { action -> [String: Any] in
                var item: [String: Any] = ["action": action.rawValue, "title": action.title, "from": summary.state.rawValue]
                if action.needsComment { item["needsComment"] = true }
                return item
            },
        ]
        if let awaits = account.awaits(summary) { object["awaits"] = awaits }
        let comments = try await repository.workflow.comments(department: summary.department, year: summary.fiscalYear)
        object["comments"] = comments.map { comment -> [String: Any] in
            var item: [String: Any] = ["author": comment.author, "body": comment.body, "at": DisplayTime.text(comment.at)]
            if let project = comment.project { item["project"] = project }
            if let transition = comment.transition { item["transition"] = transition.title }
            return item
        }
        let stored = try await repository.projects(of: table, department: summary.department, year: summary.fiscalYear)
        let editable = account.mayEdit(summary)
        object["units"] = try await unitGroups(summary, table, stored, findings: findings, editable: editable)
        if editable { object["editable"] = true }
        if editable { object["mayUpload"] = ["projects": "\(summary.projectCount)"] }
        if account.mayComment(summary) {
            object["mayComment"] = true
            object["projectOptions"] = stored.map { ["id": "\($0.id)", "name": $0.project.name] }
        }
        if !findings.isEmpty {
            // By rule first (a rule firing 120 times is one thing to learn), then every finding.
            let byRule = Dictionary(grouping: findings, by: \.rule).values.sorted { ($0[0].severity, -$0.count) < ($1[0].severity, -$1.count) }
            object["findings"] = [
                "rules": byRule.map { group -> [String: Any] in
                    ["rule": group[0].rule, "severity": group[0].severity.rawValue, "severityTitle": group[0].severity.chinese,
                     "count": "\(group.count)", "fix": group[0].fix]
                },
                "items": findings.map(Self.finding),
                "open": findings.count <= 20 ? " open" : "",
            ]
        }
        if summary.state == .published { object["publicPath"] = summary.path }
        PageNotice.add(&object, notice: notice, error: error)
        return Pages.response("\(summary.department) \(summary.fiscalYear) 年度（\(summary.state.title)）", "workspaceTable", object, context, status: status)
    }

    static func finding(_ finding: Finding) -> [String: Any] {
        ["rule": finding.rule, "severity": finding.severity.rawValue, "severityTitle": finding.severity.chinese,
         "location": finding.location.chinese, "message": finding.message, "fix": finding.fix]
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let (summary, table) = try await readable(request, context)
        guard let kind = PublicSite.downloads.first(where: { "table." + $0.ext == context.parameters.get("file") }) else { throw HTTPError(.notFound) }
        let bytes = kind.format == .pdf ? try await tables.printer.print(table) : try kind.format.write(table)
        var response = PublicSite.attachmentResponse(summary, kind, ByteBuffer(bytes: bytes))
        response.headers[.cacheControl] = "private, no-store"
        return response
    }
}
