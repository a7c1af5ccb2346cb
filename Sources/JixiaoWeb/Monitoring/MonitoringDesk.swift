import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore

/// A department's monitoring report in the browser (docs/domain.md §9): the report page (state,
/// steps, lights, projects, downloads, comments, findings), each project's form with its lights
/// worked out as the clerk types (`preview`), the upload of a filled template, and the steps.
struct MonitoringDesk: Sendable {
    let repository: any TableRepository
    let reports: MonitoringReports
    var notifications = Notifications.off

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.monitoringReport(.any).route) { request, context in
            let (account, loaded) = try await readable(request, context)
            return try await page(loaded, account, context, notice: request.uri.queryParameters.get("notice").flatMap { MonitoringNotice.texts[String($0)] })
        }
        router.get(SiteURL.monitoringProject(.any, id: 0).route) { request, context in
            let (account, loaded) = try await readable(request, context)
            let (place, _, _) = try project(loaded, context)
            let notice = request.uri.queryParameters.get("notice") == "saved" ? "已保存（第 \(loaded.versions[place] ?? 0) 版），灯号和审核发现已按新内容更新。" : nil
            return try projectPage(loaded, account, context, place: place, typed: nil, notice: notice)
        }
        router.post(SiteURL.monitoringProject(.any, id: 0).route) { request, context in try await save(request, context) }
        router.post(SiteURL.monitoringPreview(.any, id: 0).route) { request, context in try await preview(request, context) }
        router.post(SiteURL.monitoringTransitions(.any).route) { request, context in try await transition(request, context) }
        router.post(SiteURL.monitoringComments(.any).route) { request, context in try await comment(request, context) }
        router.post(SiteURL.monitoringUpload(.any).route) { request, context in try await upload(request, context) }
        router.get(SiteURL.monitoringDownload(.any, file: "").route) { request, context in try await download(request, context) }
    }

    /// The report the path names, if this person may read it; 404 otherwise.
    func readable(_ request: Request, _ context: AppContext) async throws -> (Account, MonitoredReport) {
        let account = try context.requireAccount(request)
        guard let key = context.reportKey, MonitoringAccess.mayRead(account, department: key.department), let loaded = try await reports.load(key) else {
            throw HTTPError(.notFound, message: "没有这份监控报告，或者您的账号不能查看它。")
        }
        return (account, loaded)
    }

    func project(_ loaded: MonitoredReport, _ context: AppContext) throws -> (ProjectPlace, StoredProject, MonitoredProject) {
        guard let id = context.parameters.get("id", as: Int64.self), let found = loaded.project(id: id) else {
            throw HTTPError(.notFound, message: "这张表没有这个项目。")
        }
        return found
    }

    // MARK: The report page

    func page(_ loaded: MonitoredReport, _ account: Account, _ context: AppContext, notice: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let key = loaded.key
        let counts = FindingCounts(loaded.findings)
        let open = counts.errors + counts.warnings + counts.info == 0 ? "没有审核发现。" : "审核发现尚有 \(counts.chinese)。"
        var lightCounts: [Light: Int] = [:]
        for project in loaded.projects { if let light = project.light { lightCounts[light, default: 0] += 1 } }
        let money = MonitoringMoney(loaded)
        let names = try await reports.tables.displayNames()
        let page = MonitoringReportPage(
            title: "\(key.department) \(key.year) 年 1–\(key.month) 月运行监控（\(loaded.report.state.title)）",
            department: key.department, year: key.year, month: key.month, state: loaded.report.state.rawValue, stateTitle: loaded.report.state.title,
            due: loaded.round.due + (loaded.lateness.map { $0.found == "未提交" ? "（已逾期，尚未提交）" : "（逾期提交：\($0.found ?? "")）" } ?? ""),
            overviewHref: account.role == .reviewer ? SiteURL.monitoringRound(year: key.year, month: key.month).path : nil,
            transitionsHref: SiteURL.monitoringTransitions(key).path, commentsHref: SiteURL.monitoringComments(key).path,
            uploadHref: SiteURL.monitoringUpload(key).path,
            actions: MonitoringAccess.available(account, loaded.report).map {
                .init(action: $0.rawValue, title: $0.title, from: loaded.report.state.rawValue, needsComment: $0.needsComment,
                      confirm: MonitoringAccess.confirmation($0, open: open))
            },
            counts: .init(projects: loaded.projects.count, reported: loaded.projects.filter(\.reported).count, red: lightCounts[.red] ?? 0,
                          yellow: lightCounts[.yellow] ?? 0, blue: lightCounts[.blue] ?? 0, green: lightCounts[.green] ?? 0),
            money: money.sentence, moneyLight: LightView(money.light),
            projects: loaded.projects.enumerated().map { index, project in
                let place = loaded.place(at: index)
                return .init(unit: project.unit, name: project.name, href: loaded.storedID(at: place).map { SiteURL.monitoringProject(key, id: $0).path },
                             initial: project.initialBudget, budget: project.annualBudget, spent: project.spent.isEmpty ? "—" : project.spent,
                             rate: MonitoringReview.percent(project.executionRate), moneyLight: LightView(project.moneyLight), light: LightView(project.light),
                             findings: project.findings.count)
            },
            downloads: MonitoringDownloads.kinds.map { .init(href: SiteURL.monitoringDownload(key, file: $0.file).path, label: $0.label) },
            editable: MonitoringAccess.mayEdit(account, loaded.report), mayComment: account.mayCommentOnMonitoring(loaded.report),
            projectNames: loaded.projects.map(\.name),
            comments: try await repository.monitoring.comments(department: key.department, year: key.year, month: key.month).map {
                .init(author: names[$0.author] ?? $0.author, body: $0.body, at: DisplayTime.text($0.at), project: $0.project, transition: $0.transition?.title)
            },
            timeline: try await TableTimeline.events(key, repository, names: names),
            orphans: loaded.orphans.isEmpty ? nil : loaded.orphans.joined(separator: "；"),
            findings: loaded.findings.sorted { $0.severity < $1.severity }.map { finding in
                let href = loaded.place(named: finding.location).flatMap(loaded.storedID(at:)).map {
                    SiteURL.monitoringProject(key, id: $0).path + "#" + MonitoringAnchor.of(finding.location)
                }
                return FindingView(finding, href: href)
            },
            hasFindings: !loaded.findings.isEmpty, findingCounts: counts.chinese, notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }

    // MARK: A project's form

    func projectPage(_ loaded: MonitoredReport, _ account: Account, _ context: AppContext, place: ProjectPlace, typed: (MonitoringForm.Input, [MonitoringForm.Problem])?,
                     notice: String? = nil, problems: [String] = [], status: HTTPResponse.Status = .ok) throws -> Response {
        let project = loaded.table.units[place.u].projects[place.p]
        let saved = loaded.progress[place]
        let form = typed?.0 ?? MonitoringForm.input(saved, project: project, version: loaded.versions[place] ?? 0)
        // Lit as typed when what was typed reads; as saved otherwise (the typed form's problems say why).
        let typedProgress = typed.flatMap { MonitoringForm.progress($0.0, project: project).0 }
        let monitored = loaded.evaluate(typedProgress ?? saved, at: place)
        let bad = Set((typed?.1 ?? []).map(\.field))
        guard let id = loaded.storedID(at: place) else { throw HTTPError(.notFound) }
        let key = loaded.key
        let page = MonitoringProjectPage(
            title: "运行监控：\(project.name)", department: key.department, year: key.year, month: key.month,
            reportHref: SiteURL.monitoringReport(key).path, href: SiteURL.monitoringProject(key, id: id).path,
            previewHref: SiteURL.monitoringPreview(key, id: id).path, unit: monitored.unit, name: project.name,
            version: Int(form.version) ?? 0, editable: MonitoringAccess.mayEdit(account, loaded.report), stateTitle: loaded.report.state.title,
            initialBudget: monitored.initialBudget, annualBudget: form.annualBudget, spent: form.spent, forecastSpent: form.forecastSpent,
            causes: CauseOption.options(form.causes, prefix: "causes"), causesText: monitored.deviation, deviation: form.deviation, correction: form.correction,
            rate: MonitoringReview.percent(monitored.executionRate), q: MonitoringReview.percent(monitored.q),
            schedule: MonitoringReview.percent(Double(key.month) / 12), moneyLight: LightView(monitored.moneyLight), light: LightView(monitored.light),
            rows: form.rows.enumerated().map { i, row in
                let line = monitored.indicators.first { String($0.number) == row.number }
                return .init(i: i, number: row.number, level1: line?.level1 ?? "", level2: line?.level2 ?? "", name: line?.name ?? "", target: line?.target ?? "",
                             kind: line?.kind.chinese ?? "", reached: row.reached, forecast: row.forecast,
                             likelihoods: [ChoiceOption(value: "", title: "—", selected: row.likelihood.isEmpty)]
                                + Likelihood.allCases.map { ChoiceOption(value: $0.rawValue, title: $0.rawValue, selected: row.likelihood == $0.rawValue) },
                             likelihood: row.likelihood, causes: CauseOption.options(row.causes, prefix: "rows[\(i)][causes]"),
                             deviation: row.deviation, correction: row.correction, light: LightView(line?.light),
                             c: line?.c.map { MonitoringReview.percent($0) } ?? "—",
                             findings: monitored.findings.filter { String($0.location.indicator ?? -1) == row.number }.map(FindingView.onThisPage),
                             invalid: bad.contains("rows[\(i)]") || bad.contains("rows[\(i)][likelihood]"))
            },
            invalid: .init(annualBudget: bad.contains("annualBudget"), spent: bad.contains("spent"), forecastSpent: bad.contains("forecastSpent")),
            moneyFindings: monitored.findings.filter { $0.location.indicator == nil && $0.location.field != nil }.map(FindingView.onThisPage),
            projectFindings: monitored.findings.filter { $0.location.indicator == nil && $0.location.field == nil }.map(FindingView.onThisPage),
            problems: problems + (typed?.1.map(\.message) ?? []), notice: notice)
        return Pages.response(page, context, status: status)
    }

    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await context.decode(MonitoringForm.Input.self, request)
        let (account, loaded) = try await readable(request, context)
        let (place, stored, _) = try project(loaded, context)
        guard MonitoringAccess.mayEdit(account, loaded.report) else {
            throw HTTPError(.forbidden, message: loaded.report.state == .draft || loaded.report.state == .returned
                ? "只有本部门的填报人员可以填报监控。" : "监控报告现在是“\(loaded.report.state.title)”，退回前不能修改。")
        }
        let project = loaded.table.units[place.u].projects[place.p]
        let (parsed, problems) = MonitoringForm.progress(form, project: project)
        guard let progress = parsed else {
            return try projectPage(loaded, account, context, place: place, typed: (form, problems), status: .unprocessableContent)
        }
        do {
            let entry = try loaded.storedEntry(progress, at: place, monitored: loaded.evaluate(progress, at: place))
            try await repository.monitoring.save(entry, department: loaded.key.department, year: loaded.key.year, month: loaded.key.month,
                                                 atVersion: Int(form.version) ?? 0, actor: context.actor)
        } catch StoreError.stale(let why) {
            // Shown again as typed, against the version now saved: saving again is a decision taken knowingly.
            let fresh = try await reports.load(loaded.key) ?? loaded
            var kept = form
            kept.version = String(fresh.versions[place] ?? 0)
            let name = fresh.storedName(place)
            let theirs = fresh.report.entries.first { $0.unit == fresh.table.units[place.u].name && $0.project == name }
            let names = try await reports.tables.displayNames()
            let message = fresh.report.state == .draft || fresh.report.state == .returned
                ? theirs.map { "“\(project.name)”的监控已被 \(names[$0.updatedBy] ?? $0.updatedBy) 于 \(DisplayTime.text($0.updatedAt)) 保存（第 \($0.version) 版），您的修改尚未保存" } ?? why
                : why
            return try projectPage(fresh, account, context, place: place, typed: (kept, []), problems: [message + "（下面保留了您填写的内容，再次保存将覆盖对方的修改）"], status: .conflict)
        }
        return Pages.seeOther(SiteURL.monitoringProject(loaded.key, id: stored.id).path([("notice", "saved")]))
    }

    /// The lights and findings of the form as typed, for the page's script: one source of truth,
    /// the same `MonitoringReview` that lights what is saved.
    func preview(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await context.decode(MonitoringForm.Input.self, request)
        let (_, loaded) = try await readable(request, context)
        let (place, _, _) = try project(loaded, context)
        let (parsed, problems) = MonitoringForm.progress(form, project: loaded.table.units[place.u].projects[place.p])
        let preview = MonitoringPreview(parsed.map { loaded.evaluate($0, at: place) }, problems: problems.map(\.message))
        return APIDocument.response(preview)
    }

    // MARK: Steps, comments, uploads

    func transition(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await context.decode(TransitionForm.self, request)
        let (account, loaded) = try await readable(request, context)
        do {
            try await MonitoringTransitions(repository: repository, notifications: notifications).perform(form.action, seen: form.from, comment: form.comment, by: account,
                                                                            actor: context.actor, loaded)
        } catch let refusal as Refusal {
            return try await page(try await reports.load(loaded.key) ?? loaded, account, context, error: refusal.message, status: refusal.status)
        }
        return Pages.seeOther(SiteURL.monitoringReport(loaded.key).path([("notice", form.action.rawValue)]))
    }

    func comment(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await context.decode(MonitoringCommentForm.self, request)
        let (account, loaded) = try await readable(request, context)
        guard account.mayCommentOnMonitoring(loaded.report) else { throw HTTPError(.forbidden, message: "您的账号不能在这份报告上留言。") }
        let body = form.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= 2000 else {
            return try await page(loaded, account, context, error: "意见不能为空，且不超过 2000 字。", status: .unprocessableContent)
        }
        let project = form.project.isEmpty ? nil : form.project
        if let project, !loaded.projects.contains(where: { $0.name == project }) { throw HTTPError(.notFound, message: "这张表没有这个项目。") }
        try await repository.monitoring.addComment(department: loaded.key.department, year: loaded.key.year, month: loaded.key.month, project: project,
                                                   author: account.login, body: body)
        return Pages.seeOther(SiteURL.monitoringReport(loaded.key).path([("notice", "comment")]))
    }

    /// 上传填报模板: the filled template (Excel or CSV) saves every project it reports, in one transaction.
    func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let (account, loaded) = try await readable(request, context)
        guard MonitoringAccess.mayEdit(account, loaded.report) else { throw HTTPError(.forbidden, message: "只有本部门的填报人员可以在草稿或退回状态上传。") }
        let multipart = try await Multipart.read(request, limit: Workspace.uploadLimit)
        try context.checkCSRF(multipart.fields["_csrf"])
        guard let file = multipart.files["file"], !file.bytes.isEmpty else {
            return try await page(loaded, account, context, error: "请选择填好的监控模板（Excel 或 CSV）。", status: .unprocessableContent)
        }
        // A workbook by its name or its first bytes (a ZIP's `PK`); anything else is read as CSV.
        let isWorkbook = file.name.lowercased().hasSuffix(".xlsx") || file.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
        let read = Workspace.uploadsAtOnce.admit {
            Result { () throws(FormatError) in
                isWorkbook ? try MonitoringCSV.readWorkbookVersioned(file.bytes, table: loaded.table, fileName: file.name, inflateLimit: Workspace.uploadInflateLimit)
                    : try MonitoringCSV.readVersioned(file.bytes, table: loaded.table, fileName: file.name)
            }
        }
        guard let read else { throw HTTPError(.serviceUnavailable, headers: [.retryAfter: "5"], message: "正在读取的上传较多，请稍后再试。") }
        let uploaded: MonitoringCSV.Versioned
        do {
            uploaded = try read.get()
        } catch {
            return try await page(loaded, account, context, error: "无法读取“\(file.name)”：\(FormatErrorChinese.text(error))", status: .unprocessableContent)
        }
        guard !uploaded.report.isEmpty else {
            return try await page(loaded, account, context, error: "“\(file.name)”中没有填报任何项目：请在模板中填写执行数或指标完成情况后再上传。", status: .unprocessableContent)
        }
        if let (place, progress) = uploaded.report.first(where: { $0.value.oversized != nil }), let (field, limit) = progress.oversized {
            let name = loaded.table.units[place.u].projects[place.p].name
            return try await page(loaded, account, context, error: "“\(file.name)”中“\(name)”的\(field)超过 \(limit) 字。", status: .unprocessableContent)
        }
        // Only what the file changes is saved: a template sent back as downloaded moves no version.
        let entries = try uploaded.report.sorted { $0.key < $1.key }.compactMap { place, progress -> (entry: MonitoringEntry, atVersion: Int?)? in
            if loaded.progress[place] == progress { return nil }
            return (try loaded.storedEntry(progress, at: place, monitored: loaded.evaluate(progress, at: place)), uploaded.versions[place])
        }
        do {
            try await repository.monitoring.saveAll(entries, department: loaded.key.department, year: loaded.key.year, month: loaded.key.month, actor: context.actor)
        } catch StoreError.stale(let why) {
            return try await page(loaded, account, context, error: why, status: .conflict)
        }
        return Pages.seeOther(SiteURL.monitoringReport(loaded.key).path([("notice", "uploaded")]))
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let (_, loaded) = try await readable(request, context)
        guard let file = context.parameters.get("file"), let kind = MonitoringDownloads.kinds.first(where: { $0.file == file }) else {
            throw HTTPError(.notFound)
        }
        return try await MonitoringDownloads.response(kind, loaded, printer: reports.tables.printer)
    }
}

/// The comment form under a report.
struct MonitoringCommentForm: Decodable {
    var body: String
    /// The project it is about, by name; empty for the whole report.
    var project: String
}

enum MonitoringNotice {
    static let texts = [
        "submit": "监控报告已提交审核。", "withdraw": "已撤回，监控报告回到草稿，可继续修改。", "return": "已退回部门修改。", "approve": "监控报告已审核通过。",
        "comment": "意见已保存。", "uploaded": "模板已上传，所填项目均已保存；灯号和审核发现已按新内容更新。",
    ]
}

/// Where on a project's monitoring form a finding's field is.
enum MonitoringAnchor {
    static func of(_ location: Location) -> String {
        if let indicator = location.indicator { return "row-\(indicator)" }
        return location.field == nil ? "indicators" : "f-money"
    }
}

extension Account {
    /// Comments come from the department and the reviewers.
    func mayCommentOnMonitoring(_ report: MonitoringReport) -> Bool {
        !disabled && (role == .reviewer || (role == .editor && department == report.department))
    }
}
