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
    /// Each table reviewed once per version, with the parts of its page (`ReviewedTables`).
    let reviewed: ReviewedTables
    var notifications = Notifications.off

    /// The review as the fiscal year's settings have it, beside the department's table of the
    /// year before (for the targets carried over from it), errors first.
    func review(_ summary: TableSummary) async throws -> [Finding] {
        try await reviewed.entry(summary).findings
    }

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.workspace.route) { request, context in try await list(request, context) }
        router.get(SiteURL.workspaceTable(.any).route) { request, context in try await table(request, context) }
        router.get(SiteURL.workspaceDownload(.any, file: "").route) { request, context in try await download(request, context) }
        router.post(SiteURL.transitions(.any).route) { request, context in try await transition(request, context) }
        router.post(SiteURL.comments(.any).route) { request, context in try await comment(request, context) }
        router.post(SiteURL.upload(.any).route) { request, context in try await upload(request, context) }
        router.post(SiteURL.structure(.any).route) { request, context in try await structure(request, context) }
        router.post(SiteURL.newTable(.any).route) { request, context in try await newTable(request, context) }
        router.get(SiteURL.yearFindings(year: 0).route) { request, context in try await yearFindings(request, context) }
    }

    func list(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let summaries = try await repository.listTables(department: Access.onlyDepartment(account), year: nil).filter { Access.inWorkspace(account, $0) }
        let years = Dictionary(grouping: summaries, by: \.fiscalYear).sorted { $0.key > $1.key }.map { year, tables in
            WorkspacePage.Year(year: year, findingsHref: SiteURL.yearFindings(year: year).path,
                               findingsWorkbookHref: SiteURL.yearFindings(year: year).path([("format", "xlsx")]), tables: tables.map { summary in
                WorkspacePage.Row(department: summary.department, path: SiteURL.workspaceTable(summary.key).path, state: summary.state.rawValue,
                                  stateTitle: summary.state.title, units: summary.unitCount, projects: summary.projectCount,
                                  total: summary.total.map { $0.total.formatted(in: .wanYuan) } ?? "—")
            })
        }
        let awaiting = try await AwaitingList(workspace: self, account: account, query: AwaitingList.Query(request)).items(summaries)
        let waiting = awaiting.total > 0 ? awaiting : nil
        let page = WorkspacePage(years: years, scope: "您可以查看：" + Access.scope(account), awaiting: waiting,
                                 admin: account.role == .admin, startable: try await startable(account),
                                 monitoring: try await monitoringLinks(account, tables: summaries))
        return Pages.response(page, context)
    }

    /// The rounds of the years this person has tables in: an editor's own report (its state, and
    /// whether it waits for them before the due date), a reviewer's overview (how many reports wait).
    func monitoringLinks(_ account: Account, tables: [TableSummary]) async throws -> [WorkspacePage.MonitoringLink] {
        guard account.role == .editor || account.role == .reviewer else { return [] }
        let years = Set(tables.map(\.fiscalYear))
        var links: [WorkspacePage.MonitoringLink] = []
        for round in try await repository.monitoring.rounds() where years.contains(round.year) {
            let title = "\(round.year) 年 1–\(round.month) 月运行监控"
            if account.role == .editor, let department = account.department {
                let state = try await repository.monitoring.state(department: department, year: round.year, month: round.month) ?? .draft
                let waiting = state == .draft || state == .returned
                links.append(.init(title: title, href: SiteURL.monitoringReport(.init(year: round.year, month: round.month, department: department)).path,
                                   due: round.due, what: waiting ? (state == .returned ? "已退回，待修改后重新提交" : "待填报并提交") : state.title, waiting: waiting))
            } else {
                let submitted = try await repository.monitoring.submitted(year: round.year, month: round.month)
                links.append(.init(title: title, href: SiteURL.monitoringRound(year: round.year, month: round.month).path, due: round.due,
                                   what: submitted > 0 ? "\(submitted) 份报告待审核" : "无待审核报告", waiting: submitted > 0))
            }
        }
        return links
    }

    /// Every finding of every table of the year this person may read, in one CSV or workbook
    /// (`?format=xlsx`; the bureau's overview: which departments, which rules, how many).
    func yearFindings(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        guard let year = context.fiscalYear else { throw HTTPError(.notFound) }
        var rows: [[String]] = []
        for summary in try await repository.listTables(department: Access.onlyDepartment(account), year: year) where Access.inWorkspace(account, summary) {
            rows += FindingsExport.rows(year: year, department: summary.department, try await review(summary))
        }
        let format = request.uri.queryParameters.get("format").flatMap(FindingsExport.Format.init(rawValue:)) ?? .csv
        return try FindingsExport.response(rows, format, name: "\(year)年度审核发现", fallback: "jixiao-findings-\(year)")
    }

    /// The table the path names, reviewed, if this person may read it; 404 otherwise.
    func readableEntry(_ request: Request, _ context: AppContext) async throws -> (TableSummary, ReviewedTables.Entry) {
        let account = try context.requireAccount(request)
        guard let year = context.fiscalYear, let department = context.parameters.get("department").map(WebPath.decode),
              let found = try await reviewed.entry(department: department, year: year), Access.mayRead(account, found.0) else {
            throw HTTPError(.notFound, message: "没有这张表，或者您的账号不能查看它。")
        }
        return found
    }

    /// The table the path names, if this person may read it; 404 otherwise.
    func readable(_ request: Request, _ context: AppContext) async throws -> (TableSummary, BudgetTable) {
        let (summary, entry) = try await readableEntry(request, context)
        return (summary, entry.table)
    }

    func table(_ request: Request, _ context: AppContext) async throws -> Response {
        let (summary, entry) = try await readableEntry(request, context)
        let notice = request.uri.queryParameters.get("notice").flatMap { WorkspaceNotice.texts[String($0)] }
        return try await page(summary, context, entry: entry, notice: notice)
    }

    /// The table page: state, what the person may do next, comments, projects with their
    /// findings and links to edit and history, all findings, and the table itself. What depends
    /// only on the table's version is the reviewed entry's, rendered once (`WorkspaceTableParts`);
    /// the whole content is rendered once for everything else it shows (the page without those
    /// parts is the key: comments, timeline, the steps this person may take, …) and kept with
    /// the entry, the session's CSRF token filled in per request (`CSRFSlots`).
    func page(_ summary: TableSummary, _ context: AppContext, entry known: ReviewedTables.Entry? = nil, notice: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let account = context.identity else { throw HTTPError(.unauthorized) }
        let entry = if let known { known } else { try await reviewed.entry(summary) }
        let parts = WorkspaceTableParts(entry: entry, key: summary.key)
        let key = summary.key
        let comments = try await repository.workflow.comments(department: summary.department, year: summary.fiscalYear)
        let editable = account.mayEdit(summary)
        let mayComment = account.mayComment(summary)
        let publications = try await tables.publications(department: summary.department, year: summary.fiscalYear)
        let names = try await tables.displayNames()
        let publishing = try await tables.publishing()
        let byID = Dictionary(entry.stored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // The parts are left empty here: they are the entry's, which the kept content belongs to.
        var page = WorkspaceTablePage(
            title: "\(summary.department) \(summary.fiscalYear) 年度（\(summary.state.title)）",
            department: summary.department, year: summary.fiscalYear, state: summary.state.rawValue, stateTitle: summary.state.title,
            table: "",
            links: parts.links,
            downloads: PublicSite.downloads.map { .init(href: SiteURL.workspaceDownload(key, file: "table.\($0.ext)").path, label: $0.label) },
            actions: WorkflowAction.available(for: account, summary, publishing).map {
                .init(action: $0.rawValue, title: $0.title, from: summary.state.rawValue, needsComment: $0.needsComment,
                      confirm: $0.confirmation(entry.counts))
            },
            awaits: account.awaits(summary, publishing),
            comments: comments.map { comment in
                let about = comment.projectID.flatMap { byID[$0] }
                return .init(author: names[comment.author] ?? comment.author, body: comment.body, at: DisplayTime.text(comment.at),
                             project: about.map { "\($0.unit) › \($0.project.name)" } ?? comment.project,
                             projectHref: about.map { SiteURL.project(key, id: $0.id).path }, transition: comment.transition?.title)
            },
            unitsHTML: "",
            editable: editable,
            mayUpload: editable ? .init(projects: summary.projectCount) : nil,
            mayComment: mayComment,
            projectOptionsHTML: "",
            findingsHTML: "",
            publicPath: summary.state == .published || publications.last.map({ $0.withdrawnAt == nil }) == true ? summary.path : nil,
            publicNote: Self.publicNote(summary, publications),
            timeline: try await TableTimeline.events(summary, repository, names: names),
            notice: notice, error: error)
        let content = entry.page(page) {
            page.table = parts.table
            page.unitsHTML = parts.units(editable: editable)
            page.projectOptionsHTML = mayComment ? parts.projectOptions : ""
            page.findingsHTML = parts.findings
            return CSRFSlots(rendered: Pages.render(page, chrome: CSRFSlots.chrome))
        }
        return Pages.response(title: page.title, content: content.filled(with: context.csrf ?? ""), context, status: status)
    }

    /// 已公开, or, for a table changed since it was published, what the public reads meanwhile.
    static func publicNote(_ summary: TableSummary, _ publications: [Publication]) -> String {
        guard summary.state != .published, let last = publications.last, last.withdrawnAt == nil else { return "已公开：" }
        return "公开页仍显示 \(DisplayTime.date(last.publishedAt)) 公开的第 \(last.summary.revision) 版；本表重新公开后替换，并注明“已更正”。"
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let (summary, entry) = try await readableEntry(request, context)
        let table = entry.table
        if let file = context.parameters.get("file"), file.hasPrefix("findings."), let format = FindingsExport.Format(rawValue: String(file.dropFirst("findings.".count))) {
            return try FindingsExport.response(FindingsExport.rows(year: summary.fiscalYear, department: summary.department, entry.findings), format,
                                               name: "\(summary.department)\(summary.fiscalYear)年度审核发现", fallback: "jixiao-findings-\(summary.fiscalYear)")
        }
        guard let kind = PublicSite.downloads.first(where: { "table." + $0.ext == context.parameters.get("file") }) else { throw HTTPError(.notFound) }
        let bytes = kind.format == .pdf ? try await tables.printer.print(table) : try kind.format.write(table)
        var response = PublicSite.attachmentResponse(summary, kind, ByteBuffer(bytes: bytes))
        response.headers[.cacheControl] = "private, no-store"
        return response
    }
}
