import JixiaoStore

/// Who reads and works on monitoring reports (docs/domain.md §9): as for the tables, the
/// department's editors fill in and submit their own, the reviewers read every department's and
/// return or approve; a report someone may not read answers 404. The steps are the table's
/// (`WorkflowAction`) up to 审核通过: a report is not published by itself, its round is.
enum MonitoringAccess {
    static let actions: [WorkflowAction] = [.submit, .withdraw, .sendBack, .approve]

    static func mayRead(_ account: Account, department: String) -> Bool {
        guard !account.disabled else { return false }
        switch account.role {
        case .reviewer: return true
        case .editor: return account.department == department
        case .publisher, .admin: return false
        }
    }

    static func mayEdit(_ account: Account, _ report: MonitoringReport) -> Bool {
        !account.disabled && account.role == .editor && account.department == report.department && (report.state == .draft || report.state == .returned)
    }

    /// The steps this person may take on the report now.
    static func available(_ account: Account, _ report: MonitoringReport) -> [WorkflowAction] {
        actions.filter { isActor(account, $0, report) && $0.from.contains(report.state) }
    }

    static func isActor(_ account: Account, _ action: WorkflowAction, _ report: MonitoringReport) -> Bool {
        let role = action.role(.byReviewer)
        return !account.disabled && account.role == role && (role != .editor || account.department == report.department)
    }

    /// What the button asks before it acts.
    static func confirmation(_ action: WorkflowAction, open: String) -> String? {
        switch action {
        case .submit: open + "提交后，审核前监控报告不能修改（可撤回）。确定提交？"
        case .withdraw: "撤回后监控报告回到草稿，可继续修改，修改后需重新提交。确定撤回？"
        case .approve: open + "审核通过后，部门不能再修改本轮监控报告。确定审核通过？"
        default: nil
        }
    }
}
