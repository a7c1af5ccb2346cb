import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoTestSupport
@testable import JixiaoWeb
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Synchronization
import Testing

/// `CacheFastPath`, which answers the public cache's hits behind NIO's HTTP decoder: first in
/// the server's own handlers on an `EmbeddedChannel`, bytes in and bytes out, with the test
/// playing Hummingbird; then on a live server over a socket, byte for byte against the
/// router's own answer and with pipelined requests.
@Suite struct CacheFastPathTests {
    static let body = "<p>已公开</p>"

    /// Published tables on an empty store, with `/page` remembered (ETag "e1").
    static func withTables(_ test: (PublishedTables) async throws -> Void) async throws {
        let store = try await Store.open(TemporaryDatabase.sqliteURL("fast"))
        let tables = PublishedTables(repository: store, listLifetime: .seconds(600))
        _ = try await tables.list()
        let generation = try #require(tables.freshGeneration())
        let body = ByteBuffer(string: Self.body)
        let response = Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .eTag: "\"e1\""], body: .init(byteBuffer: body))
        tables.cache.store("/page", response, body: body, generation: generation)
        try await test(tables)
        try await store.close()
    }

    /// A connection with the server's HTTP handlers (`PublicHTTPChannel.handlers`).
    static func connected(_ tables: PublishedTables) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers(PublicHTTPChannel.handlers(tables: tables, serverName: "Jixiao"))
        try channel.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    static func get(_ target: String, _ lines: String...) -> String {
        "GET \(target) HTTP/1.1\r\nHost: localhost\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    /// The responses written to the socket so far.
    static func written(_ channel: EmbeddedChannel) throws -> [RawHTTP.Response] {
        var bytes: [UInt8] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { Issue.record("a file region"); continue }
            bytes += buffer.readableBytesView
        }
        return try RawHTTP.parse(bytes)
    }

    /// The request heads handed on to Hummingbird so far (their body and end parts checked).
    static func handedOn(_ channel: EmbeddedChannel) throws -> [HTTPRequestHead] {
        var heads: [HTTPRequestHead] = []
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            if case .head(let head) = part { heads.append(head) }
        }
        return heads
    }

    /// Hummingbird's answer to a request handed on.
    static func respond(_ channel: EmbeddedChannel, _ status: HTTPResponseStatus) throws {
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: status, headers: ["Content-Length": "0"])))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    @Test func aHitIsWrittenAsHummingbirdWouldWriteIt() async throws {
        try await Self.withTables { tables in
            let channel = try Self.connected(tables)
            // The query does not change a cached rendering.
            try channel.writeInbound(ByteBuffer(string: Self.get("/page?from=home")))
            let answer = try #require(try Self.written(channel).only)
            #expect(answer.status == "HTTP/1.1 200 OK" && String(decoding: answer.body, as: UTF8.self) == Self.body)
            let names = answer.headers.map(\.name)
            #expect(Array(names.prefix(3)) == ["Content-Type", "ETag", "Content-Length"])
            #expect(names.contains("Content-Security-Policy") && Array(names.suffix(2)) == ["Date", "Server"])
            #expect(answer.value("Content-Length") == String(Self.body.utf8.count) && answer.value("Server") == "Jixiao")
            #expect(answer.value("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            let date = try #require(answer.value("Date"))
            #expect(date.wholeMatch(of: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT/) != nil)
            #expect(try Self.handedOn(channel).isEmpty, "a hit never reaches Hummingbird")
            #expect(tables.cache.hitsOnEventLoop.load(ordering: .relaxed) == 1)

            // A body sent with a GET is read past, and the connection goes on.
            try channel.writeInbound(ByteBuffer(string: Self.get("/page", "Content-Length: 3") + "abc" + Self.get("/page")))
            #expect(try Self.written(channel).count == 2)
            #expect(channel.isActive)
            _ = try channel.finish()
        }
    }

    @Test func signedInVisitorsOtherMethodsConditionalsAndMissesGoOnToHummingbird() async throws {
        try await Self.withTables { tables in
            let channel = try Self.connected(tables)
            let handedOn = [
                Self.get("/page", "Cookie: theme=dark; jixiao_session=abc"),
                Self.get("/page", "Cookie: theme=dark", "Cookie: jixiao_session=abc"),
                Self.get("/page", "Authorization: Bearer jx_abc"),
                Self.get("/page", "If-None-Match: \"e1\""),
                "POST /page HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\nx",
                "HEAD /page HTTP/1.1\r\nHost: localhost\r\n\r\n",
                Self.get("/other"),
                Self.get("http://localhost/page"),
            ]
            for request in handedOn {
                try channel.writeInbound(ByteBuffer(string: request))
                #expect(try Self.handedOn(channel).count == 1, "\(request)")
                #expect(try Self.written(channel).isEmpty)
                // Hummingbird answers it before the next request may be answered here.
                try Self.respond(channel, .notFound)
                #expect(try Self.written(channel).map(\.status) == ["HTTP/1.1 404 Not Found"])
            }
            #expect(tables.cache.hitsOnEventLoop.load(ordering: .relaxed) == 0)
            _ = try channel.finish()
        }
    }

    @Test func aHitQueuedBehindAnUnansweredRequestWaitsItsTurn() async throws {
        try await Self.withTables { tables in
            let channel = try Self.connected(tables)
            // Pipelined: a miss, then a hit, before the miss has been answered.
            try channel.writeInbound(ByteBuffer(string: Self.get("/other") + Self.get("/page")))
            #expect(try Self.written(channel).isEmpty, "nothing may overtake the first answer")
            #expect(try Self.handedOn(channel).map(\.uri) == ["/other", "/page"], "both go on to Hummingbird, in order")
            try Self.respond(channel, .notFound)
            try Self.respond(channel, .ok)
            #expect(try Self.written(channel).map(\.status) == ["HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK"])
            // Both answered: the next hit is the fast path's again.
            try channel.writeInbound(ByteBuffer(string: Self.get("/page")))
            #expect(try Self.written(channel).only.map { String(decoding: $0.body, as: UTF8.self) } == Self.body)
            #expect(try Self.handedOn(channel).isEmpty)
            _ = try channel.finish()
        }
    }

    /// A client that does not read its answers gets no more from the event loop: Hummingbird's
    /// side waits for the socket, and stops reading, instead of the server buffering without end.
    @Test func aConnectionWhoseAnswersAreNotReadIsHandedOn() async throws {
        try await Self.withTables { tables in
            let channel = try Self.connected(tables)
            channel.isWritable = false
            try channel.writeInbound(ByteBuffer(string: Self.get("/page")))
            #expect(try Self.written(channel).isEmpty)
            #expect(try Self.handedOn(channel).map(\.uri) == ["/page"])
            try Self.respond(channel, .ok)
            #expect(try Self.written(channel).count == 1)
            channel.isWritable = true
            try channel.writeInbound(ByteBuffer(string: Self.get("/page")))
            #expect(try Self.written(channel).only.map { String(decoding: $0.body, as: UTF8.self) } == Self.body)
            _ = try channel.finish()
        }
    }

    @Test func connectionCloseEndsTheConnectionAfterTheAnswer() async throws {
        try await Self.withTables { tables in
            let channel = try Self.connected(tables)
            try channel.writeInbound(ByteBuffer(string: Self.get("/page", "Connection: close")))
            #expect(try Self.written(channel).count == 1)
            channel.embeddedEventLoop.run()
            #expect(!channel.isActive)
        }
    }

    /// On a live server: the first request fills the cache through the router, the second is
    /// answered by the fast path with the same status, headers (but `Date`) and bytes; a hit
    /// pipelined behind a slower request comes second.
    @Test func onALiveServerTheFastPathAnswersLikeTheRouterAndInOrder() async throws {
        let store = try await Store.open(TemporaryDatabase.sqliteURL("web"))
        _ = try await DemoData.load(into: store, passwordCost: 4)
        let (app, tables) = assembleApplication(WebConfiguration.forTests(publishedListLifetime: .seconds(600)), repository: store, logger: Logger(label: "test"))
        let page = PublicSiteTests.seedPath()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            func get(_ path: String, close: Bool = true) -> String {
                "GET \(path) HTTP/1.1\r\nHost: localhost\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n"
            }
            let byRouter = try await RawHTTP.exchange(port: port, get(page))
            #expect(tables.cache.hitsOnEventLoop.load(ordering: .relaxed) == 0)
            let byFastPath = try await RawHTTP.exchange(port: port, get(page))
            #expect(tables.cache.hitsOnEventLoop.load(ordering: .relaxed) == 1)
            #expect(byRouter.count == 1 && byFastPath.count == 1)
            let (first, second) = (try #require(byRouter.first), try #require(byFastPath.first))
            #expect(first.status == "HTTP/1.1 200 OK" && second.status == first.status)
            #expect(second.headers.filter { $0.name != "Date" } == first.headers.filter { $0.name != "Date" })
            #expect(second.value("Date") != nil && first.value("Date") != nil)
            #expect(second.body == first.body && String(decoding: second.body, as: UTF8.self).contains("编外人员聘用经费"))

            // A current copy: 304, answered by the router's side of the cache.
            let etag = try #require(first.value("ETag"))
            let revalidated = try await RawHTTP.exchange(port: port, get(page).replacingOccurrences(of: "\r\n\r\n", with: "\r\nIf-None-Match: \(etag)\r\n\r\n"))
            #expect(revalidated.map(\.status) == ["HTTP/1.1 304 Not Modified"] && revalidated.first?.value("X-Frame-Options") == "DENY")
            #expect(tables.cache.hitsOnEventLoop.load(ordering: .relaxed) == 1)

            // /healthz asks the database; the page behind it is cached but must wait its turn.
            let pipelined = try await RawHTTP.exchange(port: port, get("/healthz", close: false) + get(page))
            #expect(pipelined.map(\.status) == ["HTTP/1.1 200 OK", "HTTP/1.1 200 OK"])
            #expect(pipelined.first.map { String(decoding: $0.body, as: UTF8.self) } == "ok\n")
            #expect(pipelined.last?.body == first.body)
            #expect(tables.cache.hitsOnEventLoop.load(ordering: .relaxed) == 1, "the queued hit was answered behind the router")
        }
        try await store.close()
    }
}
