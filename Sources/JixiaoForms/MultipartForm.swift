import Foundation

/// A `multipart/form-data` body (RFC 7578), decoded: fields are text; files keep their name
/// and bytes. A part without a `name` parameter is skipped; a repeated name keeps its last
/// part.
///
/// Pure parsing with no web framework, so that it can be fuzzed (docs/fuzzing.md); the web
/// application's `Multipart` reads the request and maps `MultipartError` to its 400.
public struct MultipartForm: Hashable, Sendable {
    public struct File: Hashable, Sendable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    public var fields: [String: String]
    public var files: [String: File]

    public init(fields: [String: String] = [:], files: [String: File] = [:]) {
        self.fields = fields
        self.files = files
    }

    /// The boundary a `Content-Type` header names, when it is `multipart/form-data` (any
    /// case) with a non-empty `boundary` parameter (quoted or not); nil otherwise.
    public static func boundary(contentType type: String) -> String? {
        let header = HeaderParameters(type)
        guard header.value == "multipart/form-data", let boundary = header["boundary"], !boundary.isEmpty else { return nil }
        return boundary
    }

    public static func parse(_ body: [UInt8], boundary: String) throws(MultipartError) -> MultipartForm {
        let delimiter = Array(("--" + boundary).utf8)
        var result = MultipartForm()
        var cursor = try index(of: delimiter, in: body, from: 0) + delimiter.count
        while cursor + 2 <= body.count, !(body[cursor] == UInt8(ascii: "-") && body[cursor + 1] == UInt8(ascii: "-")) {
            cursor += 2 // CRLF after the delimiter
            let headerEnd = try index(of: Array("\r\n\r\n".utf8), in: body, from: cursor)
            let headers = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            let next = try index(of: Array(("\r\n--" + boundary).utf8), in: body, from: contentStart)
            let content = Array(body[contentStart..<next])
            let disposition = HeaderParameters(contentDisposition(in: headers))
            if disposition.value == "form-data", let name = disposition["name"].map(browserUnescaped) {
                if let file = disposition["filename"].map(browserUnescaped) {
                    result.files[name] = File(name: file, bytes: content)
                } else {
                    result.fields[name] = String(decoding: content, as: UTF8.self)
                }
            }
            cursor = next + 2 + delimiter.count
        }
        return result
    }

    /// The `Content-Disposition` line's value among a part's header lines (name any case).
    private static func contentDisposition(in headers: String) -> String {
        for line in headers.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "content-disposition" else { continue }
            return String(line[line.index(after: colon)...])
        }
        return ""
    }

    /// A name as browsers and curl send it: they write `"`, CR and LF in a name or file name as
    /// `%22`, `%0D` and `%0A` (WHATWG HTML, "multipart/form-data encoding algorithm") and leave
    /// every other `%` alone, so only those three are turned back.
    static func browserUnescaped(_ text: String) -> String {
        guard text.contains("%") else { return text }
        return text.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
    }

    private static func index(of needle: [UInt8], in haystack: [UInt8], from start: Int) throws(MultipartError) -> Int {
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        throw .incomplete
    }
}

/// Why a multipart body cannot be read.
public enum MultipartError: Error, Hashable, Sendable {
    /// The first delimiter, the blank line after a part's headers or the delimiter after its
    /// content is missing: the body is cut short, or its boundary is not the one the
    /// `Content-Type` header names.
    case incomplete
}
