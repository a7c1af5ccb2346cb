import ArgumentParser
import Foundation
import JixiaoStore
import JixiaoWeb
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web application: public tables, accounts and roles, the JSON API.",
        discussion: """
        With --demo, or on an empty database, it first loads the seed table and generated
        departments over two fiscal years; --demo also makes one account per role, with a
        password everyone knows (printed). On a database
        without any account it creates `admin` with a random password and prints it once.
        Logs one structured line per request on stderr. Stops gracefully on SIGTERM or Ctrl-C.

          jixiao serve --demo
          jixiao serve --database postgres://jixiao@127.0.0.1/jixiao --host 0.0.0.0 --port 80 --secure-cookies
          jixiao serve --smtp smtp://127.0.0.1:25 --mail-from "绩效目标管理 <jixiao@czj.example.gov.cn>" --site-url https://jixiao.example.gov.cn

        With --smtp, each workflow step mails the people it hands work to (those with an
        e-mail address): plain SMTP to the site's own relay, which does TLS onwards.
        """
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Flag(help: "Load the demo tables and accounts first.")
    var demo = false

    @Flag(help: "Mark cookies Secure: the site is served over HTTPS (e.g. behind a proxy).")
    var secureCookies = false

    @Option(name: .customLong("trusted-proxy"), help: "The address of a reverse proxy in front of the server whose X-Forwarded-For is believed (repeat for several).")
    var trustedProxies: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: ArgumentHelp("bcrypt cost for new passwords.", visibility: .hidden))
    var passwordCost = 12

    @Option(help: "The SMTP relay for notifications, smtp://HOST:PORT (off when not given).")
    var smtp: String?

    @Option(help: "The sender of notifications, e.g. \"绩效目标管理 <jixiao@czj.example.gov.cn>\" (with --smtp).")
    var mailFrom: String?

    @Option(help: "The site's address as people open it, for the links in notifications (with --smtp).")
    var siteURL: String?

    @Option(help: "Where the year files of /bulk are kept across restarts (default: a temporary directory of this server's own).")
    var bulkDir: String?

    @Option(help: "Remove audit log entries older than this many days, once a day, keeping a checkpoint (default: keep all).")
    var auditRetentionDays: Int?

    @Option(name: .customLong("metrics-from"), help: "An address that may read /metrics (repeat for several; default: this machine, 127.0.0.1 and ::1).")
    var metricsFrom: [String] = []

    @Option(help: "Read these options from a file first, one `name = value` a line (the command line's win).")
    var config: String?

    /// The mail settings the options give; nil without --smtp.
    func mail() throws -> MailSettings? {
        guard let smtp else {
            if mailFrom != nil || siteURL != nil { throw ValidationError("--mail-from and --site-url go with --smtp") }
            return nil
        }
        guard let mailFrom, let siteURL else { throw ValidationError("--smtp needs --mail-from and --site-url too") }
        switch MailSettings.parse(smtp: smtp, from: mailFrom, siteURL: siteURL) {
        case .success(let settings): return settings
        case .failure(let error): throw ValidationError(error.description)
        }
    }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
        guard (4...16).contains(passwordCost) else { throw ValidationError("--password-cost must be from 4 to 16") }
        if let auditRetentionDays, !(1...36_500).contains(auditRetentionDays) { throw ValidationError("--audit-retention-days: 1 to 36500") }
        _ = try mail()
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return handler
        }
        var logger = Logger(label: "jixiao")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        // Written at once, even into a file or pipe: the URL must show before the server blocks.
        func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        let trimming = MemoryTuning.forServing()
        defer { trimming.cancel() }
        try await reportingInputFailuresAsync {
            let store = try await database.open()
            for line in try await StoreError.reported({ try await FirstRun.prepare(store, demo: demo, passwordCost: passwordCost) }) { say(line) }
            var configuration = WebConfiguration(host: host, port: port, secureCookies: secureCookies, passwordCost: passwordCost, trustedProxies: trustedProxies)
            configuration.mail = try mail()
            configuration.bulkDirectory = bulkDir
            if !metricsFrom.isEmpty { configuration.metricsFrom = Set(metricsFrom) }
            Monitoring.bootstrap()
            let app = buildApplication(configuration, repository: store, logger: logger)
            say("绩效 Jixiao 已启动：http://\(host):\(port)/")
            if let mail = configuration.mail { say("  " + mail.summary) }
            say("  公开的表：http://\(host):\(port)/   登录：http://\(host):\(port)/login   数据接口：http://\(host):\(port)/openapi.json   健康检查：http://\(host):\(port)/healthz")
            // The audit log's entries sealed into its hash chain as they come (`AuditChain`).
            let (chain, sealingLogger, retention) = (store.auditChain, logger, auditRetentionDays)
            let sealing = Task { await chain.keepSealed(retentionDays: retention, logger: sealingLogger) }
            try await app.runService()
            sealing.cancel()
            await sealing.value
            // What the last requests wrote is sealed before the server goes.
            _ = try? await store.auditChain.seal(limit: .max)
            try await store.close()
        }
    }
}
