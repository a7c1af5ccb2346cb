/// A header value with parameters, as `Content-Type: multipart/form-data; boundary=x` and
/// `Content-Disposition: form-data; name="file"; filename="表.xlsx"` carry them (RFC 9110
/// §5.6.6; RFC 7578 §4.2): the leading token, then `; key=value` pairs, each value a token or
/// a quoted string. A backslash is kept as it is, not read as an escape: browsers and curl
/// send `C:\报表\表.xlsx` unescaped and write a quote as `%22` instead (see
/// `MultipartForm.browserUnescaped`). Keys are case-insensitive (kept lower-cased); the first of
/// a repeated key counts. A `;` or `=` inside quotes is part of the value — `报表;v2=终.xlsx`
/// is one file name, not three pieces.
public struct HeaderParameters: Hashable, Sendable {
    /// The value before the first `;`, lower-cased and trimmed (`multipart/form-data`).
    public var value: String
    public var parameters: [String: String]

    public init(_ header: String) {
        let scalars = Array(header.unicodeScalars)
        var i = 0
        func skipSpace() { while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 } }
        func token(until stops: Set<Unicode.Scalar>) -> String {
            var text = String.UnicodeScalarView()
            while i < scalars.count, !stops.contains(scalars[i]) { text.append(scalars[i]); i += 1 }
            return String(text).trimmingSpaces
        }
        value = token(until: [";"]).lowercased()
        parameters = [:]
        while i < scalars.count {
            i += 1 // the ";"
            skipSpace()
            let key = token(until: ["=", ";"]).lowercased()
            guard i < scalars.count, scalars[i] == "=" else { continue }
            i += 1
            skipSpace()
            var text = String.UnicodeScalarView()
            if i < scalars.count, scalars[i] == "\"" {
                i += 1
                while i < scalars.count, scalars[i] != "\"" {
                    text.append(scalars[i])
                    i += 1
                }
                i += 1 // the closing quote
                _ = token(until: [";"]) // anything after the quotes, up to the next parameter
            } else {
                text = token(until: [";"]).unicodeScalars
            }
            if !key.isEmpty, parameters[key] == nil { parameters[key] = String(text) }
        }
    }

    public subscript(_ key: String) -> String? { parameters[key.lowercased()] }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
