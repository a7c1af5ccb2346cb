import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// Answers the public cache's hits on the event loop, right behind NIO's HTTP decoder: the
/// entry's encoded head, a `Date`/`Server` block and the body go out in one `writev`, with no
/// task, request context, router, HTTP-type conversion or header encoding. On a 2-core machine
/// those were most of a cached page's time, and the goal (half of nginx's requests per
/// second) lay beyond even a bare Hummingbird route.
///
/// Anything else goes on to Hummingbird untouched: a miss, a signed-in visitor, a POST, a
/// conditional request (`CachedResponder` answers its 304), a request on a connection whose
/// answers are not being read. Responses must leave in the order
/// requests came (HTTP/1.1 pipelining): while a request handed on has not had its response
/// written in full (`ResponseEnds` counts), later requests follow it.
///
/// The pipeline (`PublicHTTPChannel`): decoder → CacheFastPath → encoder → ResponseEnds →
/// Hummingbird. Our writes enter below the encoder, so they are bytes.
final class CacheFastPath: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = IOData

    private enum Reading {
        case idle
        case handedOn
        /// A hit whose request is still arriving; answered at its end, as Hummingbird would.
        case answering(PublicCache.Entry, closeAfter: Bool)
    }

    private let tables: PublishedTables
    private let connection: ConnectionState
    private var reading = Reading.idle
    private var closing: ClosingLines

    init(tables: PublishedTables, serverName: String?, connection: ConnectionState) {
        self.tables = tables
        self.connection = connection
        self.closing = ClosingLines(serverName: serverName)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // A client that sends requests without reading the answers fills the outbound
            // buffer: from there on Hummingbird answers, whose writer waits for the socket and
            // whose inbound buffer stops reading, so the server's memory stays bounded.
            if connection.handedOn == 0, context.channel.isWritable, let entry = hit(head) {
                reading = .answering(entry, closeAfter: head.headers["connection"].first == "close")
                return
            }
            connection.handedOn += 1
            reading = .handedOn
            context.fireChannelRead(data)
        case .body:
            if case .answering = reading { return }
            context.fireChannelRead(data)
        case .end:
            guard case .answering(let entry, let closeAfter) = reading else {
                reading = .idle
                context.fireChannelRead(data)
                return
            }
            reading = .idle
            write(entry, closeAfter: closeAfter, context: context)
        }
    }

    private func hit(_ head: HTTPRequestHead) -> PublicCache.Entry? {
        guard !head.headers.contains(name: "if-none-match"),
              let key = PublicCache.key(isGet: head.method == .GET, target: head.uri, authorized: head.headers.contains(name: "authorization"),
                                        cookies: head.headers["cookie"]) else { return nil }
        return tables.cachedEntry(key)
    }

    private func write(_ entry: PublicCache.Entry, closeAfter: Bool, context: ChannelHandlerContext) {
        tables.cache.hitsOnEventLoop.add(1, ordering: .relaxed)
        Monitoring.publicCacheHitsFastPath.increment()
        context.write(wrapOutboundOut(.byteBuffer(entry.encodedHead)), promise: nil)
        context.write(wrapOutboundOut(.byteBuffer(closing.now())), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.byteBuffer(entry.body)))
        // Like Hummingbird, a request that asked to close ends the connection once its answer is out.
        if closeAfter { written.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }
}

/// What the two handlers of one connection share; touched on its event loop only.
final class ConnectionState {
    /// Requests handed on to Hummingbird whose response has not ended yet.
    var handedOn = 0
}

/// Counts the ends of Hummingbird's responses, above the encoder where they are still parts.
final class ResponseEnds: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart
    private let connection: ConnectionState

    init(connection: ConnectionState) { self.connection = connection }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { connection.handedOn -= 1 }
        context.write(data, promise: promise)
    }
}

/// The lines Hummingbird adds last to every response — `Date` (RFC 9110's IMF-fixdate) and
/// `Server` — and the blank line, made again when the second changes.
struct ClosingLines {
    let serverName: String?
    private var second = -1
    private var lines = ByteBuffer()

    init(serverName: String?) { self.serverName = serverName }

    mutating func now() -> ByteBuffer {
        let clock = time(nil)
        if clock != second {
            second = clock
            lines = ByteBuffer(string: "Date: \(Self.imfFixdate(clock))\r\n" + (serverName.map { "Server: \($0)\r\n" } ?? "") + "\r\n")
        }
        return lines
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func imfFixdate(_ clock: time_t) -> String {
        var clock = clock
        var parts = tm()
        gmtime_r(&clock, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
