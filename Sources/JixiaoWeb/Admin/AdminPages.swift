/// 管理 › 部门.
struct DepartmentsPage: PageView {
    struct Row: Sendable { var name: String; var tables: Int; var users: Int }
    static let template = "adminDepartments"
    let title = "部门"
    var departments: [Row]
    var notice: String?
    var error: String?
}

/// 管理 › 预算年度.
struct YearsPage: PageView {
    struct Row: Sendable { var year: Int; var opened: String; var tables: Int }
    static let template = "adminYears"
    let title = "预算年度"
    var years: [Row]
    var nextYear: Int
    var notice: String?
    var error: String?
}

/// 管理 › 接口令牌: the tokens, the accounts a token may be issued for, and a new token's
/// secret, shown once.
struct TokensPage: PageView {
    struct Row: Sendable {
        var name: String
        var login: String
        var issuer: String
        var created: String
        var used: String
        var status: String
        var revoked: Bool
        var revokeHref: String
    }
    struct Owner: Sendable { var id: Int64; var login: String; var role: String }
    static let template = "adminTokens"
    let title = "接口令牌"
    var tokens: [Row]
    var users: [Owner]
    var secret: String?
    var origin: String?
    var notice: String?
    var error: String?
}

/// The account form's fields and choices, shared by the new-user and edit-user pages.
struct AccountForm: Sendable {
    struct Typed: Sendable { var login: String; var displayName: String }
    struct RoleOption: Sendable { var value: String; var title: String; var selected: Bool }
    struct DepartmentOption: Sendable { var id: Int64; var name: String; var selected: Bool }
    var form: Typed
    var roles: [RoleOption]
    var departmentOptions: [DepartmentOption]
}

/// 管理 › 用户: the accounts and the new-user form.
struct UsersPage: PageView {
    struct Row: Sendable { var login: String; var name: String; var role: String; var department: String; var status: String; var href: String }
    static let template = "adminUsers"
    let title = "用户"
    var users: [Row]
    var form: AccountForm.Typed
    var roles: [AccountForm.RoleOption]
    var departmentOptions: [AccountForm.DepartmentOption]
    var notice: String?
    var error: String?
}

/// 管理 › 用户 › one account: its fields, disabling it, resetting its password.
struct UserPage: PageView {
    static let template = "adminUser"
    var title: String
    var login: String
    var href: String
    var passwordAction: String
    var disabled: Bool
    var form: AccountForm.Typed
    var roles: [AccountForm.RoleOption]
    var departmentOptions: [AccountForm.DepartmentOption]
    var notice: String?
    var error: String?
}

/// 管理 › 审核规则: a fiscal year's rules (on or off, severity) and thresholds.
struct RulesPage: PageView {
    struct YearOption: Sendable { var year: Int; var selected: Bool }
    struct SeverityOption: Sendable { var value: String; var title: String; var selected: Bool }
    struct Rule: Sendable {
        var id: String
        var title: String
        var dimension: String
        var explanation: String
        var on: Bool
        var `default`: String
        var severities: [SeverityOption]
    }
    static let template = "adminRules"
    var title: String
    var year: Int
    var version: String
    var years: [YearOption]
    var rules: [Rule]
    var largeProjectWanYuan: Int
    var minimumIndicators: Int
    var copyShare: Int
    var vagueWords: String
    var notice: String?
    var error: String?
}
