import Foundation
import Hummingbird
import JixiaoStore

/// The issue-a-token form: its name and the account it reads as.
struct TokenForm: Decodable, Sendable {
    var name: String = ""
    var userID: Int64?

    enum CodingKeys: String, CodingKey {
        case name
        case userID = "user_id"
    }
}

/// 管理 › 接口令牌: tokens for scripts, issued for an account (they read what it reads). The
/// secret is shown once, in the response to the issuing form, and never stored.
struct AdminTokens {
    let accounts: AccountStore

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminTokens.route) { request, context in
            return try await page(request, context, notice: PageNotice.text(request))
        }
        router.post(SiteURL.adminTokens.route) { request, context in
            let admin = try context.requireAccount(request)
            let form = try await context.decode(TokenForm.self, request)
            let name = form.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 100, let userID = form.userID, try await accounts.account(id: userID) != nil else {
                return try await page(request, context, typed: form, error: "请填写令牌名称（不超过 100 个字）并选择账号。", status: .unprocessableContent)
            }
            let secret = Secrets.apiToken()
            _ = try await accounts.issueToken(name: name, userID: userID, hash: Secrets.hash(secret), actor: admin.login)
            var response = try await page(request, context, notice: "令牌已签发。", secret: secret)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.post(SiteURL.adminTokenRevoke(id: 0).route) { request, context in
            let admin = try context.requireAccount(request)
            _ = try await context.decode(CSRFOnlyForm.self, request)
            guard let id = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
            try await accounts.revokeToken(id: id, actor: admin.login)
            return Pages.seeOther(SiteURL.adminTokens.path([("notice", "revoked")]))
        }
    }

    func page(_ request: Request, _ context: AppContext, typed: TokenForm = TokenForm(), notice: String? = nil, error: String? = nil,
              secret: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let tokens = try await accounts.tokens().map { token in
            TokensPage.Row(name: token.name, login: token.login, issuer: token.issuedBy ?? "—", created: DisplayTime.text(token.createdAt),
                           used: DisplayTime.text(token.lastUsedAt), status: token.revoked ? "已吊销" : "有效", revoked: token.revoked,
                           revokeHref: SiteURL.adminTokenRevoke(id: token.id).path)
        }
        let users = try await accounts.accounts().filter { !$0.disabled }.map {
            TokensPage.Owner(id: $0.id, login: $0.login, role: $0.role.title, selected: $0.id == typed.userID)
        }
        let page = TokensPage(tokens: tokens, users: users, typed: typed, secret: secret, origin: secret.map { _ in request.head.authority.map { "http://" + $0 } ?? "" },
                              notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }
}
