import FuzzSupport
import JixiaoForms

/// The web forms' bodies (JixiaoForms): the whole input as an
/// `application/x-www-form-urlencoded` body (`URLEncodedForm.parse`); and, when its first line
/// is a `Content-Type` naming a boundary (`MultipartForm.boundary`), the rest as a
/// `multipart/form-data` body (`MultipartForm.parse`). Either form, encoded again, decodes to
/// the same fields and files.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let form = URLEncodedForm.parse(String(decoding: bytes, as: UTF8.self))
    Fuzz.checkRoundTrip(form, through: "url-encoded form") { URLEncodedForm.parse(Encode.urlEncoded(form)) }
    // Typed decoding of what was parsed (the project form's shape): it may refuse a number that
    // is not one, but never traps, and reads at most FormDecoder.maximumElements rows.
    if let decoded = try? FormDecoder().decode(ProjectShape.self, from: form.fields) {
        Fuzz.check(decoded.rows.count <= FormDecoder.maximumElements, "more rows than the cap: \(decoded.rows.count)")
    }

    guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return 0 }
    var header = bytes[..<newline]
    if header.last == UInt8(ascii: "\r") { header = header.dropLast() }
    guard let boundary = MultipartForm.boundary(contentType: String(decoding: header, as: UTF8.self)),
          let multipart = try? MultipartForm.parse(Array(bytes[(newline + 1)...]), boundary: boundary) else { return 0 }
    let (body, fresh) = Encode.multipart(multipart)
    Fuzz.checkRoundTrip(multipart, through: "multipart body") { try MultipartForm.parse(body, boundary: fresh) }
    return 0
}

/// The shape of the project form (`ProjectForm.Input`): fields, a nested array of rows with a
/// checkbox, an optional number.
struct ProjectShape: Decodable {
    struct Row: Decodable { var order: String; var name: String; var annual: String; var delete: Bool; var weight: Int? }
    var version: String
    var name: String
    var rows: [Row]
}

/// Encoders as browsers write (for the round trip only).
enum Encode {
    static func urlEncoded(_ form: URLEncodedForm) -> String {
        func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
        return form.fields.map { escape($0.key) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// The body, and the boundary chosen to occur nowhere in what it separates. Names are
    /// written as browsers write them: `"`, CR and LF as `%22`, `%0D`, `%0A`.
    static func multipart(_ form: MultipartForm) -> ([UInt8], String) {
        func quoted(_ name: String) -> String {
            "\"" + name.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A") + "\""
        }
        var everything: [[UInt8]] = form.fields.flatMap { [Array($0.key.utf8), Array($0.value.utf8)] }
        everything += form.files.flatMap { [Array($0.key.utf8), Array($0.value.name.utf8), $0.value.bytes] }
        var n = 0
        var boundary = "JixiaoFuzzBoundary0"
        while everything.contains(where: { contains($0, Array(boundary.utf8)) }) {
            n += 1
            boundary = "JixiaoFuzzBoundary\(n)"
        }
        var body: [UInt8] = []
        for (name, value) in form.fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\(quoted(name))\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, file) in form.files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\(quoted(name)); filename=\(quoted(file.name))\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, boundary)
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
