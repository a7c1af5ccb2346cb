import Foundation
import Hummingbird
import JixiaoForms

/// A `multipart/form-data` body (RFC 7578): the file upload's one form. Fields are text;
/// files keep their name and bytes. Decoded by `MultipartForm` (JixiaoForms, where it is
/// fuzzed); this reads the request and answers what cannot be read with a 400.
struct Multipart {
    typealias File = MultipartForm.File

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    static func read(_ request: Request, limit: Int) async throws -> Multipart {
        guard let type = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: type) else {
            throw HTTPError(.badRequest, message: "上传须以 multipart/form-data 提交。")
        }
        var request = request
        let body = try await request.collectBody(upTo: limit)
        return try parse(Array(buffer: body), boundary: boundary)
    }

    static func parse(_ body: [UInt8], boundary: String) throws -> Multipart {
        do {
            let form = try MultipartForm.parse(body, boundary: boundary)
            return Multipart(fields: form.fields, files: form.files)
        } catch .incomplete {
            throw HTTPError(.badRequest, message: "上传的表单不完整（multipart 边界缺失）。")
        }
    }
}
