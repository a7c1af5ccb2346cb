/// 管理 › 部门.
struct DepartmentsPage: PageView {
    struct Row: Sendable { var name: String; var tables: Int; var users: Int }
    static let template = "adminDepartments"
    let title = "部门"
    var departments: [Row], typed: String, notice: String?, error: String?
}

/// 管理 › 预算年度.
struct YearsPage: PageView {
    struct Row: Sendable { var year: Int; var opened: String; var tables: Int }
    static let template = "adminYears"
    let title = "预算年度"
    var years: [Row], nextYear: String, notice: String?, error: String?
}

/// 管理 › 接口令牌: the tokens, the accounts a token may be issued for, and a new token's
/// secret, shown once.
struct TokensPage: PageView {
    struct Row: Sendable {
        var name: String, login: String, issuer: String, created: String
        var used: String, status: String, revoked: Bool, revokeHref: String
    }
    struct Owner: Sendable { var id: Int64; var login: String; var role: String; var selected: Bool }
    static let template = "adminTokens"
    let title = "接口令牌"
    var tokens: [Row], users: [Owner], typed: TokenForm, secret: String?, origin: String?
    var notice: String?, error: String?
}

/// The account form's fields and choices, shared by the new-user and edit-user pages.
struct AccountForm: Sendable {
    struct Typed: Sendable { var login: String; var displayName: String; var email: String }
    struct RoleOption: Sendable { var value: String; var title: String; var selected: Bool }
    struct DepartmentOption: Sendable { var id: Int64; var name: String; var selected: Bool }
    var form: Typed, roles: [RoleOption], departmentOptions: [DepartmentOption]
}

/// 管理 › 用户: the accounts and the new-user form.
struct UsersPage: PageView {
    struct Row: Sendable { var login: String; var name: String; var role: String; var department: String; var status: String; var href: String }
    static let template = "adminUsers"
    let title = "用户"
    var users: [Row], form: AccountForm.Typed, roles: [AccountForm.RoleOption], departmentOptions: [AccountForm.DepartmentOption]
    var notice: String?, error: String?
}

/// 管理 › 用户 › one account: its fields, disabling it, resetting its password.
struct UserPage: PageView {
    static let template = "adminUser"
    var title: String, login: String, href: String, passwordAction: String
    var disabled: Bool, form: AccountForm.Typed, roles: [AccountForm.RoleOption], departmentOptions: [AccountForm.DepartmentOption]
    var notice: String?, error: String?
}

/// 管理 › 审核规则: a fiscal year's rules (on or off, severity) and thresholds.
struct RulesPage: PageView {
    struct YearOption: Sendable { var year: Int; var selected: Bool }
    struct SeverityOption: Sendable { var value: String; var title: String; var selected: Bool }
    struct Rule: Sendable {
        var index: Int, id: String, title: String, dimension: String, explanation: String
        var on: Bool, `default`: String, severities: [SeverityOption]
    }
    static let template = "adminRules"
    var title: String, year: Int, version: String, years: [YearOption]
    var rules: [Rule], largeProjectWanYuan: String, minimumIndicators: String, copyShare: String
    var projectCeilingWanYuan: String, changeFactor: String
    var moneyRed: String, moneyYellow: String, targetRed: String, targetYellow: String, targetBlue: String
    var vagueWords: String, notice: String?, error: String?
}
