import Foundation
import Hummingbird
import JixiaoStore

/// 管理 › 用户: list, create, change role/department/name, disable, reset a password.
/// Every change goes to the audit log under the administrator's login.
struct AdminUsers {
    let accounts: AccountStore
    /// Who publishes (the last publisher may not be disabled while the site needs one).
    let siteSettings: SiteSettingsStore
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
        let users = try await accounts.accounts().map { account in
            UsersPage.Row(login: account.login, name: account.displayName, role: account.role.title, department: account.department ?? "—",
                          status: account.disabled ? "已停用" : "正常", href: SiteURL.adminUser(id: account.id).path)
        }
        let form = try await AdminForms.form(accounts, login: fields?.login ?? "", displayName: fields?.displayName ?? "",
                                             role: fields?.role ?? .editor, departmentID: fields?.departmentID, email: fields?.email ?? "")
        let page = UsersPage(users: users, form: form.form, roles: form.roles, departmentOptions: form.departmentOptions, notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try context.requireAccount(request)
        let form = try await context.decode(AccountPostForm.self, request)
        let fields = form.fields(disabled: false)
        if let problem = fields.problem ?? Passwords.problem(form.password) {
            return try await list(context, fields: fields, error: problem, status: .unprocessableContent)
        }
        do {
            let hash = try await Passwords.hash(form.password, cost: passwordCost)
            _ = try await accounts.createAccount(fields, passwordHash: hash, actor: admin.login)
        } catch let error as StoreError {
            return try await list(context, fields: fields, error: PageNotice.describe(error), status: .unprocessableContent)
        }
        return Pages.seeOther(SiteURL.adminUsers.path([("notice", "created")]))
    }

    func edit(_ account: Account, _ context: AppContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let form = try await AdminForms.form(accounts, login: account.login, displayName: account.displayName, role: account.role,
                                             departmentID: account.departmentID, email: account.email ?? "")
        let page = UserPage(title: "修改用户 \(account.login)", login: account.login, href: SiteURL.adminUser(id: account.id).path,
                            passwordAction: SiteURL.adminUserPassword(id: account.id).path, disabled: account.disabled,
                            form: form.form, roles: form.roles, departmentOptions: form.departmentOptions, notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }

    func update(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try context.requireAccount(request)
        let form = try await context.decode(AccountPostForm.self, request)
        let account = try await account(context)
        let fields = form.fields(disabled: form.disabled)
        if account.id == admin.id && (fields.disabled || fields.role != .admin) {
            return try await edit(account, context, error: "不能停用自己的账号或取消自己的管理员角色。", status: .unprocessableContent)
        }
        // Where publishing is the 信息公开 role's, its last active account stays: else no one could publish.
        if account.role == .publisher, !account.disabled, fields.disabled || fields.role != .publisher,
           try await siteSettings.all()[Publishing.settingName] == Publishing.byPublisher.rawValue,
           try await !accounts.accounts().contains(where: { $0.role == .publisher && !$0.disabled && $0.id != account.id }) {
            return try await edit(account, context, error: "这是唯一启用的“信息公开”账号，而站点设置为由该角色公开：请先另设一个信息公开账号，或在“站点设置”中改回由财政审核人员公开。",
                                  status: .unprocessableContent)
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
        let form = try await context.decode(AccountPostForm.self, request)
        let account = try await account(context)
        if let problem = Passwords.problem(form.password) {
            return try await edit(account, context, error: problem, status: .unprocessableContent)
        }
        try await accounts.setPassword(id: account.id, hash: try await Passwords.hash(form.password, cost: passwordCost), actor: admin.login)
        return Pages.seeOther(SiteURL.adminUser(id: account.id).path([("notice", "password")]))
    }
}

/// The account forms as posted: new user (with its first password), edit user (with the
/// disabled box), reset password (the password alone). A role left out is an editor's.
struct AccountPostForm: Decodable {
    var login: String
    var displayName: String
    var role: Role?
    var departmentID: Int64?
    var disabled: Bool
    var password: String
    var email: String

    enum CodingKeys: String, CodingKey {
        case login, displayName = "display_name", role, departmentID = "department_id", disabled, password, email
    }

    func fields(disabled: Bool) -> AccountFields {
        AccountFields(login: login.trimmingCharacters(in: .whitespaces), displayName: displayName.trimmingCharacters(in: .whitespaces),
                      role: role ?? .editor, departmentID: departmentID, disabled: disabled,
                      email: email.trimmingCharacters(in: .whitespaces))
    }
}

/// The parts of the account forms the create and edit pages share.
enum AdminForms {
    /// The form's typed values and its role and department options, the current ones selected.
    static func form(_ accounts: AccountStore, login: String, displayName: String, role: Role, departmentID: Int64?, email: String) async throws -> AccountForm {
        AccountForm(form: .init(login: login, displayName: displayName, email: email),
                    roles: Role.allCases.map { .init(value: $0.rawValue, title: $0.title, selected: $0 == role) },
                    departmentOptions: try await accounts.departments().map { .init(id: $0.id, name: $0.name, selected: $0.id == departmentID) })
    }
}
