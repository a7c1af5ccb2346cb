import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import JixiaoStore
import Logging

public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Mark cookies `Secure` (when the site is served over HTTPS, e.g. behind a proxy).
    public var secureCookies: Bool
    /// bcrypt's cost for new passwords (2^cost rounds; 12 is about a quarter of a second).
    public var passwordCost: Int

    /// Addresses of reverse proxies whose `X-Forwarded-For` names the real client (for the
    /// sign-in limit and the log); nobody else's header is believed.
    public var trustedProxies: [String]
    /// Open connections one client address may hold (trusted proxies are exempt).
    public var connectionsPerAddress = 128
    /// How long a client may take to send a request's head and body, or stay idle between requests.
    var readDeadlines = ReadDeadlines.Limits()
    /// How stale the list of published tables may be (`PublishedTables`).
    public var publishedListLifetime = PublishedTables.defaultListLifetime
    /// The clock that list ages by.
    public var clock = WebClock.system
    /// The relay for the workflow's e-mail; nil: no e-mail (待办 only).
    public var mail: MailSettings?
    /// Where the year files of `/bulk` are kept (`BulkDownloads`); nil: a directory of this
    /// server's own under the system's temporary directory, so two servers on different
    /// databases never share one.
    public var bulkDirectory: String?
    /// The addresses `/metrics` answers (Prometheus's); anyone else, and anything that came
    /// through a proxy, gets 404.
    public var metricsFrom: Set<String> = WebConfiguration.loopback
    public static let loopback: Set<String> = ["127.0.0.1", "::1"]

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, passwordCost: Int = 12, trustedProxies: [String] = []) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.passwordCost = passwordCost
        self.trustedProxies = trustedProxies
    }
}

/// The one place the server is assembled: `jixiao serve`, the tests and the benchmarks all
/// build it here. Routes: the public pages (`PublicSite`), signing in (`SignIn`), the
/// workspace (`Workspace`), the admin pages, the JSON API under `/api/v1` (`TableAPI`),
/// `/openapi.json` and `/healthz`.
public func buildApplication(_ configuration: WebConfiguration, repository: any TableRepository, logger: Logger) -> some ApplicationProtocol {
    assembleApplication(configuration, repository: repository, logger: logger).application
}

/// The application and its published tables, whose cache the tests look into.
func assembleApplication(_ configuration: WebConfiguration, repository: any TableRepository, logger: Logger)
    -> (application: some ApplicationProtocol, tables: PublishedTables) {
    // HEAD answered by every GET route (link checkers, `curl -I`).
    let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
    let accounts = repository.accounts
    // Requests by route, method and status, and their latency, for /metrics (`Monitoring`).
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeaders(hsts: configuration.secureCookies))
    router.add(middleware: ErrorPages())
    router.add(middleware: RequestLimits())
    router.add(middleware: SessionMiddleware(
        storage: SessionDriver(accounts: accounts),
        configuration: .init(
            sessionCookieParameters: .init(name: SignIn.sessionCookie, path: "/", secure: configuration.secureCookies, sameSite: .lax),
            keyPrefix: SignIn.sessionKeyPrefix, defaultSessionExpiration: SignIn.sessionLifetime)))
    router.add(middleware: Authenticate(accounts: accounts))
    router.add(middleware: RequestLog(clientAddress: ClientAddress(trustedProxies: Set(configuration.trustedProxies))))
    // Again inside the session, so an error page knows who is signed in and shows their header
    // (工作台, 退出); the outer one answers what fails before (limits, the session store).
    router.add(middleware: ErrorPages())
    let tables = PublishedTables(repository: repository, listLifetime: configuration.publishedListLifetime, clock: configuration.clock,
                                 hsts: configuration.secureCookies)

    // Who may come in is decided once per group of routes: the workspace for anyone signed in
    // (anonymous visitors are sent to sign in), 管理 for the administrator; the public pages,
    // signing in and the API (which answers anonymous callers and tokens itself) for all.
    let signedIn = router.group().add(middleware: RequireAccount())
    let administrator = router.group().add(middleware: RequireRole(.admin))

    PublicSite(tables: tables).register(on: router)
    StaticAssets.shared.register(on: router)
    SignIn(accounts: accounts, throttle: LoginThrottle(attempts: accounts.signInAttempts), configuration: configuration).register(on: router)
    let notifications = Notifications(settings: configuration.mail, accounts: accounts, logger: logger)
    let reviewed = ReviewedTables(repository: repository, tables: tables)
    let workspace = Workspace(repository: repository, tables: tables, reviewed: reviewed, notifications: notifications)
    workspace.register(on: signedIn)
    ProjectEditor(repository: repository, workspace: workspace).register(on: signedIn)
    ProjectHistory(repository: repository, workspace: workspace).register(on: signedIn)
    AdminUsers(accounts: accounts, siteSettings: repository.siteSettings, passwordCost: configuration.passwordCost).register(on: administrator)
    AdminDirectory(accounts: accounts).register(on: administrator)
    AdminTokens(accounts: accounts).register(on: administrator)
    let monitoringReports = MonitoringReports(repository: repository, reviewed: reviewed, tables: tables)
    AdminRules(repository: repository, tables: tables, monitoring: monitoringReports).register(on: administrator)
    AdminAudit(repository: repository).register(on: administrator)
    AdminMonitoring(repository: repository).register(on: administrator)
    MonitoringDesk(repository: repository, reports: monitoringReports, notifications: notifications).register(on: signedIn)
    MonitoringOverview(repository: repository, reports: monitoringReports).register(on: signedIn)
    AdminSite(repository: repository, tables: tables,
              mail: configuration.mail?.summary ?? "未配置邮件服务器（jixiao serve --smtp）：通知只在工作台的“待办”中显示。").register(on: administrator)
    // The API's routes come from its document (`OpenAPIRoutes`), each to the handler its
    // operationId names.
    let operations = OpenAPIRoutes.handlers(tables: tables, reviewed: reviewed, repository: repository, notifications: notifications,
                                            bulkDirectory: configuration.bulkDirectory ?? BulkDownloads.temporaryDirectory(),
                                            metricsFrom: configuration.metricsFrom)
    OpenAPIRoutes.register(operations, on: router)
    router.get(SiteURL.openAPI.route) { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(data: OpenAPIRoutes.document)))
    }
    let serverName = "Jixiao"
    let application = Application(
        responder: CachedResponder(inner: router.buildResponder(), tables: tables),
        server: PublicHTTPChannel.builder(tables: tables, serverName: serverName,
                                          connections: ConnectionCounter(perAddress: configuration.connectionsPerAddress, exempt: Set(configuration.trustedProxies)),
                                          deadlines: configuration.readDeadlines),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        logger: logger
    )
    return (application, tables)
}

/// Headers every response carries: no framing, no sniffing, scripts and styles from this
/// site only (the table's cells carry a few inline styles).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// Served over HTTPS (`--secure-cookies`): browsers are told to come back only that way
    /// for a year (HSTS), so a first plain-HTTP request cannot be intercepted later.
    var hsts = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.apply(&response.headers, hsts: hsts)
        return response
    }

    static var strictTransportSecurity: HTTPField.Name { HTTPField.Name("Strict-Transport-Security")! }

    /// The headers, HSTS too when `hsts`: also for the responses the public cache answers
    /// without this middleware (`PublicCache`).
    static func apply(_ headers: inout HTTPFields, hsts: Bool) {
        if hsts { headers[strictTransportSecurity] = "max-age=31536000" }
        headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[frameOptions] = "DENY"
        headers[referrerPolicy] = "same-origin"
    }

    private static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }
    private static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
}
