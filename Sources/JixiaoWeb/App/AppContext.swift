import Hummingbird
import HummingbirdAuth
import JixiaoStore
import NIOCore

/// What a session remembers: whose it is, and the token every form it renders must send back.
struct WebSession: Codable, Sendable, Equatable {
    var userID: Int64
    var csrf: String
    /// The account as read with the session just now (`SessionDriver`), for `Authenticate`; not stored.
    var account: Account?

    init(userID: Int64, csrf: String) {
        (self.userID, self.csrf) = (userID, csrf)
    }

    private enum CodingKeys: String, CodingKey { case userID, csrf }
}

/// The request context of every route: the signed-in account (from a session cookie or an
/// API token), the session, and the client's address (for the login rate limit).
struct AppContext: AuthRequestContext, SessionRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Account?
    /// How the identity was established: a token is for scripts, and forms need a session.
    var signedInByToken = false
    /// Who issued the token the request came with, when it came with one.
    var tokenIssuer: String?
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

extension AppContext {
    /// The `:year` of the route, only as a year is written: four digits, no sign or leading
    /// zeros. `/tables/0002025/…` names no table (each spelling of one would otherwise be a
    /// page of its own, to cache and to log).
    var fiscalYear: Int? {
        guard let text = parameters.get("year"), text.utf8.count == 4, text.utf8.first != UInt8(ascii: "0"),
              text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}

extension AppContext {
    /// The `:month` of a monitoring route: 1–12, written without a leading zero.
    var month: Int? {
        guard let text = parameters.get("month"), let month = Int(text), (1...12).contains(month), String(month) == text else { return nil }
        return month
    }

    /// The report a monitoring route names.
    var reportKey: SiteURL.ReportKey? {
        guard let year = fiscalYear, let month, let department = parameters.get("department").map(WebPath.decode) else { return nil }
        return SiteURL.ReportKey(year: year, month: month, department: department)
    }
}

extension AppContext {
    /// The name the audit log records for what this request changes: the account's login,
    /// and when it acts through a token someone else issued (an administrator may issue one
    /// for any account), who that was — so the log never shows the account alone for what an
    /// administrator did in its name.
    var actor: String {
        guard let identity else { return "" }
        if signedInByToken, let issuer = tokenIssuer, issuer != identity.login { return "\(identity.login)（经 \(issuer) 签发的令牌）" }
        return identity.login
    }
}
