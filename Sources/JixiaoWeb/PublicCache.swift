import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// A microcache in front of the router, as a reverse proxy would keep: the responses of
/// anonymous GETs for published renderings (table pages, downloads, API documents), by path,
/// answered without routing, sessions or templates. An entry belongs to a generation of the
/// published list; when a table is published, republished or withdrawn the generation moves
/// on and every entry is stale. Signed-in requests (a session cookie or a token) never hit.
final class PublicCache: Sendable {
    struct Entry: Sendable {
        var headers: HTTPFields
        var body: ByteBuffer
        var generation: Int
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    /// Paths are the ones our pages link to; a cap keeps a crawler's variants from growing it.
    static let capacity = 10_000

    func store(_ path: String, _ response: Response, body: ByteBuffer, generation: Int) {
        var headers = response.headers
        SecurityHeaders<AppContext>.apply(&headers)
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[path] = Entry(headers: headers, body: body, generation: generation)
        }
    }

    func lookup(_ path: String, generation: Int) -> Entry? {
        entries.withLockedValue { entries in entries[path].flatMap { $0.generation == generation ? $0 : nil } }
    }

    /// Whether a request may be answered from the cache: an anonymous GET.
    static func mayServe(_ request: Request) -> Bool {
        guard request.method == .get, request.headers[.authorization] == nil else { return false }
        guard let cookies = request.headers[.cookie] else { return true }
        return !cookies.contains("jixiao_session=")
    }
}

/// The router behind the cache.
struct CachedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppContext {
    let inner: Inner
    let tables: PublishedTables

    func respond(to request: Request, context: AppContext) async throws -> Response {
        if PublicCache.mayServe(request), let generation = tables.freshGeneration(), let entry = tables.cache.lookup(request.uri.path, generation: generation) {
            if let etag = entry.headers[.eTag], let notModified = PublicSite.notModified(request, etag) {
                var response = notModified
                SecurityHeaders<AppContext>.apply(&response.headers)
                return response
            }
            return Response(status: .ok, headers: entry.headers, body: .init(byteBuffer: entry.body))
        }
        return try await inner.respond(to: request, context: context)
    }
}
