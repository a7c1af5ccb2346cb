import Foundation
import Hummingbird

/// Fields of a JSON request body (JSONSerialization's objects), read as /openapi.json declares
/// them: a field left out is nil; one of another type, null among them, is refused with 422
/// rather than read as empty, so the server does what its document says (schemathesis).
enum JSONBody {
    /// `object[key]` as a `T`; nil when left out.
    static func field<T>(_ object: [String: Any], _ key: String, as _: T.Type, _ what: String, at path: String = "") throws -> T? {
        guard let value = object[key] else { return nil }
        guard let typed = value as? T else { throw refusal("\(path)\(key): \(what)") }
        return typed
    }

    /// `object[key]` as a whole number; nil when left out.
    static func whole(_ object: [String: Any], _ key: String, _ what: String) throws -> Int64? {
        guard let value = object[key] else { return nil }
        guard let number = wholeNumber(value) else { throw refusal("\(key): \(what)") }
        return number
    }

    /// A whole number: not a fraction, not a string, not true or false (which Foundation would
    /// also bridge to 1 and 0), not null.
    static func wholeNumber(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
              number.doubleValue == Double(number.int64Value) else { return nil }
        return number.int64Value
    }

    static func refusal(_ message: String) -> HTTPError { HTTPError(.unprocessableContent, message: message) }
}
