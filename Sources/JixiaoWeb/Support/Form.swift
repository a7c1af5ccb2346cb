import Foundation
import Hummingbird
import JixiaoForms

/// An `application/x-www-form-urlencoded` body, read into a Decodable struct: the fields come
/// from `URLEncodedForm` (JixiaoForms, where it is fuzzed), the struct from `FormDecoder`
/// (`rows[N][field]` for indicator rows). Every handler reads its form as a struct named for
/// it (`TransitionForm`, `StructureForm`, …), never field by field.
enum Form {
    static let limit = 64 * 1024

    /// The form as `T`; a field that cannot be what its property needs is a 422 naming it.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: limit)
        return try decode(type, fields: URLEncodedForm.parse(String(buffer: body)).fields)
    }

    static func decode<T: Decodable>(_ type: T.Type, fields: [String: String]) throws -> T {
        // No one types U+0000, and PostgreSQL refuses it in a text column: a 422 naming the
        // field, not a 500 from the database on one of the two.
        if let field = fields.keys.sorted().first(where: { fields[$0]!.utf8.contains(0) }) {
            throw HTTPError(.unprocessableContent, message: "表单字段 \(field) 含有空字符（U+0000），无法保存。")
        }
        do {
            return try FormDecoder().decode(type, from: fields)
        } catch let failure as FormDecoder.Failure {
            let wanted = failure.expected == .number ? "不是数字" : "不是可选的值"
            throw HTTPError(.unprocessableContent, message: "表单字段 \(failure.field) 的值“\(failure.value)”\(wanted)。")
        }
    }
}

/// A form with nothing but its CSRF token (sign out, revoke a token).
struct CSRFOnlyForm: Decodable {}


extension AppContext {
    /// The posted form as `T`, once its CSRF token matches the session's.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: Form.limit)
        let fields = URLEncodedForm.parse(String(buffer: body)).fields
        try checkCSRF(fields["_csrf"])
        return try Form.decode(type, fields: fields)
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
