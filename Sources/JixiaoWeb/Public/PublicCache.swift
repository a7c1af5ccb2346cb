import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// A microcache in front of the router, as a reverse proxy would keep: the responses of
/// anonymous GETs for published renderings (table pages, downloads, API documents), by path,
/// answered without routing, sessions or templates. An entry belongs to a generation of the
/// published list; when a table is published, republished or withdrawn the generation moves
/// on and every entry is stale. Signed-in requests (a session cookie or a token) never hit.
///
/// Two places answer from it: `CacheFastPath`, a channel handler on the event loop that
/// writes an entry's bytes before Hummingbird sees the request, and `CachedResponder` in
/// front of the router, for what the fast path hands on (a conditional request, or one queued
/// behind another on the same connection).
final class PublicCache: Sendable {
    struct Entry: Sendable {
        var headers: HTTPFields
        var body: ByteBuffer
        /// The status line and `headers` as Hummingbird and NIO put them on the wire, up to the
        /// `Date` and `Server` lines they add last (`CacheFastPath`).
        var encodedHead: ByteBuffer
        var generation: Int
    }

    private struct Entries {
        var byKey: [String: Entry] = [:]
        /// Bytes held by the keys and heads (bodies are shared with the rendered cache).
        var bytes = 0
    }

    private let entries = NIOLockedValueBox(Entries())
    /// Whether answers carry HSTS (`--secure-cookies`), as the router's do (`SecurityHeaders`).
    let hsts: Bool

    init(hsts: Bool = false) {
        self.hsts = hsts
    }

    /// Answers given by `CacheFastPath` on the event loop: for the tests, and for whoever
    /// wonders whether the fast path works.
    let hitsOnEventLoop = Atomic<Int>(0)
    /// Keys are canonical paths (`PublishedTables.remember`), so a crawler's spellings of one
    /// path never add entries; the caps bound it all the same, by count and by bytes.
    static let capacity = 10_000
    static let capacityBytes = 64 << 20

    func store(_ key: String, _ response: Response, body: ByteBuffer, generation: Int) {
        var headers = response.headers
        SecurityHeaders<AppContext>.apply(&headers, hsts: hsts)
        let entry = Entry(headers: headers, body: body, encodedHead: Self.encodeHead(.ok, headers), generation: generation)
        let size = key.utf8.count + entry.encodedHead.readableBytes + body.readableBytes
        entries.withLockedValue { entries in
            if entries.byKey.count >= Self.capacity || entries.bytes + size > Self.capacityBytes { entries = Entries() }
            if let old = entries.byKey.updateValue(entry, forKey: key) {
                entries.bytes -= key.utf8.count + old.encodedHead.readableBytes + old.body.readableBytes
            }
            entries.bytes += size
        }
    }

    /// What the cache holds: entries and bytes (for the tests).
    var size: (count: Int, bytes: Int) { entries.withLockedValue { ($0.byKey.count, $0.bytes) } }

    func lookup(_ key: String, generation: Int) -> Entry? {
        entries.withLockedValue { entries in entries.byKey[key].flatMap { $0.generation == generation ? $0 : nil } }
    }

    /// The key of a request that may be answered from the cache — an anonymous GET — which is
    /// its path without the query (the cached renderings do not read one); nil for any other.
    /// Both places that answer pass what they have of the request, in their own header types.
    static func key(isGet: Bool, target: String, authorized: Bool, cookies: [String]) -> String? {
        guard isGet, !authorized, target.utf8.first == UInt8(ascii: "/") else { return nil }
        for cookie in cookies where cookie.contains("jixiao_session=") { return nil }
        // Scanning contiguous bytes: a Character scan for "?" was a sixth of a cached page's
        // time, and one over the generic UTF-8 view still a thirtieth.
        var target = target
        let path = target.withUTF8 { bytes in
            bytes.firstIndex(of: UInt8(ascii: "?")).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[..<$0]), as: UTF8.self) }
        }
        return path ?? target
    }

    static func key(_ head: HTTPRequest) -> String? {
        key(isGet: head.method == .get, target: head.path ?? "", authorized: head.headerFields[.authorization] != nil,
            cookies: head.headerFields[values: .cookie])
    }

    /// What NIO's `HTTPResponseEncoder` writes for a head, without the blank line that ends it.
    static func encodeHead(_ status: HTTPResponse.Status, _ headers: HTTPFields) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n")
        for field in headers { buffer.writeString("\(field.name.rawName): \(field.value)\r\n") }
        return buffer
    }
}

extension PublishedTables {
    /// The entry for `key` if the published list is fresh enough to trust it.
    func cachedEntry(_ key: String) -> PublicCache.Entry? {
        guard let generation = freshGeneration() else { return nil }
        return cache.lookup(key, generation: generation)
    }
}

/// The router behind the cache.
struct CachedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppContext {
    let inner: Inner
    let tables: PublishedTables

    func respond(to request: Request, context: AppContext) async throws -> Response {
        guard let key = PublicCache.key(request.head), let entry = tables.cachedEntry(key) else {
            return try await inner.respond(to: request, context: context)
        }
        Monitoring.publicCacheHitsRouter.increment()
        if let etag = entry.headers[.eTag], var notModified = PublicSite.notModified(request.headers, etag) {
            SecurityHeaders<AppContext>.apply(&notModified.headers, hsts: tables.cache.hsts)
            return notModified
        }
        return Response(status: .ok, headers: entry.headers, body: .init(byteBuffer: entry.body))
    }
}
