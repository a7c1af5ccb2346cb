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
        guard let identity else { throw Redirect(location: "/login?next=" + WebPath.encodeQuery(request.uri.path)) }
        return identity
    }

    func requireRole(_ role: Role, _ request: Request) throws -> Account {
        let account = try requireAccount(request)
        guard account.role == role else { throw HTTPError(.forbidden, message: "这一页只对\(role.title)开放。") }
        return account
    }
}
