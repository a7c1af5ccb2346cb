import Foundation
import Hummingbird
import JixiaoForms

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

extension AppContext {
    /// The posted form, once its CSRF token matches the session's.
    func form(_ request: Request) async throws -> Form {
        let form = try await Form.read(request)
        try checkCSRF(form["_csrf"])
        return form
    }

    /// The posted form as a Decodable struct (`FormDecoder` over the fuzzed parser's fields),
    /// once its CSRF token matches; a field that cannot be what its property needs is a 422
    /// naming it.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let form = try await form(request)
        do {
            return try FormDecoder().decode(type, from: form.fields)
        } catch let failure as FormDecoder.Failure {
            throw HTTPError(.unprocessableContent, message: "表单字段 \(failure.field) 的值“\(failure.value)”不是数字。")
        }
    }

    /// A form's `_csrf` against the session's: a page of another site cannot post into a
    /// signed-in browser, because it cannot read the token. Every form that changes something
    /// (url-encoded or multipart) is checked here.
    func checkCSRF(_ sent: String?) throws {
        guard let expected = csrf, let sent, Secrets.same(sent, expected) else {
            throw HTTPError(.forbidden, message: "表单已失效（CSRF 校验未通过），请回到上一页刷新后重试。")
        }
    }
}
