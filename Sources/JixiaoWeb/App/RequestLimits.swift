import Hummingbird

/// No site path is anywhere near 2 KiB (a department's name percent-encoded is about 150
/// bytes): a longer one is refused with 414 before any handler, cache or log sees it.
///
/// No name, search or number holds U+0000 either, and PostgreSQL refuses it in any text it
/// is asked to compare: `%00` in the path is a page that cannot exist (404), in the query a
/// malformed request (400), before a handler hands it to the database.
struct RequestLimits<Context: RequestContext>: RouterMiddleware {
    static var maximumPathBytes: Int { 2048 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.utf8.count <= Self.maximumPathBytes else { throw HTTPError(.uriTooLong, message: "这个地址比本站任何一页的地址都长，请检查链接是否完整、正确。") }
        guard !Self.holdsNUL(request.uri.path) else { throw HTTPError(.notFound, message: "没有这个页面：地址中含有空字符（%00）。") }
        guard !Self.holdsNUL(request.uri.query ?? "") else { throw HTTPError(.badRequest, message: "查询参数中含有空字符（%00）。") }
        return try await next(request, context)
    }

    /// `%00` (or a raw NUL byte) anywhere in a still percent-encoded part of the address.
    static func holdsNUL(_ encoded: String) -> Bool {
        let bytes = Array(encoded.utf8)
        return bytes.contains(0) || bytes.indices.dropLast(2).contains { bytes[$0] == UInt8(ascii: "%") && bytes[$0 + 1] == UInt8(ascii: "0") && bytes[$0 + 2] == UInt8(ascii: "0") }
    }
}
