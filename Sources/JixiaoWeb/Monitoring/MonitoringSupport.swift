import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore

extension MonitoredReport {
    /// The place of the project a finding names, if one (monitoring findings name the unit too).
    func place(named location: Location) -> ProjectPlace? {
        guard let name = location.project, let unit = location.unit else { return nil }
        return named[MonitoredReport.entryKey(unit, name)]
    }

    /// The 监控表 document of the report.
    var document: MonitoringDocument {
        MonitoringDocument(department: key.department, year: key.year, month: key.month, moneyUnit: table.moneyUnit, state: report.state.title, projects: projects)
    }
}

/// A report's money in one sentence and one light: what the department's projects were given
/// and have spent, against the months gone.
struct MonitoringMoney {
    let light: Light?
    let sentence: String

    init(_ loaded: MonitoredReport) {
        var budgets: [Money] = [], spent: [Money] = [], reported: [Money] = []
        for (u, unit) in loaded.table.units.enumerated() {
            for (p, project) in unit.projects.enumerated() {
                let progress = loaded.progress[ProjectPlace(u: u, p: p)]
                let budget = progress?.annualBudget ?? project.amounts.total
                budgets.append(budget)
                // The rate is of the projects whose 执行数 is reported: the others' spending is not known.
                if let money = progress?.spent {
                    spent.append(money)
                    reported.append(budget)
                }
            }
        }
        // Sums past what Int64 holds read as unknown, never as a wrapped number.
        let budget = Money.checkedSum(budgets), spending = Money.checkedSum(spent), reportedBudget = Money.checkedSum(reported)
        let unit = loaded.table.moneyUnit
        let execution = reportedBudget.flatMap { b in spending.map { s in
            MonitoringReview.execution(spent: s.fen, budget: b.fen, month: loaded.key.month, thresholds: loaded.settings.monitoring)
        } }
        let rate = execution?.rate
        light = execution?.light
        sentence = "全年预算数 \(budget?.formatted(in: unit) ?? "—") \(unit.rawValue)，1–\(loaded.key.month) 月执行 \(spending?.formatted(in: unit) ?? "—") \(unit.rawValue)，"
            + "已填报项目执行率 \(MonitoringReview.percent(rate))（序时进度 \(MonitoringReview.percent(Double(loaded.key.month) / 12))）"
    }
}

/// What the form's script shows as the clerk types: each light, c, the rates, the findings.
struct MonitoringPreview: Encodable {
    struct Indicator: Encodable { var number: Int, light: String, lightTitle: String, c: String }
    struct Item: Encodable { var rule: String, title: String, severity: String, severityTitle: String, message: String, fix: String, anchor: String }
    var light: String, lightTitle: String, moneyLight: String, moneyLightTitle: String, rate: String, q: String
    var indicators: [Indicator], findings: [Item], problems: [String]

    init(_ monitored: MonitoredProject?, problems: [String]) {
        let light = LightView(monitored?.light), money = LightView(monitored?.moneyLight)
        (self.light, lightTitle, moneyLight, moneyLightTitle) = (light.code, light.title, money.code, money.title)
        rate = MonitoringReview.percent(monitored?.executionRate)
        q = MonitoringReview.percent(monitored?.q)
        indicators = (monitored?.indicators ?? []).map {
            let view = LightView($0.light)
            return Indicator(number: $0.number, light: view.code, lightTitle: view.title, c: $0.c.map { MonitoringReview.percent($0) } ?? "—")
        }
        findings = (monitored?.findings ?? []).map {
            Item(rule: $0.rule, title: RuleCatalogue.title(of: $0.rule), severity: $0.severity.rawValue, severityTitle: $0.severity.chinese,
                 message: $0.message, fix: $0.fix, anchor: MonitoringAnchor.of($0.location))
        }
        self.problems = problems
    }
}

/// A report's step, as the page (and the API) ask for it: the rules, then the store's compare-and-set.
struct MonitoringTransitions {
    let repository: any TableRepository
    var notifications = Notifications.off

    func perform(_ action: WorkflowAction, seen: WorkflowState?, comment: String, by account: Account, actor: String, _ loaded: MonitoredReport) async throws {
        let report = loaded.report
        guard MonitoringAccess.actions.contains(action), MonitoringAccess.isActor(account, action, report) else {
            throw Refusal(status: .forbidden, message: "您的账号不能“\(action.title)”这份监控报告。")
        }
        guard action.from.contains(report.state) else {
            throw Refusal(status: .conflict, message: "监控报告现在是“\(report.state.title)”，不能“\(action.title)”。")
        }
        let comment = try await Refusal.checked(action, comment: comment) { FindingCounts(loaded.findings).errors }
        do {
            try await repository.monitoring.transition(department: report.department, year: report.year, month: report.month, from: seen ?? report.state,
                                                       to: action.to, actor: actor, comment: comment.isEmpty ? nil : comment,
                                                       content: action == .submit ? MonitoringStore.contentStamp(report.entries) : nil)
            notifications.transitionHappened(action, .report(loaded.key), actor: account, comment: comment, publishing: .byReviewer)
        } catch StoreError.stale(let why) {
            throw Refusal(status: .conflict, message: why)
        }
    }
}

/// The files of a report: the template to fill in (Excel or CSV, with what is saved), and the 监控表 as
/// a web page, a workbook and a PDF.
enum MonitoringDownloads {
    struct Kind: Sendable { var file: String, label: String, type: String }

    static let kinds = [
        Kind(file: "monitoring.xlsx", label: "监控表 Excel", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Kind(file: "monitoring.pdf", label: "监控表 PDF", type: "application/pdf"),
        Kind(file: "monitoring.html", label: "监控表网页", type: "text/html; charset=utf-8"),
        Kind(file: "template.xlsx", label: "填报模板 Excel", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Kind(file: "template.csv", label: "填报模板 CSV", type: "text/csv; charset=utf-8"),
    ]

    static func bytes(_ kind: Kind, _ loaded: MonitoredReport, printer: PrintQueue) async throws -> [UInt8] {
        switch kind.file {
        case "monitoring.xlsx": try MonitoringWorkbook.bytes(loaded.document)
        case "monitoring.pdf": try await printer.print(html: MonitoringHTML.page(loaded.document))
        case "monitoring.html": Array(MonitoringHTML.page(loaded.document).utf8)
        case "template.xlsx": try MonitoringCSV.workbook(loaded.table, report: loaded.progress, versions: loaded.versions)
        default: MonitoringCSV.write(loaded.table, report: loaded.progress, versions: loaded.versions)
        }
    }

    static func response(_ kind: Kind, _ loaded: MonitoredReport, printer: PrintQueue) async throws -> Response {
        let stem = kind.file.hasPrefix("template") ? "运行监控填报模板" : "项目支出绩效目标执行监控表"
        let ext = kind.file.split(separator: ".").last.map(String.init) ?? ""
        let name = "\(loaded.key.department)\(loaded.key.year)年1-\(loaded.key.month)月\(stem).\(ext)"
        return Response(status: .ok, headers: [.contentType: kind.type, .cacheControl: "private, no-store",
                                               .contentDisposition: PublicSite.attachment(name, fallback: "jixiao-monitoring-\(loaded.key.year)-\(loaded.key.month).\(ext)")],
                        body: .init(byteBuffer: ByteBuffer(bytes: try await bytes(kind, loaded, printer: printer))))
    }
}
