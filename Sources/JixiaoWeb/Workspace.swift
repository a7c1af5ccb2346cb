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

    func register(on router: Router<AppContext>) {
        router.get("workspace") { request, context in try await list(request, context) }
        router.get("workspace/tables/:year/:department") { request, context in try await table(request, context) }
        router.get("workspace/tables/:year/:department/download/:file") { request, context in try await download(request, context) }
    }

    func list(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let summaries = try await repository.listTables().filter { Access.inWorkspace(account, $0) }
        let years = Dictionary(grouping: summaries, by: \.fiscalYear).sorted { $0.key > $1.key }.map { year, tables -> [String: Any] in
            ["year": "\(year)", "tables": tables.map { summary -> [String: Any] in
                ["department": summary.department, "path": "/workspace" + summary.path, "state": summary.state.rawValue,
                 "stateTitle": summary.state.title, "units": "\(summary.unitCount)", "projects": "\(summary.projectCount)",
                 "total": summary.total.map { $0.total.formatted(in: .wanYuan) } ?? "—"]
            }]
        }
        var object: [String: Any] = ["years": years, "scope": "您可以查看：" + Access.scope(account)]
        if account.role == .admin { object["admin"] = true }
        return Pages.response("工作台", "workspace", object, context)
    }

    /// The table the path names, if this person may read it; 404 otherwise.
    func readable(_ request: Request, _ context: AppContext) async throws -> (TableSummary, BudgetTable) {
        let account = try context.requireAccount(request)
        guard let year = context.parameters.get("year", as: Int.self), let department = context.parameters.get("department").map(WebPath.decode),
              let summary = try await repository.listTables().first(where: { $0.department == department && $0.fiscalYear == year }),
              Access.mayRead(account, summary), let table = try await repository.loadTable(department: department, year: year) else {
            throw HTTPError(.notFound, message: "没有这张表，或者您的账号不能查看它。")
        }
        return (summary, table)
    }

    func table(_ request: Request, _ context: AppContext) async throws -> Response {
        let (summary, table) = try await readable(request, context)
        let findings = Review.run(table).sorted { $0.severity < $1.severity }
        var object: [String: Any] = [
            "department": summary.department, "year": "\(summary.fiscalYear)", "state": summary.state.rawValue, "stateTitle": summary.state.title,
            "counts": FindingCounts(findings).chinese, "table": TableHTML.fragment(table),
            "downloads": PublicSite.downloads.map { ["href": "/workspace\(summary.path)/download/table.\($0.ext)", "label": $0.label] },
        ]
        if !findings.isEmpty {
            // By rule first (a rule firing 120 times is one thing to learn), then every finding.
            let byRule = Dictionary(grouping: findings, by: \.rule).values.sorted { ($0[0].severity, -$0.count) < ($1[0].severity, -$1.count) }
            object["findings"] = [
                "rules": byRule.map { group -> [String: Any] in
                    ["rule": group[0].rule, "severity": group[0].severity.rawValue, "severityTitle": group[0].severity.chinese,
                     "count": "\(group.count)", "fix": group[0].fix]
                },
                "items": findings.map { finding -> [String: Any] in
                    ["rule": finding.rule, "severity": finding.severity.rawValue, "severityTitle": finding.severity.chinese,
                     "location": finding.location.chinese, "message": finding.message, "fix": finding.fix]
                },
                "open": findings.count <= 20 ? " open" : "",
            ]
        }
        if summary.state == .published { object["publicPath"] = summary.path }
        return Pages.response("\(summary.department) \(summary.fiscalYear) 年度（\(summary.state.title)）", "workspaceTable", object, context)
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let (summary, table) = try await readable(request, context)
        guard let kind = PublicSite.downloads.first(where: { "table." + $0.ext == context.parameters.get("file") }) else { throw HTTPError(.notFound) }
        var response = PublicSite.attachmentResponse(summary, kind, ByteBuffer(bytes: try kind.format.write(table)))
        response.headers[.cacheControl] = "private, no-store"
        return response
    }
}
