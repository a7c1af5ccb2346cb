import Hummingbird
import HummingbirdAuth
import JixiaoStore
import NIOCore

/// What a session remembers: whose it is, and the token every form it renders must send back.
struct WebSession: Codable, Sendable, Equatable {
    var userID: Int64
    var csrf: String
}

/// The request context of every route: the signed-in account (from a session cookie or an
/// API token), the session, and the client's address (for the login rate limit).
struct AppContext: AuthRequestContext, SessionRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Account?
    /// How the identity was established: a token is for scripts, and forms need a session.
    var signedInByToken = false
    let sessions: SessionContext<WebSession>
    private let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
        channel = source.channel
    }

    /// Asked of the channel only when wanted (signing in): NIO reads it under a lock.
    var remoteAddress: SocketAddress? { channel.remoteAddress }

    /// The form token of this session, for templates (nil when signed in by token or not at all).
    var csrf: String? { signedInByToken ? nil : sessions.session?.csrf }
}
