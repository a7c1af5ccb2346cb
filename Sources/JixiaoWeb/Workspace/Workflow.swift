import JixiaoCore
import JixiaoReview
import JixiaoStore

/// Who takes the 公开 step (管理 › 站点设置): the reviewers who approve (the default), or, where
/// a bureau keeps the two duties apart, the 信息公开 role, so that no one both approves a
/// table and publishes it.
enum Publishing: String, CaseIterable, Sendable, Decodable {
    case byReviewer = "reviewer"
    case byPublisher = "publisher"

    static let settingName = "publishing"

    var title: String {
        switch self {
        case .byReviewer: "财政审核人员审核通过后公开"
        case .byPublisher: "由“信息公开”角色公开（审核与公开分开）"
        }
    }
}

/// The review workflow's rules (docs/domain.md §6), enforced on the server: 草稿 → 已提交 → 退回
/// (back to editing, with the reviewer's reason) or 已审核 → 已公开; the department may 撤回 a
/// submission no reviewer has acted on; a reviewer may reopen a published table for 更正 (it
/// goes back to the department as 退回 while the public keeps reading what was published).
/// Only these transitions, each by one role.
enum WorkflowAction: String, CaseIterable, Sendable, Decodable {
    case submit
    case withdraw
    case sendBack = "return"
    case approve
    case publish
    case correct
    case unpublish

    var from: [WorkflowState] {
        switch self {
        case .submit: [.draft, .returned]
        case .withdraw, .sendBack, .approve: [.submitted]
        case .publish: [.approved]
        case .correct, .unpublish: [.published]
        }
    }

    var to: WorkflowState {
        switch self {
        case .submit: .submitted
        case .withdraw: .draft
        case .sendBack, .correct, .unpublish: .returned
        case .approve: .approved
        case .publish: .published
        }
    }

    func role(_ publishing: Publishing) -> Role {
        switch self {
        case .submit, .withdraw: .editor
        case .sendBack, .approve, .correct: .reviewer
        case .publish, .unpublish: publishing == .byPublisher ? .publisher : .reviewer
        }
    }

    var title: String {
        switch self {
        case .submit: "提交审核"
        case .withdraw: "撤回提交"
        case .sendBack: "退回修改"
        case .approve: "审核通过"
        case .publish: "公开"
        case .correct: "更正"
        case .unpublish: "撤回公开"
        }
    }

    /// What the button asks before it acts, with what the review still shows (nil: no question,
    /// as a return already asks for its reason).
    func confirmation(_ counts: FindingCounts) -> String? {
        let open = counts.errors + counts.warnings + counts.info == 0 ? "审核没有发现问题。"
            : "审核发现尚有 \(counts.errors) 项错误、\(counts.warnings) 项警告、\(counts.info) 项提示。"
        switch self {
        case .submit: return open + "提交后，审核前本表不能修改（可撤回）。确定提交？"
        case .withdraw: return "撤回后本表回到草稿，可继续修改，修改后需重新提交。确定撤回？"
        case .sendBack: return nil
        case .approve: return open + "审核通过后，部门不能再修改本表。确定审核通过？"
        case .publish: return open + "公开后，所有人都能查看和下载这张表。确定公开？"
        case .correct: return "更正将把本表退回部门修改；更正后的表公开之前，公开页仍显示现在公开的版本，公开后注明“已更正”及日期。确定更正？"
        case .unpublish: return "撤回公开后，公众即刻看不到这张表及其此前公开的各版本；本表退回部门修改，重新审核公开之前不再公开。确定撤回公开？"
        }
    }

    /// 退回, 更正 and 撤回公开 must say why: the editor has to know what to change.
    var needsComment: Bool { self == .sendBack || self == .correct || self == .unpublish }

    /// What the step does to the publications (nil: nothing). `kept`: the table's
    /// publications so far, so that a correction keeps the table as published only when it
    /// was published before publications were kept.
    func publication(_ table: BudgetTable, kept: [Publication]) -> PublicationChange? {
        switch self {
        case .publish: .publish(PublishedContent(table))
        case .correct: .keep(kept.isEmpty ? PublishedContent(table) : nil)
        case .unpublish: .withdraw
        case .submit, .withdraw, .sendBack, .approve: nil
        }
    }

    /// Whether the action is this person's to take on this table, whatever its state.
    func isActor(_ account: Account, _ summary: TableSummary, _ publishing: Publishing) -> Bool {
        let role = role(publishing)
        return account.role == role && !account.disabled && (role != .editor || account.department == summary.department)
    }

    func allowed(for account: Account, _ summary: TableSummary, _ publishing: Publishing) -> Bool {
        isActor(account, summary, publishing) && from.contains(summary.state)
    }

    static func available(for account: Account, _ summary: TableSummary, _ publishing: Publishing) -> [WorkflowAction] {
        allCases.filter { $0.allowed(for: account, summary, publishing) }
    }
}

extension Account {
    /// Editing is the department's, and only while the table is with the department.
    func mayEdit(_ summary: TableSummary) -> Bool {
        role == .editor && department == summary.department && (summary.state == .draft || summary.state == .returned)
    }

    /// Comments come from the two sides of the review: the department and the reviewers.
    func mayComment(_ summary: TableSummary) -> Bool {
        !disabled && (role == .reviewer || (role == .editor && department == summary.department))
    }

    /// What awaits this person: an editor's tables to fill in or mend, a reviewer's to review
    /// or publish, a publisher's to publish.
    func awaits(_ summary: TableSummary, _ publishing: Publishing) -> String? {
        switch (role, summary.state) {
        case (.editor, .draft) where department == summary.department: "待填报并提交"
        case (.editor, .returned) where department == summary.department: "已退回，待修改后重新提交"
        case (.reviewer, .submitted): "待审核"
        case (_, .approved) where WorkflowAction.publish.role(publishing) == role: "已审核，待公开"
        default: nil
        }
    }
}
