import JixiaoStore

/// Who may read which table (docs/domain.md §6): everyone reads what is published; a reviewer
/// reads every department's tables in every state; an editor reads its own department's; a
/// publisher (信息公开) the approved ones, which are theirs to publish.
/// The administrator manages people, not tables: drafts stay closed to the admin role too.
/// A table someone may not read is answered 404, never 403, so its existence is not told.
enum Access {
    static func mayRead(_ account: Account?, _ summary: TableSummary) -> Bool {
        if summary.state == .published { return true }
        guard let account, !account.disabled else { return false }
        switch account.role {
        case .reviewer: return true
        case .editor: return account.department == summary.department
        case .publisher: return summary.state == .approved
        case .admin: return false
        }
    }

    /// The tables a person's workspace lists: an editor's own department's, all of them for a
    /// reviewer, the published ones for an administrator.
    static func inWorkspace(_ account: Account, _ summary: TableSummary) -> Bool {
        switch account.role {
        case .editor: account.department == summary.department
        case .reviewer: true
        case .publisher: summary.state == .approved || summary.state == .published
        case .admin: summary.state == .published
        }
    }

    /// The one department whose tables are all a person may see beyond the published ones
    /// (an editor's), so that their pages read that department's rows, not the province's.
    static func onlyDepartment(_ account: Account) -> String? {
        account.role == .editor ? account.department ?? "" : nil
    }

    static func scope(_ account: Account) -> String {
        switch account.role {
        case .editor: "本部门（\(account.department ?? "")）各年度、各状态的表，及其审核发现。"
        case .reviewer: "所有部门各年度、各状态的表，及其审核发现。"
        case .publisher: "所有部门已审核、已公开的表，及其审核发现；站点设为“审核与公开分开”时，由您公开已审核的表。"
        case .admin: "已公开的表；用户、部门、预算年度和接口令牌在“管理”中。"
        }
    }
}
