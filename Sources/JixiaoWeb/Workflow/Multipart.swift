import Foundation
import Hummingbird

/// A `multipart/form-data` body (RFC 7578): the file upload's one form. Fields are text;
/// files keep their name and bytes.
struct Multipart {
    struct File {
        var name: String
        var bytes: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    static func read(_ request: Request, limit: Int) async throws -> Multipart {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = type.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")), !boundary.isEmpty else {
            throw HTTPError(.badRequest, message: "上传须以 multipart/form-data 提交。")
        }
        var request = request
        let body = try await request.collectBody(upTo: limit)
        return try parse(Array(buffer: body), boundary: boundary)
    }

    static func parse(_ body: [UInt8], boundary: String) throws -> Multipart {
        let delimiter = Array(("--" + boundary).utf8)
        var result = Multipart()
        var cursor = try index(of: delimiter, in: body, from: 0) + delimiter.count
        while cursor + 2 <= body.count, !(body[cursor] == UInt8(ascii: "-") && body[cursor + 1] == UInt8(ascii: "-")) {
            cursor += 2 // CRLF after the delimiter
            let headerEnd = try index(of: Array("\r\n\r\n".utf8), in: body, from: cursor)
            let headers = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            let next = try index(of: Array(("\r\n--" + boundary).utf8), in: body, from: contentStart)
            let content = Array(body[contentStart..<next])
            if let name = parameter("name", in: headers) {
                if let file = parameter("filename", in: headers) {
                    result.files[name] = File(name: file, bytes: content)
                } else {
                    result.fields[name] = String(decoding: content, as: UTF8.self)
                }
            }
            cursor = next + 2 + delimiter.count
        }
        return result
    }

    private static func parameter(_ name: String, in headers: String) -> String? {
        guard let range = headers.range(of: "; \(name)=\"") else { return nil }
        return String(headers[range.upperBound...].prefix { $0 != "\"" })
    }

    private static func index(of needle: [UInt8], in haystack: [UInt8], from start: Int) throws -> Int {
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        throw HTTPError(.badRequest, message: "上传的表单不完整（multipart 边界缺失）。")
    }
}
