import Foundation
import Hummingbird

/// A JSON request body as the API reads it, strictly, as /openapi.json declares it: a field
/// left out is nil; one of another type — null, a fraction where a whole number is wanted, a
/// string for a number, true for 1 — is refused with 422 naming the field, rather than read as
/// empty, so the server does what its document says (schemathesis).
indirect enum JSONBody: Decodable, Sendable {
    case null
    case bool(Bool)
    /// A number written without a fraction (or with `.0`), within Int64.
    case whole(Int64)
    case fraction(Double)
    case string(String)
    case array([JSONBody])
    case object([String: JSONBody])

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let bool = try? value.decode(Bool.self) {
            self = .bool(bool)
        } else if let whole = try? value.decode(Int64.self) {
            self = .whole(whole)
        } else if let number = try? value.decode(Double.self) {
            // 1.0 is a whole number, as JSON Schema counts them.
            if let whole = Int64(exactly: number) { self = .whole(whole) } else { self = .fraction(number) }
        } else if let string = try? value.decode(String.self) {
            self = .string(string)
        } else if let array = try? value.decode([JSONBody].self) {
            self = .array(array)
        } else {
            self = .object(try value.decode([String: JSONBody].self))
        }
    }

    /// The request's body, which must be a JSON object (at most 1 MiB).
    static func read(_ request: Request) async throws -> [String: JSONBody] {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        guard case .object(let object)? = try? JSONDecoder().decode(JSONBody.self, from: Data(buffer: buffer)) else {
            throw HTTPError(.badRequest, message: "the body must be a JSON object")
        }
        return object
    }

    /// A string without U+0000: no text of a table holds one and PostgreSQL refuses it in a
    /// text column (a 500 once, when schemathesis sent `"C{\u0000…"` as a comment), so a
    /// string holding one is refused like a value of another type, on both databases. The
    /// document's patterns say so (`[^\u0000]`).
    var string: String? { if case .string(let v) = self, !v.utf8.contains(0) { v } else { nil } }
    var wholeNumber: Int64? { if case .whole(let v) = self { v } else { nil } }
    var object: [String: JSONBody]? { if case .object(let v) = self { v } else { nil } }
    var array: [JSONBody]? { if case .array(let v) = self { v } else { nil } }

    static func refusal(_ message: String) -> HTTPError { HTTPError(.unprocessableContent, message: message) }
}

extension [String: JSONBody] {
    /// `self[key]` read by `typed`; nil when left out, 422 naming `path + key` when of another type.
    func field<T>(_ key: String, _ typed: (JSONBody) -> T?, _ what: String, at path: String = "") throws -> T? {
        guard let value = self[key] else { return nil }
        guard let read = typed(value) else { throw JSONBody.refusal("\(path)\(key): \(what)") }
        return read
    }

    func text(_ key: String, _ what: String, at path: String = "") throws -> String? { try field(key, \.string, what, at: path) }
    func whole(_ key: String, _ what: String) throws -> Int64? { try field(key, \.wholeNumber, what) }
}
