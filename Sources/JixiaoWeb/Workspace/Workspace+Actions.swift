import Foundation
import Hummingbird
import JixiaoStore

/// The table page's forms: a workflow transition, and a comment on the table or a project.
extension Workspace {
    func transition(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.form(request)
        let (summary, table) = try await readable(request, context)
        guard let action = WorkflowAction(rawValue: form["action"]) else { throw HTTPError(.badRequest, message: "没有这种操作。") }
        do {
            _ = try await Transitions(repository: repository, tables: tables).perform(action, seen: WorkflowState(rawValue: form["from"]), comment: form["comment"],
                                                                      by: account, summary, table)
        } catch let refusal as Refusal {
            let (fresh, freshTable) = try await readable(request, context)
            return try await page(fresh, freshTable, context, error: refusal.message, status: refusal.status)
        }
        context.logger.info("transition", metadata: ["table": .string("\(summary.department)/\(summary.fiscalYear)"), "to": .string(action.to.rawValue)])
        return Pages.seeOther(SiteURL.workspaceTable(summary.key).path([("notice", action.rawValue)]))
    }

    func comment(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.form(request)
        let (summary, table) = try await readable(request, context)
        guard account.mayComment(summary) else { throw HTTPError(.forbidden, message: "您的账号不能在这张表上留言。") }
        let body = form["body"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= 2000 else {
            return try await page(summary, table, context, error: "意见不能为空，且不超过 2000 字。", status: .unprocessableContent)
        }
        let projectID = Int64(form["project_id"])
        if let projectID, try await !repository.projects(of: table, department: summary.department, year: summary.fiscalYear).contains(where: { $0.id == projectID }) {
            throw HTTPError(.notFound, message: "这张表没有这个项目。")
        }
        try await repository.workflow.addComment(department: summary.department, year: summary.fiscalYear, projectID: projectID, author: account.login, body: body)
        return Pages.seeOther(SiteURL.workspaceTable(summary.key).path([("notice", "comment")]))
    }
}

enum WorkspaceNotice {
    static let texts = [
        "submit": "已提交审核。", "return": "已退回部门修改。", "approve": "已审核通过。", "publish": "已公开，公众现在可以查看和下载这张表。",
        "comment": "意见已保存。", "saved": "项目已保存。", "uploaded": "表格已上传，内容已替换；审核发现已按新内容更新。", "structure": "已调整，合计已重新计算。",
    ]
}
