import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 child channel with `CacheFastPath` in the pipeline. Its own
/// `HTTP1Channel` takes extra handlers only behind its HTTP-types codec, where a hit would still
/// pay for converting the request and encoding the response; this is the same pipeline with the
/// fast path placed right behind NIO's decoder. Everything else is as `HTTP1Channel.setup`
/// builds it, and requests are served by Hummingbird's own `handleHTTP`.
struct PublicHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let tables: PublishedTables
    let serverName: String?
    let connections: ConnectionCounter
    let deadlines: ReadDeadlines.Limits

    static func builder(tables: PublishedTables, serverName: String?, connections: ConnectionCounter,
                        deadlines: ReadDeadlines.Limits = .init()) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            PublicHTTPChannel(responder: responder, tables: tables, serverName: serverName, connections: connections, deadlines: deadlines)
        }
    }

    /// NIO's HTTP handlers, the guards and the fast path, in order from the socket.
    static func handlers(tables: PublishedTables, serverName: String?, connections: ConnectionCounter = ConnectionCounter(),
                         deadlines: ReadDeadlines.Limits = .init()) -> [any RemovableChannelHandler] {
        // Hummingbird's defaults (HTTP1Channel.Configuration.DecoderConfiguration).
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = 80 * 1024
        limits.maxHeaderListSize = 80 * 1024
        limits.maxHeaderFieldCount = 1000
        let connection = ConnectionState()
        return [
            ConnectionLimit(counter: connections),
            ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)),
            ReadDeadlines(limits: deadlines),
            CacheFastPath(tables: tables, serverName: serverName, connection: connection),
            HTTPResponseEncoder(configuration: .init()),
            ResponseEnds(connection: connection),
        ]
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandlers(Self.handlers(tables: tables, serverName: serverName, connections: connections, deadlines: deadlines))
            try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
            try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
