import Foundation

/// An `application/x-www-form-urlencoded` body, decoded: `+` is a space, `%XX` a byte; a
/// field without `=` is empty; a field whose name or value is not valid percent-encoded
/// UTF-8 decodes to an empty string; a repeated name keeps its last value.
///
/// Pure parsing with no web framework, so that it can be fuzzed (docs/fuzzing.md); the web
/// application's `Form` reads the request body and hands it here.
public struct URLEncodedForm: Hashable, Sendable {
    public var fields: [String: String]

    public init(fields: [String: String] = [:]) {
        self.fields = fields
    }

    public static func parse(_ text: String) -> URLEncodedForm {
        var form = URLEncodedForm()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            form.fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return form
    }
}
