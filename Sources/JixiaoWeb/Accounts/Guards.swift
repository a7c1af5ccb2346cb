import Foundation
import Hummingbird
import JixiaoForms
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

    /// The posted form, once its CSRF token matches the session's: a page of another site
    /// cannot post into a signed-in browser, because it cannot read the token.
    func form(_ request: Request) async throws -> Form {
        let form = try await Form.read(request)
        guard let expected = csrf, Secrets.same(form["_csrf"], expected) else {
            throw HTTPError(.forbidden, message: "表单已失效（CSRF 校验未通过），请回到上一页刷新后重试。")
        }
        return form
    }
}

/// An `application/x-www-form-urlencoded` body.
struct Form: Sendable {
    var fields: [String: String] = [:]

    subscript(_ name: String) -> String { fields[name] ?? "" }

    static func read(_ request: Request) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        return parse(String(buffer: body))
    }

    /// Decoded by `URLEncodedForm` (JixiaoForms, where it is fuzzed).
    static func parse(_ text: String) -> Form {
        Form(fields: URLEncodedForm.parse(text).fields)
    }
}
