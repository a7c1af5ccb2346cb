import Foundation
import Hummingbird
import JixiaoCore
import JixiaoStore

/// 项目历史: every saved version of a project, who saved it and when, and the field-level
/// difference between any two (`?a=1&b=3`; by default the last two).
struct ProjectHistory {
    let repository: any TableRepository
    let workspace: Workspace

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.projectHistory(.any, id: 0).route) { request, context in try await page(request, context) }
    }

    struct Version {
        var number: Int
        var at: Int64?
        var actor: String
        var snapshot: ProjectDiff.Snapshot
    }

    /// Version 1 is the project as imported (the first save's "before"); each save adds one.
    static func versions(current: StoredProject, history: [AuditEntry]) -> [Version] {
        let updates = history.filter { $0.record.action == "update" }
        guard let first = updates.first, let original = ProjectDiff.Snapshot(json: first.record.before) else {
            return [Version(number: current.version, at: nil, actor: "导入", snapshot: ProjectDiff.Snapshot(current.project))]
        }
        var versions = [Version(number: 1, at: nil, actor: "导入", snapshot: original)]
        for (i, entry) in updates.enumerated() {
            guard let snapshot = ProjectDiff.Snapshot(json: entry.record.after) else { continue }
            versions.append(Version(number: i + 2, at: entry.at, actor: entry.record.actor, snapshot: snapshot))
        }
        return versions
    }

    func page(_ request: Request, _ context: AppContext) async throws -> Response {
        let (summary, entry) = try await workspace.readableEntry(request, context)
        guard let id = context.parameters.get("id", as: Int64.self),
              let stored = entry.stored.first(where: { $0.id == id }) else {
            throw HTTPError(.notFound, message: "这张表没有这个项目。")
        }
        let versions = Self.versions(current: stored, history: try await repository.workflow.history(entity: "project", id: "\(id)"))
        let numbers = versions.map(\.number)
        let query = request.uri.queryParameters
        let b = query.get("b").flatMap { Int($0) }.flatMap { numbers.contains($0) ? $0 : nil } ?? numbers.last!
        let a = query.get("a").flatMap { Int($0) }.flatMap { numbers.contains($0) ? $0 : nil } ?? numbers.dropLast().last ?? b
        let from = versions.first { $0.number == a }!, to = versions.first { $0.number == b }!
        let changes = ProjectDiff.fields(from.snapshot, to.snapshot)
        let page = ProjectHistoryPage(
            title: "项目历史：\(stored.project.name)", department: summary.department, year: summary.fiscalYear,
            tableHref: SiteURL.workspaceTable(summary.key).path, historyHref: SiteURL.projectHistory(summary.key, id: id).path,
            name: stored.project.name,
            versions: versions.reversed().map { .init(number: $0.number, at: DisplayTime.text($0.at), actor: $0.actor, total: ProjectDiff.Snapshot.total($0.snapshot)) },
            a: a, b: b, options: numbers.map { .init(n: $0, isA: $0 == a, isB: $0 == b) },
            changes: changes.map { .init(field: $0.field, before: $0.before, after: $0.after) }, same: changes.isEmpty)
        return Pages.response(page, context)
    }
}

extension ProjectDiff.Snapshot {
    static func total(_ snapshot: Self) -> String {
        snapshot.amountsFen.first.map { Money(fen: $0).formatted(in: .wanYuan) } ?? "—"
    }
}
