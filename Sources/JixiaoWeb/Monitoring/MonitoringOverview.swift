import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore

/// A round's overview for the finance bureau (docs/domain.md §9): every department with a table
/// in the year, its report's state and lateness, the money monitored and spent, how many
/// projects are lit which colour, and the round's overall deviation — one statement, whatever
/// the province's size; each department drillable to its report. The round's 监控表 of every
/// department come as one ZIP of workbooks.
struct MonitoringOverview: Sendable {
    let repository: any TableRepository
    let reports: MonitoringReports

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.monitoringRound(year: 0, month: 0).route) { request, context in try await page(request, context) }
        router.get(SiteURL.monitoringRoundDownload(year: 0, month: 0, file: "").route) { request, context in try await download(request, context) }
    }

    /// The round the path names, for a reviewer; 404 for anyone else (an editor reads its own report).
    func round(_ request: Request, _ context: AppContext) async throws -> MonitoringRound {
        let account = try context.requireAccount(request)
        guard account.role == .reviewer, !account.disabled, let year = context.fiscalYear, let month = context.month,
              let round = try await repository.monitoring.round(year: year, month: month) else {
            throw HTTPError(.notFound, message: "没有这一轮监控，或者您的账号不能查看全部部门。")
        }
        return round
    }

    func page(_ request: Request, _ context: AppContext) async throws -> Response {
        let round = try await round(request, context)
        let lines = try await repository.monitoring.overview(year: round.year, month: round.month)
        let today = DisplayTime.isoDate(Int64(Date().timeIntervalSince1970 * 1000))
        let thresholds = try await reports.tables.reviewSettings(year: round.year).settings.monitoring
        func row(_ line: DepartmentMonitoring, href: String) -> MonitoringOverviewPage.Row {
            // The rate of the projects whose 执行数 is reported: the others' spending is not known; a
            // department that reported nothing is not lit (its 0.00 % says nothing of its spending).
            let execution = MonitoringReview.execution(spent: line.spentFen, budget: line.reportedBudgetFen, month: round.month, thresholds: thresholds)
            let (rate, q) = (execution.rate, execution.q)
            let light = line.reportedCount == 0 ? nil : execution.light
            let submittedOn = line.submittedAt.map(DisplayTime.isoDate)
            let submitted = line.state == .draft || line.state == .returned ? nil : submittedOn
            let late = MonitoringReview.lateness(due: round.due, submittedOn: submitted, today: today, department: line.department)
            return .init(department: line.department, href: href, state: line.state.rawValue, stateTitle: line.started ? line.state.title : "未开始",
                         late: late.map { _ in submitted == nil ? "逾期未报" : "逾期提交" }, submitted: line.submittedAt.map { DisplayTime.text($0) } ?? "—",
                         projects: line.projectCount, reported: line.reportedCount, red: line.red, yellow: line.yellow, blue: line.blue, green: line.green,
                         initial: Money(fen: line.initialFen).formatted(in: .wanYuan), budget: line.budgetFen.map { Money(fen: $0).formatted(in: .wanYuan) } ?? "—",
                         spent: Money(fen: line.spentFen).formatted(in: .wanYuan), rate: MonitoringReview.percent(rate), q: MonitoringReview.percent(q),
                         moneyLight: LightView(light))
        }
        let rows = lines.map { row($0, href: SiteURL.monitoringReport(.init(year: round.year, month: round.month, department: $0.department)).path) }
        // The whole round as one more line; sums that leave Int64 read as unknown.
        let budget = lines.allSatisfy { $0.budgetFen != nil } ? Money.checkedSum(lines.map { Money(fen: $0.budgetFen ?? 0) }) : nil
        var total = DepartmentMonitoring(department: "合计（\(lines.count) 个部门）", state: .draft, started: true, submittedAt: nil,
                                         projectCount: lines.reduce(0) { $0 + $1.projectCount }, reportedCount: lines.reduce(0) { $0 + $1.reportedCount },
                                         red: lines.reduce(0) { $0 + $1.red }, yellow: lines.reduce(0) { $0 + $1.yellow }, blue: lines.reduce(0) { $0 + $1.blue },
                                         green: lines.reduce(0) { $0 + $1.green }, initialFen: Money.checkedSum(lines.map { Money(fen: $0.initialFen) })?.fen ?? 0,
                                         budgetFen: budget?.fen, spentFen: Money.checkedSum(lines.map { Money(fen: $0.spentFen) })?.fen ?? 0,
                                         reportedBudgetFen: Money.checkedSum(lines.map { Money(fen: $0.reportedBudgetFen) })?.fen ?? 0)
        total.submittedAt = nil
        var totalRow = row(total, href: "")
        let submitted = lines.filter { $0.state != .draft && $0.state != .returned }.count
        let late = rows.filter { $0.late != nil }.count
        totalRow.stateTitle = "已提交 \(submitted) / \(lines.count)"
        totalRow.late = late > 0 ? "逾期 \(late)" : nil
        let lit = total.red + total.yellow + total.blue + total.green
        let summary = "截至 \(round.month) 月底，序时进度 \(MonitoringReview.percent(Double(round.month) / 12))；已填报执行数的项目预算执行率 \(totalRow.rate)"
            + "（相当于序时进度的 \(totalRow.q)）。已亮灯 \(lit) 个项目，其中红灯 \(total.red) 个（\(MonitoringReview.percent(lit > 0 ? Double(total.red) / Double(lit) : nil))），"
            + "黄灯 \(total.yellow) 个，蓝灯 \(total.blue) 个；\(total.projectCount - total.reportedCount) 个项目尚未填报。"
        let rounds = try await repository.monitoring.rounds().map {
            MonitoringOverviewPage.Round(title: "\($0.year) 年 1–\($0.month) 月", href: SiteURL.monitoringRound(year: $0.year, month: $0.month).path,
                                         current: $0.year == round.year && $0.month == round.month)
        }
        let page = MonitoringOverviewPage(
            title: "\(round.year) 年 1–\(round.month) 月运行监控总览", year: round.year, month: round.month, due: round.due,
            schedule: MonitoringReview.percent(Double(round.month) / 12), rows: rows, total: totalRow, rounds: rounds,
            downloadHref: SiteURL.monitoringRoundDownload(year: round.year, month: round.month, file: "monitoring.zip").path, summary: summary)
        return Pages.response(page, context)
    }

    /// Every department's 监控表 workbook in one ZIP.
    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let round = try await round(request, context)
        guard context.parameters.get("file") == "monitoring.zip" else { throw HTTPError(.notFound) }
        var documents: [MonitoringDocument] = []
        for line in try await repository.monitoring.overview(year: round.year, month: round.month) {
            if let loaded = try await reports.load(.init(year: round.year, month: round.month, department: line.department)) { documents.append(loaded.document) }
        }
        let bytes = try MonitoringArchive.bytes(documents)
        let name = "\(round.year)年1-\(round.month)月项目支出绩效目标执行监控表.zip"
        return Response(status: .ok, headers: [.contentType: "application/zip", .cacheControl: "private, no-store",
                                               .contentDisposition: PublicSite.attachment(name, fallback: "jixiao-monitoring-\(round.year)-\(round.month).zip")],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
