import Foundation
import Hummingbird
import JixiaoReview
import JixiaoStore

/// 待办: the tables that wait for this person, each with its last step (when, by whom) and
/// what the review finds; sorted and filtered as the reviewer asks (`?sort=…&state=…&q=…`),
/// newest step first by default.
struct AwaitingList {
    enum Sort: String, CaseIterable {
        case newest, oldest, errors, department

        var title: String {
            switch self {
            case .newest: "最近的在前"
            case .oldest: "等待最久的在前"
            case .errors: "错误多的在前"
            case .department: "按部门名称"
            }
        }
    }

    struct Query {
        var sort: Sort
        /// Only tables in this state (待审核 = submitted, 待公开 = approved, …).
        var state: WorkflowState?
        /// Only departments whose name holds this text.
        var department: String

        init(_ request: Request) {
            let parameters = request.uri.queryParameters
            sort = parameters.get("sort").flatMap(Sort.init(rawValue:)) ?? .newest
            state = parameters.get("state").flatMap(WorkflowState.init(rawValue:))
            department = (parameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        }
    }

    let workspace: Workspace
    let account: Account
    let query: Query

    func items(_ summaries: [TableSummary]) async throws -> WorkspacePage.AwaitingList {
        let publishing = try await workspace.tables.publishing()
        let names = try await workspace.tables.displayNames()
        let waiting = summaries.compactMap { summary in account.awaits(summary, publishing).map { (summary, $0) } }
        var rows: [(at: Int64, errors: Int, item: WorkspacePage.Awaiting)] = []
        for (summary, what) in waiting {
            if let state = query.state, summary.state != state { continue }
            if !query.department.isEmpty && !summary.department.contains(query.department) { continue }
            let last = try await TableTimeline.events(summary, workspace.repository, names: names).last
            let counts = try await workspace.reviewed.entry(summary).counts
            rows.append((last?.millis ?? 0, counts.errors, WorkspacePage.Awaiting(
                department: summary.department, year: summary.fiscalYear, path: SiteURL.workspaceTable(summary.key).path, what: what,
                since: last.map { "\($0.who) \($0.at) \($0.what)" }, counts: "\(counts.errors) 项错误、\(counts.warnings) 项警告")))
        }
        switch query.sort {
        case .newest: rows.sort { $0.at > $1.at }
        case .oldest: rows.sort { $0.at < $1.at }
        case .errors: rows.sort { ($1.errors, $1.at) < ($0.errors, $0.at) }
        case .department: rows.sort { ($0.item.department, $0.item.year) < ($1.item.department, $1.item.year) }
        }
        // The states that wait for this person, for the filter's choices.
        let states = Set(waiting.map(\.0.state))
        return WorkspacePage.AwaitingList(
            items: rows.map(\.item), total: waiting.count, shown: rows.count,
            sorts: Sort.allCases.map { .init(value: $0.rawValue, title: $0.title, selected: $0 == query.sort) },
            states: WorkflowState.allCases.filter(states.contains).map { .init(value: $0.rawValue, title: $0.title, selected: $0 == query.state) },
            department: query.department, action: SiteURL.workspace.path)
    }
}
