import Hummingbird
import JixiaoFormats
import JixiaoStore

/// Every path of the site, once. Routes are registered from a case's `route` (its pattern,
/// `:year` for a parameter) and links are built from the same case's `path` (its values,
/// percent-encoded), so a link cannot point where no route is. (The shape is
/// SwiftPackageIndex-Server's `SiteURL`.)
enum SiteURL: Sendable {
    case home
    case publicTable(TableKey)
    case publicDownload(TableKey, file: String)
    /// An earlier publication of a corrected table, to download.
    case publicRevision(TableKey, revision: Int, file: String)
    case adminSite
    case login
    case logout
    case account
    case accountPassword
    case workspace
    case workspaceTable(TableKey)
    case workspaceDownload(TableKey, file: String)
    case transitions(TableKey)
    case comments(TableKey)
    case upload(TableKey)
    case structure(TableKey)
    case newTable(TableKey)
    case yearFindings(year: Int)
    case project(TableKey, id: Int64)
    case projectHistory(TableKey, id: Int64)
    case adminUsers
    case adminUser(id: Int64)
    case adminUserPassword(id: Int64)
    case adminDepartments
    case adminYears
    case adminTokens
    case adminTokenRevoke(id: Int64)
    case adminRules
    case adminAudit
    case staticAsset(name: String)
    case openAPI
    /// A year's published tables in one file (`BulkDownloads`); routed from /openapi.json,
    /// where it is `/bulk/{year}.csv`.
    case bulk(year: Int, format: BulkFormat)
    /// 管理 › 运行监控: the rounds, opening one.
    case adminMonitoring
    case adminMonitoringRound(year: Int, month: Int)
    /// A round's overview: every department's report, its state and lights.
    case monitoringRound(year: Int, month: Int)
    /// A round's 监控表 of every department the reader may read, in one workbook.
    case monitoringRoundDownload(year: Int, month: Int, file: String)
    /// A department's report in a round, and what is done to it.
    case monitoringReport(ReportKey)
    case monitoringProject(ReportKey, id: Int64)
    case monitoringPreview(ReportKey, id: Int64)
    case monitoringTransitions(ReportKey)
    case monitoringComments(ReportKey)
    case monitoringUpload(ReportKey)
    case monitoringDownload(ReportKey, file: String)

    /// A department's report's place in a path: `{year}/{month}/{department}`.
    struct ReportKey: Sendable, Hashable {
        var year: Int
        var month: Int
        var department: String

        static let any = ReportKey(year: 0, month: 0, department: "")
    }

    /// A table's place in a path: `{year}/{department}`.
    struct TableKey: Sendable {
        var year: Int
        var department: String

        init(year: Int, department: String) {
            self.year = year
            self.department = department
        }

        init(_ summary: TableSummary) { self.init(year: summary.fiscalYear, department: summary.department) }

        /// Stands for any table in a route pattern.
        static let any = TableKey(year: 0, department: "")
    }

    enum Segment {
        case literal(String)
        case parameter(String, String)
    }

    var segments: [Segment] {
        func table(_ key: TableKey) -> [Segment] { [.literal("tables"), .parameter("year", "\(key.year)"), .parameter("department", key.department)] }
        func workspace(_ key: TableKey, _ rest: Segment...) -> [Segment] { [.literal("workspace")] + table(key) + rest }
        func round(_ year: Int, _ month: Int) -> [Segment] {
            [.literal("workspace"), .literal("monitoring"), .parameter("year", "\(year)"), .parameter("month", "\(month)")]
        }
        func report(_ key: ReportKey) -> [Segment] { round(key.year, key.month) + [.parameter("department", key.department)] }
        switch self {
        case .home: return []
        case .publicTable(let key): return table(key)
        case .publicDownload(let key, let file): return table(key) + [.literal("download"), .parameter("file", file)]
        case .publicRevision(let key, let revision, let file):
            return table(key) + [.literal("revisions"), .parameter("revision", "\(revision)"), .literal("download"), .parameter("file", file)]
        case .login: return [.literal("login")]
        case .logout: return [.literal("logout")]
        case .account: return [.literal("account")]
        case .accountPassword: return [.literal("account"), .literal("password")]
        case .workspace: return [.literal("workspace")]
        case .workspaceTable(let key): return workspace(key)
        case .workspaceDownload(let key, let file): return workspace(key, .literal("download"), .parameter("file", file))
        case .transitions(let key): return workspace(key, .literal("transitions"))
        case .comments(let key): return workspace(key, .literal("comments"))
        case .upload(let key): return workspace(key, .literal("upload"))
        case .structure(let key): return workspace(key, .literal("structure"))
        case .newTable(let key): return workspace(key, .literal("create"))
        case .yearFindings(let year): return [.literal("workspace"), .literal("findings"), .parameter("year", "\(year)")]
        case .project(let key, let id): return workspace(key, .literal("projects"), .parameter("id", "\(id)"))
        case .projectHistory(let key, let id): return workspace(key, .literal("projects"), .parameter("id", "\(id)"), .literal("history"))
        case .adminUsers: return [.literal("admin"), .literal("users")]
        case .adminUser(let id): return [.literal("admin"), .literal("users"), .parameter("id", "\(id)")]
        case .adminUserPassword(let id): return [.literal("admin"), .literal("users"), .parameter("id", "\(id)"), .literal("password")]
        case .adminDepartments: return [.literal("admin"), .literal("departments")]
        case .adminYears: return [.literal("admin"), .literal("years")]
        case .adminTokens: return [.literal("admin"), .literal("tokens")]
        case .adminTokenRevoke(let id): return [.literal("admin"), .literal("tokens"), .parameter("id", "\(id)"), .literal("revoke")]
        case .adminRules: return [.literal("admin"), .literal("rules")]
        case .adminAudit: return [.literal("admin"), .literal("audit")]
        case .adminSite: return [.literal("admin"), .literal("site")]
        case .staticAsset(let name): return [.literal("static"), .parameter("name", name)]
        case .openAPI: return [.literal("openapi.json")]
        case .bulk(let year, let format): return [.literal("bulk"), .literal("\(year).\(format.rawValue)")]
        case .adminMonitoring: return [.literal("admin"), .literal("monitoring")]
        case .adminMonitoringRound(let year, let month): return [.literal("admin"), .literal("monitoring"), .parameter("year", "\(year)"), .parameter("month", "\(month)")]
        case .monitoringRound(let year, let month): return round(year, month)
        case .monitoringRoundDownload(let year, let month, let file): return round(year, month) + [.literal("download"), .parameter("file", file)]
        case .monitoringReport(let key): return report(key)
        case .monitoringProject(let key, let id): return report(key) + [.literal("projects"), .parameter("id", "\(id)")]
        case .monitoringPreview(let key, let id): return report(key) + [.literal("projects"), .parameter("id", "\(id)"), .literal("preview")]
        case .monitoringTransitions(let key): return report(key) + [.literal("transitions")]
        case .monitoringComments(let key): return report(key) + [.literal("comments")]
        case .monitoringUpload(let key): return report(key) + [.literal("upload")]
        case .monitoringDownload(let key, let file): return report(key) + [.literal("download"), .parameter("file", file)]
        }
    }

    /// The link: `/workspace/tables/2025/%E4%B8%AD…`.
    var path: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(_, let value): WebPath.encode(value)
            }
        }.joined(separator: "/")
    }

    /// The link with a query (`?notice=saved`), its values percent-encoded.
    func path(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0.0)=\(WebPath.encodeQuery($0.1))" }.joined(separator: "&")
    }

    /// The pattern the router matches: `workspace/tables/:year/:department`.
    var route: RouterPath {
        if segments.isEmpty { return "/" }
        return RouterPath(segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(let name, _): ":" + name
            }
        }.joined(separator: "/"))
    }
}

extension TableSummary {
    var key: SiteURL.TableKey { SiteURL.TableKey(self) }
}
