import Foundation
import Hummingbird
import JixiaoCore
import JixiaoReview
import JixiaoStore

/// `/api/v1` for the workflow: a table's projects (read, and saved with their version — 409
/// when someone saved first), its transitions, comments and history. Reading goes by
/// session or token like the rest of the API; writing takes an API token only: a browser's
/// session writes through the pages' forms, which carry the CSRF token.
struct WorkflowAPI {
    let repository: any TableRepository
    let api: TableAPI
    var notifications = Notifications.off

    /// The operations of `Resources/openapi.json` this type answers, by `operationId`.
    var handlers: [String: OpenAPIRoutes.Handler] {
        [
            "listProjects": { _, context in
                let (_, _, projects) = try await table(context)
                return APIDocument.response(APIDocument.Items(items: projects.map(APIDocument.Project.init)))
            },
            "getProject": { _, context in
                let (_, _, projects) = try await table(context)
                return APIDocument.response(APIDocument.Project(try Self.find(projects, context)))
            },
            "saveProject": { request, context in try await save(request, context) },
            "addProject": { request, context in
                let account = try Self.writer(context)
                let body = try await JSONBody.read(request)
                let summary = try await summary(context)
                guard account.mayEdit(summary) else { throw HTTPError(.forbidden, message: "only the department's editors add projects, and only while the table is a draft or returned") }
                let units = try await repository.structure.units(department: summary.department, year: summary.fiscalYear)
                guard let unit = body["unit_id"]?.wholeNumber, units.contains(where: { $0.id == unit }) else {
                    throw HTTPError(.unprocessableContent, message: "unit_id: one of this table's spending units (\(units.map { "\($0.id) \($0.name)" }.joined(separator: ", ")))")
                }
                guard let name = body["name"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty, name.count <= 200 else {
                    throw HTTPError(.unprocessableContent, message: "name: 1 to 200 characters")
                }
                let id = try await repository.structure.addProject(unitID: unit, name: name, actor: context.actor)
                return APIDocument.response(APIDocument.Saved(id: id, version: 1), status: .created)
            },
            "deleteProject": { request, context in
                let account = try Self.writer(context)
                let (summary, _, projects) = try await table(context)
                let stored = try Self.find(projects, context)
                guard account.mayEdit(summary) else { throw HTTPError(.forbidden, message: "only the department's editors delete projects, and only while the table is a draft or returned") }
                guard let version = request.uri.queryParameters.get("version").flatMap({ Int($0) }) else {
                    throw HTTPError(.unprocessableContent, message: "version: the version the project was read at (?version=N)")
                }
                do {
                    try await repository.structure.deleteProject(id: stored.id, version: version, before: stored.project, actor: context.actor)
                } catch StoreError.stale(let why) {
                    throw HTTPError(.conflict, message: why)
                }
                return Response(status: .noContent)
            },
            "getProjectHistory": { _, context in
                let (_, _, projects) = try await table(context)
                let stored = try Self.find(projects, context)
                let entries = try await repository.workflow.history(entity: "project", id: "\(stored.id)")
                return APIDocument.response(APIDocument.Items(items: ProjectHistory.versions(current: stored, history: entries).map { version in
                    APIDocument.ProjectVersion(version: version.number, actor: version.actor, name: version.snapshot.name, amounts_fen: version.snapshot.amountsFen,
                                               goal: version.snapshot.goal, indicators: version.snapshot.indicators, at: version.at.map(AuditTime.iso))
                }))
            },
            "getTableHistory": { _, context in
                let summary = try await summary(context)
                let entries = try await repository.workflow.history(entity: "table", id: "\(summary.department)/\(summary.fiscalYear)")
                return APIDocument.response(APIDocument.Items(items: entries.map {
                    APIDocument.TableEvent(at: AuditTime.iso($0.at), actor: $0.record.actor, action: $0.record.action, before: $0.record.before, after: $0.record.after)
                }))
            },
            "listComments": { _, context in
                let summary = try await summary(context)
                return APIDocument.response(APIDocument.Items(items: try await comments(summary)))
            },
            "addComment": { request, context in
                let account = try Self.writer(context)
                let body = try await JSONBody.read(request)
                let (summary, _, projects) = try await table(context)
                guard account.mayComment(summary) else { throw HTTPError(.forbidden, message: "this account may not comment on this table") }
                guard let text = body["body"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text.count <= 2000 else {
                    throw HTTPError(.unprocessableContent, message: "body: a comment of 1 to 2000 characters")
                }
                // Left out: a comment on the table; null or 1.5 is refused, not read as "the table".
                let projectID = try body.whole("project_id", "a project's id, or leave it out for the table")
                if let projectID, !projects.contains(where: { $0.id == projectID }) { throw HTTPError(.notFound, message: "no project \(projectID) in this table") }
                try await repository.workflow.addComment(department: summary.department, year: summary.fiscalYear, projectID: projectID, author: context.actor, body: text)
                return APIDocument.response(APIDocument.Items(items: try await comments(summary)), status: .created)
            },
            "moveTable": { request, context in
                let account = try Self.writer(context)
                let body = try await JSONBody.read(request)
                let (summary, table, _) = try await table(context)
                let (action, seen, comment) = try Self.step(body, actions: WorkflowAction.allCases, states: WorkflowState.allCases)
                do {
                    let version = try await Transitions(repository: repository, tables: api.tables, notifications: notifications).perform(action, seen: seen, comment: comment, by: account, actor: context.actor, summary, table)
                    return APIDocument.response(APIDocument.Moved(state: action.to.rawValue, version: version))
                } catch let refusal as Refusal {
                    throw HTTPError(refusal.status, message: refusal.message)
                }
            },
        ]
    }

    /// The table the path names, if the caller may read it (404 otherwise).
    func summary(_ context: AppContext) async throws -> TableSummary {
        guard let year = context.fiscalYear, let department = context.parameters.get("department").map(WebPath.decode),
              let summary = try await api.readable(context, department: department, year: year) else {
            throw HTTPError(.notFound, message: "no table you may read for this department and year")
        }
        return summary
    }

    /// The same, with the table and its projects (as reviewed once per version).
    func table(_ context: AppContext) async throws -> (TableSummary, BudgetTable, [StoredProject]) {
        let summary = try await summary(context)
        let entry = try await api.reviewed.entry(summary)
        return (summary, entry.table, entry.stored)
    }

    func comments(_ summary: TableSummary) async throws -> [APIDocument.Comment] {
        try await repository.workflow.comments(department: summary.department, year: summary.fiscalYear).map { comment in
            APIDocument.Comment(id: comment.id, author: comment.author, body: comment.body, at: AuditTime.iso(comment.at),
                                project_id: comment.projectID, project: comment.project, transition: comment.transition?.rawValue)
        }
    }

    /// Reads no table: a save checks the project is the path's table's and writes it; the
    /// review runs once after a burst of saves (`ReviewedTables.warm`), not once a save.
    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try Self.writer(context)
        let body = try await JSONBody.read(request)
        let summary = try await summary(context)
        guard let id = context.parameters.get("id", as: Int64.self),
              let owner = try await repository.structure.table(ofProject: id), owner == (summary.department, summary.fiscalYear) else {
            throw HTTPError(.notFound, message: "no such project in this table")
        }
        guard account.mayEdit(summary) else {
            throw HTTPError(.forbidden, message: "only the department's editors edit, and only while the table is a draft or returned")
        }
        guard let version = body["version"]?.wholeNumber.flatMap({ Int(exactly: $0) }) else { throw HTTPError(.unprocessableContent, message: "version: the version the project was read at") }
        let project = try ProjectJSON.project(body)
        do {
            let saved = try await repository.updateProject(id: id, expectedVersion: version, project, actor: context.actor)
            api.reviewed.warm(department: summary.department, year: summary.fiscalYear)
            return APIDocument.response(APIDocument.Saved(id: id, version: saved))
        } catch StoreError.conflict(_, _, let found, let by, let at) {
            let problem = APIDocument.Problem(
                title: "Conflict", status: 409,
                detail: "project \(id) was changed\(by.map { " by \($0)" } ?? "")\(at.map { " at \(AuditTime.iso($0))" } ?? ""): it is at version \(found), not \(version)",
                current_version: found, changed_by: by, changed_at: at.map(AuditTime.iso))
            return APIDocument.response(problem, status: .conflict, type: "application/problem+json")
        }
    }

    static func find(_ projects: [StoredProject], _ context: AppContext) throws -> StoredProject {
        guard let id = context.parameters.get("id", as: Int64.self), let stored = projects.first(where: { $0.id == id }) else {
            throw HTTPError(.notFound, message: "no such project in this table")
        }
        return stored
    }

    /// A transition's body (`action`, `from`, `comment`), each field checked as the document
    /// declares it: the action one of `actions`, the state one of `states`.
    static func step(_ body: [String: JSONBody], actions: [WorkflowAction], states: [WorkflowState]) throws -> (WorkflowAction, WorkflowState?, String) {
        guard let action = body["action"]?.string.flatMap(WorkflowAction.init(rawValue:)), actions.contains(action) else {
            throw JSONBody.refusal("action: one of " + actions.map(\.rawValue).joined(separator: ", "))
        }
        let seen = try body.text("from", "the state acted on").map { text in
            guard let state = WorkflowState(rawValue: text), states.contains(state) else {
                throw JSONBody.refusal("from: one of " + states.map(\.rawValue).joined(separator: ", "))
            }
            return state
        }
        let comment = try body.text("comment", "text") ?? ""
        // The document's maxLength counts code points.
        guard comment.unicodeScalars.count <= 2000 else { throw JSONBody.refusal("comment: at most 2000 characters") }
        return (action, seen, comment)
    }

    /// Writes need an API token: a session's writes go through the forms (CSRF).
    static func writer(_ context: AppContext) throws -> Account {
        guard let account = context.identity else { throw HTTPError(.unauthorized, message: "writing needs an API token: Authorization: Bearer jx_…") }
        guard context.signedInByToken else { throw HTTPError(.forbidden, message: "writing through the API needs an API token; in a browser, use the pages' forms") }
        return account
    }
}

/// A project as the API writes and reads it: amounts in 分, indicators as their levels,
/// name and the two target values as written (`unparsed` for an item kept as written).
enum ProjectJSON {

    /// The 总计 is always the sum of the three sources; a `total` sent is ignored. A field left
    /// out takes its empty value (`JSONBody`).
    static func project(_ body: [String: JSONBody]) throws -> Project {
        guard let name = try body.text("name", "a name")?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else {
            throw JSONBody.refusal("name: required")
        }
        let amounts = try body.field("amounts_fen", \.object, "an object of fiscal, special and other") ?? [:]
        func fen(_ key: String) throws -> Money {
            guard let value = amounts[key] else { return .zero }
            guard let fen = value.wholeNumber, fen >= 0, fen < Money.limit.fen else {
                throw JSONBody.refusal("amounts_fen.\(key): a whole, non-negative number of 分")
            }
            return Money(fen: fen)
        }
        let (fiscal, special, other) = (try fen("fiscal"), try fen("special"), try fen("other"))
        guard Amounts(total: .zero, fiscalAppropriation: fiscal, specialAccount: special, otherFunds: other).sourcesWithinLimit else {
            throw JSONBody.refusal("amounts_fen: fiscal + special + other come to more than the largest amount a table may state (\(Money.limit.fen) 分)")
        }
        let items = try body.field("indicators", { $0.array?.compactMap(\.object) }, "an array of indicator objects") ?? []
        guard items.count == body["indicators"]?.array?.count ?? 0 else { throw JSONBody.refusal("indicators: an array of indicator objects") }
        let indicators = try items.enumerated().map { i, item -> Indicator in
            func text(_ key: String) throws -> String? { try item.text(key, "text", at: "indicators[\(i)].") }
            if let raw = try text("unparsed") { return Indicator(ordinal: i + 1, unparsedText: raw) }
            guard let level1 = try text("level1").flatMap(level), let level2 = try text("level2").flatMap(level),
                  let name = try text("name"), !name.isEmpty else {
                throw JSONBody.refusal("indicators[\(i)]: level1, level2 (\"1-产出指标\", \"11-数量指标\") and name are required")
            }
            let period = (try text("period") ?? "").trimmingCharacters(in: .whitespaces)
            let annual = (try text("annual") ?? "").trimmingCharacters(in: .whitespaces)
            return Indicator(ordinal: i + 1, level1: level1, level2: level2, name: name, periodTarget: period.isEmpty ? nil : TargetValue(text: period),
                             annualTarget: annual.isEmpty ? nil : TargetValue(text: annual))
        }
        return Project(name: name, amounts: Amounts(total: fiscal + special + other, fiscalAppropriation: fiscal, specialAccount: special, otherFunds: other),
                       goal: try body.text("goal", "text") ?? "", indicators: indicators)
    }

    /// `22-社会效益` → code 22, name 社会效益; a bare name has no code.
    static func level(_ text: String) -> IndicatorLevel? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, text.dropFirst(digits.count).first == "-" { return IndicatorLevel(code: String(digits), name: String(text.dropFirst(digits.count + 1))) }
        return IndicatorLevel(code: nil, name: text)
    }
}
