import Foundation
import Hummingbird
import JixiaoCore
import JixiaoReview
import JixiaoStore

/// Why a transition was refused, with the status the page or the API answers.
struct Refusal: Error {
    var status: HTTPResponse.Status
    var message: String
}

extension Refusal {
    /// What every step asks of its comment and its content, a table's or a monitoring report's:
    /// a reason where the step needs one (the department has to know what to change), at most
    /// 2000 characters, and no submission while the review finds errors. The comment, trimmed.
    static func checked(_ action: WorkflowAction, comment: String, errors: () async throws -> Int) async throws -> String {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsComment && comment.isEmpty { throw Refusal(status: .unprocessableContent, message: "\(action.title)时请写明原因，部门才知道要改什么。") }
        if comment.count > 2000 { throw Refusal(status: .unprocessableContent, message: "意见不超过 2000 字。") }
        if action == .submit {
            let errors = try await errors()
            if errors > 0 { throw Refusal(status: .unprocessableContent, message: "审核发现 \(errors) 项错误，改正后才能提交。") }
        }
        return comment
    }
}

/// One transition as the page and the API both ask for it: the rules, the review check on
/// submission, then the store's compare-and-set.
struct Transitions {
    let repository: any TableRepository
    let tables: PublishedTables
    var notifications = Notifications.off

    /// - Parameter seen: the state the person acted on (the page they had open); nil for the current one.
    /// `actor` is what the audit log records (`AppContext.actor`: the login, and a token's issuer).
    func perform(_ action: WorkflowAction, seen: WorkflowState?, comment: String, by account: Account, actor: String? = nil,
                 _ summary: TableSummary, _ table: BudgetTable) async throws -> Int {
        let publishing = try await tables.publishing()
        guard action.isActor(account, summary, publishing) else {
            throw Refusal(status: .forbidden, message: "您的账号不能“\(action.title)”这张表。")
        }
        guard action.from.contains(summary.state) else {
            throw Refusal(status: .conflict, message: "这张表现在是“\(summary.state.title)”，不能“\(action.title)”。")
        }
        let comment = try await Refusal.checked(action, comment: comment) {
            FindingCounts(Review.run(table, settings: try await tables.reviewSettings(year: summary.fiscalYear).settings)).errors
        }
        do {
            let publication = action.publication(table, kept: try await tables.publications(department: summary.department, year: summary.fiscalYear))
            // A step that keeps the table's content moves only the version the content was read at.
            let version = try await repository.workflow.transition(department: summary.department, year: summary.fiscalYear, from: seen ?? summary.state,
                                                                   to: action.to, actor: actor ?? account.login, comment: comment.isEmpty ? nil : comment,
                                                                   atVersion: publication == nil ? nil : summary.version, publication: publication,
                                                                   action: action.rawValue)
            // Published, reopened or withdrawn now: the reviewer (and the public) see it at once,
            // not when this server's list ages (other servers' lists still age; issue 18).
            if publication != nil { tables.refresh() }
            notifications.transitionHappened(action, .table(summary), actor: account, comment: comment, publishing: publishing)
            return version
        } catch StoreError.stale(let why) {
            throw Refusal(status: .conflict, message: why)
        }
    }
}
