import Foundation
import Hummingbird
import JixiaoCore
import JixiaoReview
import JixiaoStore

/// One structure form: which operation, on which unit or project (`id`), with what name, and
/// for a deletion the project version the page showed.
struct StructureForm: Decodable {
    enum Operation: String, Decodable {
        case addProject = "add-project", deleteProject = "delete-project", projectUp = "project-up", projectDown = "project-down"
        case addUnit = "add-unit", renameUnit = "rename-unit", deleteUnit = "delete-unit", unitUp = "unit-up", unitDown = "unit-down"
    }

    var op: Operation
    var id: Int64?
    var name: String
    var version: Int?
}

/// The table page's structure forms (the department's editor, draft or returned tables):
/// add, rename, move and delete spending units; add, move and delete projects.
extension Workspace {
    func structure(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.decode(StructureForm.self, request)
        let (summary, entry) = try await readableEntry(request, context)
        guard account.mayEdit(summary) else { throw HTTPError(.forbidden, message: "只有本部门的填报人员可以在草稿或退回状态调整项目和单位。") }
        let store = repository.structure
        let (units, projects) = (entry.units, entry.stored)
        let id = form.id ?? -1
        let name = form.name.trimmingCharacters(in: .whitespacesAndNewlines)
        func unit() throws -> Int64 {
            guard units.contains(where: { $0.id == id }) else { throw HTTPError(.notFound, message: "这张表没有这个资金使用单位。") }
            return id
        }
        func project() throws -> StoredProject {
            guard let project = projects.first(where: { $0.id == id }) else { throw HTTPError(.notFound, message: "这张表没有这个项目。") }
            return project
        }
        do {
            switch form.op {
            case .addProject:
                guard !name.isEmpty, name.count <= 200 else { throw StoreError.invalid("项目名称不能为空，且不超过 200 个字") }
                let created = try await store.addProject(unitID: try unit(), name: name, actor: account.login)
                return Pages.seeOther(SiteURL.project(summary.key, id: created).path)
            case .deleteProject:
                let target = try project()
                try await store.deleteProject(id: target.id, version: form.version ?? 0, before: target.project, actor: account.login)
            case .projectUp, .projectDown:
                try await store.moveProject(id: try project().id, form.op == .projectUp ? .up : .down, actor: account.login)
            case .addUnit:
                guard !name.isEmpty, name.count <= 200 else { throw StoreError.invalid("单位名称不能为空，且不超过 200 个字") }
                _ = try await store.addUnit(department: summary.department, year: summary.fiscalYear, name: name, actor: account.login)
            case .renameUnit:
                guard !name.isEmpty, name.count <= 200 else { throw StoreError.invalid("单位名称不能为空，且不超过 200 个字") }
                try await store.renameUnit(id: try unit(), name: name, actor: account.login)
            case .deleteUnit:
                try await store.deleteUnit(id: try unit(), actor: account.login)
            case .unitUp, .unitDown:
                try await store.moveUnit(id: try unit(), form.op == .unitUp ? .up : .down, actor: account.login)
            }
        } catch StoreError.invalid(let why) {
            return try await page(summary, context, error: why + "。", status: .unprocessableContent)
        } catch StoreError.stale(let why) {
            return try await page(summary, context, error: why + "。", status: .conflict)
        }
        return Pages.seeOther(SiteURL.workspaceTable(summary.key).path([("notice", "structure")]))
    }
}
