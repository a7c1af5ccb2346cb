import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over a plain socket, for what a client library hides: several requests written at
/// once (pipelining) and the exact headers that come back. The last request must ask to close.
enum RawHTTP {
    struct Response: Equatable {
        var status: String
        /// As sent: names in their case, in their order.
        var headers: [Header]
        var body: [UInt8]

        func value(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    struct Header: Equatable {
        var name: String
        var value: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `requests` in one go to 127.0.0.1:`port` and reads until the server closes.
    static func exchange(port: Int, _ requests: String) async throws -> [Response] {
        let bytes = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], Error>) in
            // Blocking socket calls, off the concurrency pool the server's handlers run on.
            Thread.detachNewThread {
                continuation.resume(with: Result { try roundTrip(port: port, Array(requests.utf8)) })
            }
        }
        return try parse(bytes)
    }

    private static func roundTrip(port: Int, _ request: [UInt8]) throws -> [UInt8] {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): errno \(errno)") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n == 0 { return received }
            guard n > 0 else { throw Failure(description: "recv after \(received.count) bytes: errno \(errno)") }
            received += chunk[..<n]
        }
    }

    /// Responses framed by Content-Length (what Jixiao sends for everything it caches), or bodiless.
    static func parse(_ bytes: [UInt8]) throws -> [Response] {
        var responses: [Response] = []
        var rest = bytes[...]
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let end = rest.indices.first(where: { rest[$0...].starts(with: separator) }) else {
                throw Failure(description: "a response head without its end after \(responses.count) responses")
            }
            let lines = String(decoding: rest[..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let headers = lines.dropFirst().map { line -> Header in
                let colon = line.firstIndex(of: ":") ?? line.endIndex
                return Header(name: String(line[..<colon]), value: line[colon...].dropFirst().trimmingCharacters(in: .whitespaces))
            }
            // 304 and 204 have no body (RFC 9110 §6.4.1), whatever they say of its length.
            let bodiless = lines[0].hasPrefix("HTTP/1.1 304 ") || lines[0].hasPrefix("HTTP/1.1 204 ")
            guard let length = bodiless ? 0 : headers.first(where: { $0.name.lowercased() == "content-length" }).flatMap({ Int($0.value) }) else {
                throw Failure(description: "response \(responses.count + 1) has no Content-Length")
            }
            let bodyStart = end + separator.count
            guard rest.endIndex - bodyStart >= length else { throw Failure(description: "response \(responses.count + 1) is cut short") }
            responses.append(Response(status: lines[0], headers: headers, body: Array(rest[bodyStart..<(bodyStart + length)])))
            rest = rest[(bodyStart + length)...]
        }
        return responses
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
