import Foundation
import NIOCore
import NIOPosix

/// Hands a message to an SMTP relay (RFC 5321): EHLO, MAIL FROM, RCPT TO for each recipient,
/// DATA, QUIT — in plain SMTP, to the site's own relay (postfix or exim on the host or the
/// bureau's network), which does TLS and authentication towards the outside world. Every
/// reply is checked; a refusal throws with the server's words.
struct SMTPClient: Sendable {
    var host: String
    var port: Int
    /// How long connecting may take, and the whole exchange.
    var timeout: Duration = .seconds(30)

    struct Refused: Error, CustomStringConvertible {
        var step: String
        var reply: String
        var description: String { "the mail server refused \(step): \(reply)" }
    }

    func send(_ message: MailMessage, date: Date = Date(), messageID: String) async throws {
        // A relay that stops answering mid-exchange is given up on, not waited for.
        try await withDeadline(timeout) { try await exchange(message, date: date, messageID: messageID) }
    }

    private func exchange(_ message: MailMessage, date: Date, messageID: String) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(timeout.components.seconds)))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = Replies(iterator: inbound.makeAsyncIterator())
            func say(_ line: String, expect codes: Set<Int>, step: String) async throws {
                if !line.isEmpty { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                let (code, text) = try await replies.next()
                guard codes.contains(code) else { throw Refused(step: step, reply: "\(code) \(text)") }
            }
            try await say("", expect: [220], step: "the connection")
            try await say("EHLO jixiao", expect: [250], step: "EHLO")
            try await say("MAIL FROM:<\(Self.address(message.from))>", expect: [250], step: "the sender \(message.from)")
            for recipient in message.to {
                try await say("RCPT TO:<\(Self.address(recipient))>", expect: [250, 251], step: "the recipient \(recipient)")
            }
            try await say("DATA", expect: [354], step: "DATA")
            // Base64 lines never start with `.`, so no dot-stuffing is needed; the headers are ours.
            try await say(message.rendered(date: date, messageID: messageID) + ".", expect: [250], step: "the message")
            try await say("QUIT", expect: [221], step: "QUIT")
        }
    }

    /// `陈晓明 <chen@example.gov.cn>` → `chen@example.gov.cn`.
    static func address(_ mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close else { return mailbox }
        return String(mailbox[mailbox.index(after: open)..<close])
    }

    /// Reads replies: lines until one whose fourth character is a space (`250-…` continues).
    struct Replies {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending: [UInt8] = []

        mutating func next() async throws -> (Int, String) {
            var text: [String] = []
            while true {
                let line = try await nextLine()
                guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else { throw Refused(step: "the exchange", reply: "not an SMTP reply: \(line)") }
                text.append(String(line.dropFirst(4)))
                if line.utf8.count == 3 || line.dropFirst(3).first == " " { return (code, text.joined(separator: " ")) }
            }
        }

        private mutating func nextLine() async throws -> String {
            while true {
                if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = Array(pending[..<end])
                    pending.removeFirst(end + 1)
                    if line.last == UInt8(ascii: "\r") { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                // A server that sends an endless line is refused, not buffered.
                guard pending.count < 64 * 1024 else { throw Refused(step: "the exchange", reply: "a reply line longer than 64 KiB") }
                guard let buffer = try await iterator.next() else { throw Refused(step: "the exchange", reply: "the server closed the connection") }
                pending += buffer.readableBytesView
            }
        }
    }
}

/// Runs `work`, or throws when it takes longer than `limit`.
func withDeadline<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw SMTPClient.Refused(step: "the exchange", reply: "no reply within \(limit)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
