import Foundation
import Hummingbird
import JixiaoStore

/// 管理 › 用户: list, create, change role/department/name, disable, reset a password.
/// Every change goes to the audit log under the administrator's login.
struct AdminUsers {
    let accounts: AccountStore
    let passwordCost: Int

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminUsers.route) { request, context in
            return try await list(context, notice: PageNotice.text(request))
        }
        router.post(SiteURL.adminUsers.route) { request, context in try await create(request, context) }
        router.get(SiteURL.adminUser(id: 0).route) { request, context in
            return try await edit(try await account(context), context, notice: PageNotice.text(request))
        }
        router.post(SiteURL.adminUser(id: 0).route) { request, context in try await update(request, context) }
        router.post(SiteURL.adminUserPassword(id: 0).route) { request, context in try await resetPassword(request, context) }
    }

    func account(_ context: AppContext) async throws -> Account {
        guard let id = context.parameters.get("id", as: Int64.self), let account = try await accounts.account(id: id) else {
            throw HTTPError(.notFound, message: "没有这个用户。")
        }
        return account
    }

    func list(_ context: AppContext, fields: AccountFields? = nil, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let users = try await accounts.accounts().map { account -> [String: Any] in
            ["id": "\(account.id)", "login": account.login, "name": account.displayName, "role": account.role.title,
             "department": account.department ?? "—", "status": account.disabled ? "已停用" : "正常"]
        }
        var object: [String: Any] = ["users": users, "form": ["login": fields?.login ?? "", "displayName": fields?.displayName ?? ""]]
        try await AdminForms.choices(&object, accounts, role: fields?.role ?? .editor, departmentID: fields?.departmentID)
        PageNotice.add(&object, notice: notice, error: error)
        return Pages.response("用户", "adminUsers", object, context, status: status)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try context.requireAccount(request)
        let form = try await context.form(request)
        let fields = AdminForms.fields(form, disabled: false)
        if let problem = fields.problem ?? Passwords.problem(form["password"]) {
            return try await list(context, fields: fields, error: problem, status: .unprocessableContent)
        }
        do {
            let hash = try await Passwords.hash(form["password"], cost: passwordCost)
            _ = try await accounts.createAccount(fields, passwordHash: hash, actor: admin.login)
        } catch let error as StoreError {
            return try await list(context, fields: fields, error: PageNotice.describe(error), status: .unprocessableContent)
        }
        return Pages.seeOther(SiteURL.adminUsers.path([("notice", "created")]))
    }

    func edit(_ account: Account, _ context: AppContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        var object: [String: Any] = ["id": "\(account.id)", "login": account.login, "form": ["login": account.login, "displayName": account.displayName]]
        if account.disabled { object["disabled"] = true }
        try await AdminForms.choices(&object, accounts, role: account.role, departmentID: account.departmentID)
        PageNotice.add(&object, notice: notice, error: error)
        return Pages.response("修改用户 \(account.login)", "adminUser", object, context, status: status)
    }

    func update(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try context.requireAccount(request)
        let form = try await context.form(request)
        let account = try await account(context)
        let fields = AdminForms.fields(form, disabled: form["disabled"] == "1")
        if account.id == admin.id && (fields.disabled || fields.role != .admin) {
            return try await edit(account, context, error: "不能停用自己的账号或取消自己的管理员角色。", status: .unprocessableContent)
        }
        do {
            _ = try await accounts.updateAccount(id: account.id, fields, actor: admin.login)
        } catch let error as StoreError {
            return try await edit(account, context, error: PageNotice.describe(error), status: .unprocessableContent)
        }
        return Pages.seeOther(SiteURL.adminUser(id: account.id).path([("notice", "saved")]))
    }

    func resetPassword(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try context.requireAccount(request)
        let form = try await context.form(request)
        let account = try await account(context)
        if let problem = Passwords.problem(form["password"]) {
            return try await edit(account, context, error: problem, status: .unprocessableContent)
        }
        try await accounts.setPassword(id: account.id, hash: try await Passwords.hash(form["password"], cost: passwordCost), actor: admin.login)
        return Pages.seeOther(SiteURL.adminUser(id: account.id).path([("notice", "password")]))
    }
}

/// The parts of the account forms the create and edit pages share.
enum AdminForms {
    static func fields(_ form: Form, disabled: Bool) -> AccountFields {
        AccountFields(login: form["login"].trimmingCharacters(in: .whitespaces), displayName: form["display_name"].trimmingCharacters(in: .whitespaces),
                      role: Role(rawValue: form["role"]) ?? .editor, departmentID: Int64(form["department_id"]), disabled: disabled)
    }

    /// The role and department options, with the current ones selected.
    static func choices(_ object: inout [String: Any], _ accounts: AccountStore, role: Role, departmentID: Int64?) async throws {
        object["roles"] = Role.allCases.map { r -> [String: Any] in
            var option: [String: Any] = ["value": r.rawValue, "title": r.title]
            if r == role { option["selected"] = true }
            return option
        }
        object["departmentOptions"] = try await accounts.departments().map { d -> [String: Any] in
            var option: [String: Any] = ["id": "\(d.id)", "name": d.name]
            if d.id == departmentID { option["selected"] = true }
            return option
        }
    }
}
