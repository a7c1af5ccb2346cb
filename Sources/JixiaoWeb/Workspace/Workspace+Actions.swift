import Foundation
import Hummingbird
import JixiaoStore

/// The table page's workflow form: the action's button, the state the page showed (so a
/// table that moved on since is not acted on blind) and the comment a return needs.
struct TransitionForm: Decodable {
    var action: WorkflowAction
    var from: WorkflowState?
    var comment: String
}

/// The comment form, under the table or under one of its projects.
struct CommentForm: Decodable {
    var body: String
    var projectID: Int64?
    /// `project` when written on the project's page, which the answer then returns to.
    var back: String

    enum CodingKeys: String, CodingKey {
        case body, back
        case projectID = "project_id"
    }
}

/// The table page's forms: a workflow transition, and a comment on the table or a project.
extension Workspace {
    func transition(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.decode(TransitionForm.self, request)
        let (summary, table) = try await readable(request, context)
        let action = form.action
        do {
            _ = try await Transitions(repository: repository, tables: tables, notifications: notifications).perform(action, seen: form.from, comment: form.comment,
                                                                      by: account, summary, table)
        } catch let refusal as Refusal {
            let (fresh, _) = try await readableEntry(request, context)
            return try await page(fresh, context, error: refusal.message, status: refusal.status)
        }
        context.logger.info("transition", metadata: ["table": .string("\(summary.department)/\(summary.fiscalYear)"), "to": .string(action.to.rawValue)])
        return Pages.seeOther(SiteURL.workspaceTable(summary.key).path([("notice", action.rawValue)]))
    }

    func comment(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.decode(CommentForm.self, request)
        let (summary, entry) = try await readableEntry(request, context)
        guard account.mayComment(summary) else { throw HTTPError(.forbidden, message: "您的账号不能在这张表上留言。") }
        let body = form.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= 2000 else {
            return try await page(summary, context, error: "意见不能为空，且不超过 2000 字。", status: .unprocessableContent)
        }
        if let projectID = form.projectID, !entry.stored.contains(where: { $0.id == projectID }) {
            throw HTTPError(.notFound, message: "这张表没有这个项目。")
        }
        try await repository.workflow.addComment(department: summary.department, year: summary.fiscalYear, projectID: form.projectID, author: account.login, body: body)
        // Back where it was written: a project's comment on the project's page.
        if let projectID = form.projectID, form.back == "project" {
            return Pages.seeOther(SiteURL.project(summary.key, id: projectID).path([("notice", "comment")]) + "#comments")
        }
        return Pages.seeOther(SiteURL.workspaceTable(summary.key).path([("notice", "comment")]))
    }
}

enum WorkspaceNotice {
    static let texts = [
        "submit": "已提交审核。", "withdraw": "已撤回，本表回到草稿，可继续修改。", "return": "已退回部门修改。", "approve": "已审核通过。", "publish": "已公开，公众现在可以查看和下载这张表。",
        "correct": "已退回部门更正；更正后的表公开前，公开页仍显示原来公开的版本。",
        "unpublish": "已撤回公开：公众看不到这张表了；本表已退回部门修改。",
        "comment": "意见已保存。", "started-copy": "已新建本年度表：项目、目标和指标已从上一年度复制，金额已清空，请逐项填写并核实沿用的指标值。",
        "started-blank": "已新建空白表：请先为资金使用单位改名，再新增项目。", "saved": "项目已保存。", "uploaded": "表格已上传，内容已替换；审核发现已按新内容更新。", "structure": "已调整，合计已重新计算。",
    ]
}
