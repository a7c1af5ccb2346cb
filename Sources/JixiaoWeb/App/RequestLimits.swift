import Hummingbird

/// No site path is anywhere near 2 KiB (a department's name percent-encoded is about 150
/// bytes): a longer one is refused with 414 before any handler, cache or log sees it.
struct RequestLimits<Context: RequestContext>: RouterMiddleware {
    static var maximumPathBytes: Int { 2048 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.utf8.count <= Self.maximumPathBytes else { throw HTTPError(.uriTooLong, message: "这个地址比本站任何一页的地址都长，请检查链接是否完整、正确。") }
        return try await next(request, context)
    }
}
