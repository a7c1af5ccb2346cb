import Foundation
import Hummingbird
import JixiaoCore
import JixiaoReview
import JixiaoStore

/// `/api/v1/monitoring` (docs/domain.md §9): the rounds, a round's overview, a department's
/// report with each project's lights and findings, saving one project's monitoring over the
/// version it was read at (409 when someone saved first), and the report's steps. Read as the
/// pages are: a report by its department's editors and the reviewers, the overview by the
/// reviewers; the public reads a round once it is published, and its approved reports. Writing
/// takes an API token.
struct MonitoringAPI {
    let repository: any TableRepository
    let reports: MonitoringReports
    var notifications = Notifications.off

    var handlers: [String: OpenAPIRoutes.Handler] {
        [
            "listMonitoringRounds": { _, context in
                let everything = context.identity.map { !$0.disabled && ($0.role == .reviewer || $0.role == .editor) } ?? false
                let rounds = try await repository.monitoring.rounds().filter { everything || $0.publishedAt != nil }
                return APIDocument.response(APIDocument.Items(items: rounds.map(Round.init)))
            },
            "getMonitoringRound": { _, context in
                let round = try await round(context)
                let reviewer = context.identity.map { $0.role == .reviewer && !$0.disabled } ?? false
                guard reviewer || round.publishedAt != nil else { throw HTTPError(.notFound, message: "no monitoring round you may read") }
                // The public reads the approved reports of a published round, and their lines only.
                let lines = try await repository.monitoring.overview(year: round.year, month: round.month).filter { reviewer || $0.state == .approved }
                return APIDocument.response(Overview(round: Round(round), departments: lines.map(DepartmentLine.init)))
            },
            "getMonitoringReport": { _, context in
                let loaded = try await readable(context)
                return APIDocument.response(Report(loaded))
            },
            "saveMonitoringEntry": { request, context in try await save(request, context) },
            "moveMonitoringReport": { request, context in
                let account = try WorkflowAPI.writer(context)
                let body = try await JSONBody.read(request)
                let loaded = try await readable(context)
                let (action, seen, comment) = try WorkflowAPI.step(body, actions: MonitoringAccess.actions, states: [.draft, .submitted, .returned, .approved])
                do {
                    try await MonitoringTransitions(repository: repository, notifications: notifications).perform(action, seen: seen, comment: comment, by: account, actor: context.actor, loaded)
                } catch let refusal as Refusal {
                    throw HTTPError(refusal.status, message: refusal.message)
                }
                return APIDocument.response(Report(try await reports.load(loaded.key) ?? loaded))
            },
        ]
    }

    func round(_ context: AppContext) async throws -> MonitoringRound {
        guard let year = context.fiscalYear, let month = context.month, let round = try await repository.monitoring.round(year: year, month: month) else {
            throw HTTPError(.notFound, message: "no monitoring round you may read")
        }
        return round
    }

    /// The report the path names, if the caller may read it (404 otherwise).
    func readable(_ context: AppContext) async throws -> MonitoredReport {
        guard let key = context.reportKey, let loaded = try await reports.load(key) else { throw HTTPError(.notFound, message: "no monitoring report you may read") }
        let allowed = context.identity.map { MonitoringAccess.mayRead($0, department: key.department) } ?? false
        guard allowed || (loaded.round.publishedAt != nil && loaded.report.state == .approved) else {
            throw HTTPError(.notFound, message: "no monitoring report you may read")
        }
        return loaded
    }

    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try WorkflowAPI.writer(context)
        let body = try await JSONBody.read(request)
        let loaded = try await readable(context)
        guard let id = context.parameters.get("id", as: Int64.self), let (place, _, _) = loaded.project(id: id) else {
            throw HTTPError(.notFound, message: "no such project in this table")
        }
        guard MonitoringAccess.mayEdit(account, loaded.report) else {
            throw HTTPError(.forbidden, message: "only the department's editors report, and only while the report is a draft or returned")
        }
        guard let version = body["version"]?.wholeNumber.flatMap({ Int(exactly: $0) }), version >= 0 else {
            throw JSONBody.refusal("version: the entry_version the project was read at (0 when none was saved)")
        }
        let project = loaded.table.units[place.u].projects[place.p]
        let progress = try ProgressJSON.progress(body, project: project)
        if let (field, limit) = progress.oversized { throw JSONBody.refusal("\(field): at most \(limit) characters") }
        let monitored = loaded.evaluate(progress, at: place)
        do {
            let saved = try await repository.monitoring.save(try loaded.storedEntry(progress, at: place, monitored: monitored), department: loaded.key.department,
                                                             year: loaded.key.year, month: loaded.key.month, atVersion: version, actor: context.actor)
            return APIDocument.response(Saved(id: id, entry_version: saved, light: monitored.light?.rawValue, money_light: monitored.moneyLight?.rawValue))
        } catch StoreError.stale(let why) {
            let current = try await reports.load(loaded.key)?.versions[place]
            let problem = APIDocument.Problem(title: "Conflict", status: 409, detail: why, current_version: current)
            return APIDocument.response(problem, status: .conflict, type: "application/problem+json")
        }
    }

    // MARK: Documents

    struct Round: Encodable {
        var year: Int, month: Int, due: String, published: Bool
        init(_ round: MonitoringRound) { (year, month, due, published) = (round.year, round.month, round.due, round.publishedAt != nil) }
    }

    struct DepartmentLine: Encodable {
        var department: String, state: String, started: Bool, submitted_at: String?, projects: Int, reported: Int
        var red: Int, yellow: Int, blue: Int, green: Int, initial_budget_fen: Int64, annual_budget_fen: Int64?, spent_fen: Int64, reported_budget_fen: Int64
        init(_ line: DepartmentMonitoring) {
            (department, state, started, submitted_at) = (line.department, line.state.rawValue, line.started, line.submittedAt.map(AuditTime.iso))
            (projects, reported, red, yellow, blue, green) = (line.projectCount, line.reportedCount, line.red, line.yellow, line.blue, line.green)
            (initial_budget_fen, annual_budget_fen, spent_fen, reported_budget_fen) = (line.initialFen, line.budgetFen, line.spentFen, line.reportedBudgetFen)
        }
    }

    struct Overview: Encodable { var round: Round, departments: [DepartmentLine] }

    struct Indicator: Encodable {
        var number: Int, name: String, target: String, kind: String, reached: String, forecast: String, likelihood: String?
        var deviation: String, correction: String, c: Double?, value_light: String?, light: String?
    }

    struct Project: Encodable {
        var id: Int64?, unit: String, name: String, entry_version: Int, reported: Bool
        var initial_budget_fen: Int64, annual_budget_fen: Int64, spent_fen: Int64?, forecast_spent_fen: Int64?
        var execution_rate: Double?, q: Double?, money_light: String?, light: String?, deviation: String, correction: String
        var indicators: [Indicator], findings: [Finding]
    }

    struct Report: Encodable {
        var year: Int, month: Int, department: String, state: String, version: Int, due: String, late: Bool, submitted_at: String?
        var money_unit: String, projects: [Project], findings: [Finding]

        init(_ loaded: MonitoredReport) {
            (year, month, department) = (loaded.key.year, loaded.key.month, loaded.key.department)
            (state, version, due) = (loaded.report.state.rawValue, loaded.report.version, loaded.round.due)
            (late, submitted_at, money_unit) = (loaded.lateness != nil, loaded.report.submittedAt.map(AuditTime.iso), loaded.table.moneyUnit.rawValue)
            findings = loaded.lateness.map { [$0] } ?? []
            projects = loaded.projects.enumerated().map { index, monitored in
                let place = loaded.place(at: index)
                let project = loaded.table.units[place.u].projects[place.p]
                let progress = loaded.progress[place]
                return Project(
                    id: loaded.storedID(at: place), unit: monitored.unit, name: monitored.name, entry_version: loaded.versions[place] ?? 0, reported: monitored.reported,
                    initial_budget_fen: project.amounts.total.fen, annual_budget_fen: (progress?.annualBudget ?? project.amounts.total).fen,
                    spent_fen: progress?.spent?.fen, forecast_spent_fen: progress?.forecastSpent?.fen, execution_rate: monitored.executionRate, q: monitored.q,
                    money_light: monitored.moneyLight?.rawValue, light: monitored.light?.rawValue, deviation: monitored.deviation, correction: monitored.correction,
                    indicators: monitored.indicators.map {
                        Indicator(number: $0.number, name: $0.name, target: $0.target, kind: $0.kind.rawValue, reached: $0.reached, forecast: $0.forecast,
                                  likelihood: $0.likelihood?.rawValue, deviation: $0.deviation, correction: $0.correction, c: $0.c,
                                  value_light: $0.valueLight?.rawValue, light: $0.light?.rawValue)
                    },
                    findings: monitored.findings)
            }
        }
    }

    struct Saved: Encodable { var id: Int64, entry_version: Int, light: String?, money_light: String? }
}

/// A project's monitoring as the API writes it: money in 分, 偏差原因 as categories and text,
/// each indicator by its number. Strict as the document: a field of another type is 422.
enum ProgressJSON {
    static func progress(_ body: [String: JSONBody], project: Project) throws -> ProjectProgress {
        func fen(_ key: String) throws -> Money? {
            guard let value = body[key] else { return nil }
            guard let fen = value.wholeNumber, fen >= 0, fen <= Money.limit.fen else { throw JSONBody.refusal("\(key): a whole, non-negative number of 分") }
            return Money(fen: fen)
        }
        func reason(_ object: [String: JSONBody]?, at path: String) throws -> DeviationReason {
            guard let object else { return DeviationReason() }
            let causes = try object.field("causes", { $0.array }, "an array of 经费保障, 制度保障, 人员保障, 硬件条件保障, 其他", at: path) ?? []
            let read = try causes.map { value -> DeviationCause in
                guard let cause = value.string.flatMap(DeviationCause.init(rawValue:)) else {
                    throw JSONBody.refusal("\(path)causes: each one of 经费保障, 制度保障, 人员保障, 硬件条件保障, 其他")
                }
                return cause
            }
            return DeviationReason(causes: read.reduce(into: []) { if !$0.contains($1) { $0.append($1) } },
                                   text: try object.text("text", "text", at: path)?.trimmingSpaces() ?? "")
        }
        var progress = ProjectProgress(project: project.name, annualBudget: try fen("annual_budget_fen"), spent: try fen("spent_fen"),
                                       forecastSpent: try fen("forecast_spent_fen"),
                                       deviation: try reason(try body.field("deviation", \.object, "an object of causes and text"), at: "deviation."),
                                       correction: try body.text("correction", "text")?.trimmingSpaces() ?? "")
        let numbers = Set(project.indicators.enumerated().map { $0.element.ordinal ?? $0.offset + 1 })
        let items = try body.field("indicators", { $0.array }, "an array of indicator objects") ?? []
        for (i, value) in items.enumerated() {
            let path = "indicators[\(i)]."
            guard let item = value.object else { throw JSONBody.refusal("indicators[\(i)]: an object") }
            guard let number = try item.field("number", \.wholeNumber, "an indicator's number", at: path).flatMap({ Int(exactly: $0) }), numbers.contains(number) else {
                throw JSONBody.refusal("\(path)number: one of this project's indicators (\(numbers.sorted().map(String.init).joined(separator: ", ")))")
            }
            guard progress.indicator(number) == nil else { throw JSONBody.refusal("\(path)number: indicator \(number) is given twice") }
            var likelihood: Likelihood?
            if let text = try item.text("likelihood", "确定能, 有可能 or 完全不可能", at: path) {
                guard let chosen = Likelihood(rawValue: text) else { throw JSONBody.refusal("\(path)likelihood: 确定能, 有可能 or 完全不可能") }
                likelihood = chosen
            }
            let reported = IndicatorProgress(
                ordinal: number, reached: try item.text("reached", "text", at: path)?.trimmingSpaces() ?? "",
                forecast: try item.text("forecast", "text", at: path)?.trimmingSpaces() ?? "", likelihood: likelihood,
                deviation: try reason(try item.field("deviation", \.object, "an object of causes and text", at: path), at: path + "deviation."),
                correction: try item.text("correction", "text", at: path)?.trimmingSpaces() ?? "")
            if !reported.isEmpty { progress.indicators.append(reported) }
        }
        return progress
    }
}
