import Foundation
import Hummingbird
import JixiaoStore
import HummingbirdBcrypt
import NIOConcurrencyHelpers

/// The sign-in form. Its CSRF token is checked against the login cookie, not a session.
struct LoginForm: Decodable {
    var csrf: String
    var login: String
    var password: String
    var next: String

    enum CodingKeys: String, CodingKey {
        case csrf = "_csrf", login, password, next
    }
}

/// One's own password change: the current password, the new one twice.
struct PasswordChangeForm: Decodable {
    var current: String
    var password: String
    var confirm: String
}

/// Signing in and out, and one's own account (the password). A new session is made at each
/// sign-in (no fixation), lives eight hours (a working day), and carries the form token.
struct SignIn {
    let accounts: AccountStore
    let throttle: LoginThrottle
    let configuration: WebConfiguration
    let clientAddress: ClientAddress
    /// Verified against when the login is unknown (see `absentHash(cost:)`).
    let absentHash: String

    init(accounts: AccountStore, throttle: LoginThrottle, configuration: WebConfiguration) {
        self.accounts = accounts
        self.throttle = throttle
        self.configuration = configuration
        clientAddress = ClientAddress(trustedProxies: Set(configuration.trustedProxies))
        absentHash = Self.absentHash(cost: configuration.passwordCost)
    }
    /// The login form's own CSRF token travels in this cookie (there is no session yet).
    static let loginCookie = "jixiao_login"
    static let sessionLifetime = Duration.seconds(8 * 3600)

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.login.route) { request, context in
            if context.identity != nil { return Pages.seeOther(SiteURL.workspace.path) }
            return loginPage(context, next: request.uri.queryParameters.get("next") ?? "")
        }
        router.post(SiteURL.login.route) { request, context in try await login(request, context) }
        router.post(SiteURL.logout.route) { request, context in
            _ = try await context.decode(CSRFOnlyForm.self, request)
            context.sessions.clearSession()
            return Pages.seeOther("/")
        }
        router.get(SiteURL.account.route) { request, context in
            accountPage(try context.requireAccount(request), context, notice: request.uri.queryParameters.get("notice") == "password" ? "密码已修改。" : nil)
        }
        router.post(SiteURL.accountPassword.route) { request, context in try await changePassword(request, context) }
    }

    func loginPage(_ context: AppContext, next: String, login: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = Secrets.random()
        var response = Pages.response(LoginPage(loginToken: token, next: next, login: login, error: error), context, status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 3600, path: SiteURL.login.path, secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await Form.decode(LoginForm.self, request)
        guard let cookie = request.cookies[Self.loginCookie]?.value, Secrets.same(form.csrf, String(cookie)) else {
            throw HTTPError(.forbidden, message: "登录表单已失效（CSRF 校验未通过），请重新打开登录页。")
        }
        let login = form.login.trimmingCharacters(in: .whitespaces)
        let next = Self.safeNext(form.next)
        let keys = LoginThrottle.keys(login: login, address: clientAddress.resolve(request, context))
        // The attempt is counted before the password is hashed: guesses sent all at once wait
        // their turn against the limit instead of all being judged.
        let attempt: LoginThrottle.Attempt
        switch try await throttle.reserve(keys) {
        case .success(let reserved):
            attempt = reserved
        case .failure(let waiting):
            let seconds = max(1, waiting.duration.components.seconds)
            let minutes = max(1, Int((seconds + 59) / 60))
            var response = loginPage(context, next: next, login: login, error: "登录失败次数过多，请 \(minutes) 分钟后再试。", status: .tooManyRequests)
            response.headers[.retryAfter] = "\(seconds)"
            context.logger.warning("sign-in throttled", metadata: ["login": .string(String(login.prefix(64)))])
            Monitoring.signInThrottled.increment()
            return response
        }
        let found: (account: Account, passwordHash: String)?
        let matches: Bool
        do {
            found = try await accounts.credentials(login: login)
            // An unknown login costs the same bcrypt as a known one, so timing does not tell them apart.
            matches = try await Passwords.verify(form.password, hash: found?.passwordHash ?? absentHash)
        } catch {
            await throttle.abandoned(attempt)
            throw error
        }
        guard let account = found?.account, matches else {
            try await throttle.failed(attempt)
            context.logger.notice("sign-in failed", metadata: ["login": .string(String(login.prefix(64)))])
            Monitoring.signInFailures.increment()
            return loginPage(context, next: next, login: login, error: "登录名或密码不正确。", status: .unauthorized)
        }
        guard !account.disabled else {
            await throttle.abandoned(attempt)
            return loginPage(context, next: next, login: login, error: "这个账号已停用，请联系管理员。", status: .forbidden)
        }
        try await throttle.succeeded(attempt, login: login)
        // A session the browser already carried (another account's, or a stale one of its
        // own) ends here rather than staying valid beside the new one.
        if let previous = request.cookies[Self.sessionCookie]?.value, !previous.isEmpty {
            try await accounts.deleteSession(keyHash: Secrets.hash(Self.sessionKeyPrefix + String(previous)))
        }
        context.sessions.createSession(WebSession(userID: account.id, csrf: Secrets.random()), expiresIn: Self.sessionLifetime)
        context.logger.info("signed in", metadata: ["login": .string(login)])
        var response = Pages.seeOther(next.isEmpty ? SiteURL.workspace.path : next)
        response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: SiteURL.login.path, secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only a path of this site (no open redirect): it starts with one `/`, holds no control
    /// character, space or backslash (a browser drops a tab from `/\t/evil.example` and goes to
    /// `//evil.example`), and parses as a path with neither scheme nor host.
    static func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), next.utf8.count <= 2048,
              next.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F && $0 != UInt8(ascii: "\\") }),
              let parts = URLComponents(string: next), parts.scheme == nil, parts.host == nil,
              parts.percentEncodedPath.hasPrefix("/"), !parts.percentEncodedPath.hasPrefix("//") else { return "" }
        return next
    }

    /// The session cookie's name and the prefix its key is stored under (`SessionMiddleware`).
    static let sessionCookie = "jixiao_session"
    static let sessionKeyPrefix = "session."

    private static let absent = NIOLockedValueBox<[Int: String]>([:])
    /// A hash of nothing anyone knows, at `cost`, made once per process when the server is
    /// assembled: made at the first unknown login, that attempt took twice as long as the
    /// others and told an attacker the login did not exist.
    static func absentHash(cost: Int) -> String {
        absent.withLockedValue { hashes in
            if let hash = hashes[cost] { return hash }
            let hash = Bcrypt.hash(Secrets.random(), cost: UInt8(cost))
            hashes[cost] = hash
            return hash
        }
    }

    func accountPage(_ account: Account, _ context: AppContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        Pages.response(AccountPage(login: account.login, name: account.displayName, role: account.role.title, department: account.department,
                                   notice: notice, error: error), context, status: status)
    }

    func changePassword(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.decode(PasswordChangeForm.self, request)
        guard let stored = try await accounts.credentials(login: account.login),
              try await Passwords.verify(form.current, hash: stored.passwordHash) else {
            return accountPage(account, context, error: "当前密码不正确。", status: .unprocessableContent)
        }
        if let problem = Passwords.problem(form.password) { return accountPage(account, context, error: problem, status: .unprocessableContent) }
        guard form.password == form.confirm else { return accountPage(account, context, error: "两次输入的新密码不一致。", status: .unprocessableContent) }
        try await accounts.setPassword(id: account.id, hash: try await Passwords.hash(form.password, cost: configuration.passwordCost), actor: account.login)
        // Setting a password ends every session of the account, this one too: start a new one.
        context.sessions.createSession(WebSession(userID: account.id, csrf: Secrets.random()), expiresIn: Self.sessionLifetime)
        return Pages.seeOther(SiteURL.account.path([("notice", "password")]))
    }
}
