import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Deadlines for what a client sends, right behind NIO's HTTP decoder (so the fast path's
/// answers count as activity too): a request's head must be complete within `head` of the
/// connection opening or of the previous request's end (a client sending headers a byte at a
/// time, or none, is cut off); its body within `body` of its head; and a connection idle
/// between requests is closed after `idle`. 200 connections holding half a header used to be
/// kept for ever.
final class ReadDeadlines: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    struct Limits: Sendable {
        var head: TimeAmount = .seconds(30)
        var body: TimeAmount = .seconds(120)
        /// Longer than the slowest answer (a PDF's 60 s), which the server may still be writing.
        var idle: TimeAmount = .seconds(120)
    }

    private let limits: Limits
    private var timer: Scheduled<Void>?

    init(limits: Limits) { self.limits = limits }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, limits.head) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, limits.head)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(context, limits.body)
        case .body: break
        case .end: arm(context, limits.idle)
        }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext, _ after: TimeAmount) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: after) { loopBound.value.close(promise: nil) }
    }
}

/// At most `perAddress` open connections from one address; one more is closed at once.
/// Trusted proxies are exempt: every visitor behind one arrives from its address.
final class ConnectionCounter: Sendable {
    let perAddress: Int
    let exempt: Set<String>
    private let open = NIOLockedValueBox<[String: Int]>([:])

    init(perAddress: Int = 128, exempt: Set<String> = []) {
        self.perAddress = perAddress
        self.exempt = exempt
    }

    /// Counts a new connection from `address`; false when that address has too many already.
    func admit(_ address: String) -> Bool {
        guard !exempt.contains(address) else { return true }
        return open.withLockedValue { open in
            guard open[address, default: 0] < perAddress else { return false }
            open[address, default: 0] += 1
            return true
        }
    }

    func release(_ address: String) {
        guard !exempt.contains(address) else { return }
        open.withLockedValue { open in
            open[address, default: 1] -= 1
            if open[address] == 0 { open[address] = nil }
        }
    }

    /// Open connections from `address` (for the tests).
    func count(_ address: String) -> Int { open.withLockedValue { $0[address] ?? 0 } }
}

/// The pipeline's first handler: admits the connection by `ConnectionCounter`, or closes it.
final class ConnectionLimit: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let counter: ConnectionCounter
    private var counted: String?

    init(counter: ConnectionCounter) { self.counter = counter }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    private func admit(_ context: ChannelHandlerContext) {
        guard counted == nil, let address = context.channel.remoteAddress?.ipAddress else { return }
        if counter.admit(address) {
            counted = address
        } else {
            context.close(promise: nil)
        }
    }

    private func release() {
        if let address = counted { counter.release(address) }
        counted = nil
    }
}
