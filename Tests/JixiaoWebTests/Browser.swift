import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A visitor as a browser would be: keeps the cookies the server sets, signs in through the
/// login form, and sends the page's CSRF token with its forms.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var bearer: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        /// The body as sent (a download that is not text).
        var bytes: [UInt8] = []

        /// The first form token on the page (`<input type="hidden" name="_csrf" value=…>`).
        var csrf: String? {
            guard let range = text.range(of: #"name="_csrf" value=""#) else { return nil }
            return String(text[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page { try await send(uri, .get, body: nil) }

    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)]) async throws -> Page {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, .post, body: body)
    }

    /// Posts a form with the CSRF token of the page at `from` (as a person would: open, fill, send).
    @discardableResult
    func submit(_ uri: String, from: String, _ fields: [(String, String)]) async throws -> Page {
        let token = try await get(from).csrf ?? ""
        return try await post(uri, [("_csrf", token)] + fields)
    }

    func signIn(_ login: String, password: String = "jixiao-demo") async throws -> Page {
        let token = try await get("/login").csrf ?? ""
        return try await post("/login", [("_csrf", token), ("login", login), ("password", password), ("next", "")])
    }

    /// A file upload form (`multipart/form-data`), with the CSRF token of the page at `from`.
    @discardableResult
    func upload(_ uri: String, from: String, fields: [(String, String)], file: (field: String, name: String, bytes: [UInt8])) async throws -> Page {
        let token = try await get(from).csrf ?? ""
        let boundary = "----jixiao-test-boundary"
        var body = ""
        for (name, value) in [("_csrf", token)] + fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        let bytes = Array(body.utf8) + file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await send(uri, .post, bytes: bytes, type: "multipart/form-data; boundary=\(boundary)")
    }

    /// A body exactly as a client sent it (a captured multipart upload), under its own Content-Type.
    func post(_ uri: String, bytes: [UInt8], type: String) async throws -> Page {
        try await send(uri, .post, bytes: bytes, type: type)
    }

    /// A JSON request, as a script would send it.
    @discardableResult
    func json(_ uri: String, _ method: HTTPRequest.Method, _ body: String) async throws -> Page {
        try await send(uri, method, body: body, type: "application/json")
    }

    private func send(_ uri: String, _ method: HTTPRequest.Method, body: String?, type: String = "application/x-www-form-urlencoded") async throws -> Page {
        try await send(uri, method, bytes: body.map { Array($0.utf8) }, type: type)
    }

    private func send(_ uri: String, _ method: HTTPRequest.Method, bytes body: [UInt8]?, type: String) async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let bearer { headers[.authorization] = "Bearer " + bearer }
        if body != nil { headers[.contentType] = type }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { response in
            for line in response.headers[values: .setCookie] {
                let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let (name, value) = (String(pair[0]), pair.count > 1 ? String(pair[1]) : "")
                if value.isEmpty || line.contains("Max-Age=0") { self.cookies[name] = nil } else { self.cookies[name] = value }
            }
            return Page(status: response.status, headers: response.headers, text: String(buffer: response.body), bytes: Array(response.body.readableBytesView))
        }
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}
