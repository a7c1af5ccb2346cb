import Crypto
import Foundation
import HummingbirdBcrypt
import JixiaoCore
import NIOPosix

/// Random secrets, their hashes, and passwords.
enum Secrets {
    /// 32 random bytes from the system's generator, base64url without padding (43 characters).
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// API tokens say what they are, so a leaked one is recognised in logs and by scanners.
    static func apiToken() -> String { "jx_" + random() }

    static func hash(_ secret: String) -> String {
        Hex.string(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// bcrypt, on NIO's blocking thread pool: a hash at cost 12 is a quarter of a second of CPU,
/// which on an event loop or the cooperative pool would stall every other request.
enum Passwords {
    static func hash(_ password: String, cost: Int) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: UInt8(cost)) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Why a new password is refused; nil when it is acceptable. bcrypt reads 72 bytes.
    static func problem(_ password: String) -> String? {
        if password.count < 8 { return "密码至少 8 个字符" }
        if password.utf8.count > 72 { return "密码不超过 72 字节（约 24 个汉字）" }
        return nil
    }
}

