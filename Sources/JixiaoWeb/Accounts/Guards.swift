import Hummingbird
import JixiaoStore

/// A 303 to another page, thrown from deep inside a handler (e.g. "sign in first").
struct Redirect: HTTPResponseError {
    let location: String
    var status: HTTPResponse.Status { .seeOther }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

extension AppContext {
    /// The signed-in account; a page asked for anonymously sends the visitor to sign in and
    /// then back.
    func requireAccount(_ request: Request) throws -> Account {
        guard let identity else { throw Redirect(location: SiteURL.login.path([("next", request.uri.path)])) }
        return identity
    }

    func requireRole(_ role: Role, _ request: Request) throws -> Account {
        let account = try requireAccount(request)
        guard account.role == role else { throw HTTPError(.forbidden, message: "这一页只对\(role.title)开放。") }
        return account
    }
}

/// Routes for signed-in people: an anonymous visitor is sent to sign in, and back after.
struct RequireAccount: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        _ = try context.requireAccount(request)
        return try await next(request, context)
    }
}

/// Routes for one role (管理: the administrator); others are refused with 403.
struct RequireRole: RouterMiddleware {
    let role: Role

    init(_ role: Role) { self.role = role }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        _ = try context.requireRole(role, request)
        return try await next(request, context)
    }
}
