import Hummingbird
import JixiaoStore

/// Who is asking: an `Authorization: Bearer jx_…` token (scripts), else the session cookie
/// (people). A token that is unknown, revoked or whose account is disabled is a 401, never a
/// silent fall back to anonymous; a session whose account was disabled is ended.
struct Authenticate: RouterMiddleware {
    let accounts: AccountStore

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces) : ""
            guard !token.isEmpty, let (account, issuer) = try await accounts.tokenAccount(hash: Secrets.hash(token)), !account.disabled else {
                var response = TableAPI.problem(.unauthorized, "the API token is unknown or revoked, or its account is disabled")
                response.headers[.wwwAuthenticate] = "Bearer"
                return response
            }
            context.identity = account
            context.signedInByToken = true
            context.tokenIssuer = issuer
        } else if let session = context.sessions.session {
            // The account was read with the session (`SessionDriver`); asked for apart only if not.
            let account = if let known = session.account { known } else { try await accounts.account(id: session.userID) }
            if let account, !account.disabled {
                context.identity = account
            } else {
                context.sessions.clearSession()
            }
        }
        if let identity = context.identity { context.logger[metadataKey: "user"] = .string(identity.login) }
        return try await next(request, context)
    }
}
