/// 登录: the form, with a token of its own (no session yet) and where to go after.
struct LoginPage: PageView {
    static let template = "login"
    let title = "登录"
    var loginToken: String, next: String, login: String, error: String?
}

/// 我的账号: who one is, and the form to change one's password.
struct AccountPage: PageView {
    static let template = "account"
    let title = "我的账号"
    var login: String, name: String, role: String, department: String?
    var notice: String?, error: String?
}
