import Foundation
import HTTPTypes
import Hummingbird

/// The address of the person, not of the proxy in front of the server. `X-Forwarded-For` is
/// believed only from a proxy the operator named (`--trusted-proxy`): anyone else could write
/// any address there. Behind a trusted proxy, the client is the right-most address in the
/// header that is not itself a trusted proxy; without one, every visitor would share the
/// proxy's address and twenty failures of one would lock out everyone behind it.
struct ClientAddress: Sendable {
    let trustedProxies: Set<String>

    func resolve(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0.utf8.count <= 64 }
        return hops.last { !trustedProxies.contains($0) } ?? peer
    }

    func resolve(_ request: Request, _ context: AppContext) -> String? {
        resolve(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: Self.forwardedFor])
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}
