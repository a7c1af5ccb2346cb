import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore

/// `/api/v1`: the tables as data. Anonymous callers read what is published; a session or an
/// API token (`Authorization: Bearer jx_…`) reads what that account may (`Access`). Lists
/// are paged (`page`, `per_page`); a table is the JSON format
/// (`schemas/budget-table.schema.json`); its review findings are the findings format.
/// Errors are RFC 9457 problem documents.
struct TableAPI {
    let tables: PublishedTables
    /// Tables read unpublished: reviewed and rendered once per version.
    let reviewed: ReviewedTables
    let repository: any TableRepository

    /// The operations of `Resources/openapi.json` this type answers, by `operationId`.
    var handlers: [String: OpenAPIRoutes.Handler] {
        [
            "listTables": { request, context in try await list(request, context) },
            "getTable": { request, context in
                try await document(request, context, kind: "json", suffix: "", render: { TableJSON.write($0) },
                                   unpublished: { entry in entry.part("api-json") { String(decoding: TableJSON.write(entry.table), as: UTF8.self) } })
            },
            "getFindings": { request, context in
                // The fiscal year's review settings are part of what is cached: a change of them is a new rendering.
                let year = context.fiscalYear ?? 0
                let (settings, version) = try await tables.reviewSettings(year: year)
                @Sendable func report(_ table: BudgetTable, _ findings: [Finding]) throws -> [UInt8] {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    return try encoder.encode(ReviewReport(file: nil, table: table, findings: findings)).map { $0 }
                }
                return try await document(request, context, kind: "findings@\(version)", suffix: "/findings",
                                          render: { table in try report(table, Review.run(table, settings: settings)) },
                                          unpublished: { entry in try entry.part("api-findings") { String(decoding: try report(entry.table, entry.findings), as: UTF8.self) } })
            },
            // The counts are of the tables the caller may read: counting drafts told anyone that
            // unpublished tables exist.
            "listDepartments": { _, context in
                let departments = try await repository.accounts.departments()
                let counts = Dictionary(grouping: try await readable(context), by: \.department).mapValues(\.count)
                var response = APIDocument.response(APIDocument.Items(items: departments.map { APIDocument.Department(id: $0.id, name: $0.name, tables: counts[$0.name] ?? 0) }))
                if context.identity != nil { response.headers[.cacheControl] = "private, no-store" }
                return response
            },
            "listYears": { _, context in
                let years = try await repository.accounts.fiscalYears()
                let counts = Dictionary(grouping: try await readable(context), by: \.fiscalYear).mapValues(\.count)
                var response = APIDocument.response(APIDocument.Items(items: years.map { APIDocument.Year(year: $0.year, tables: counts[$0.year] ?? 0) }))
                if context.identity != nil { response.headers[.cacheControl] = "private, no-store" }
                return response
            },
            "getMe": { _, context in
                guard let account = context.identity else { return Self.problem(.unauthorized, "not signed in: send a session cookie or an API token") }
                return APIDocument.response(APIDocument.Me(login: account.login, display_name: account.displayName, role: account.role.rawValue, department: account.department))
            },
        ]
    }

    /// What this caller may read: published tables from the cache for everyone; for a
    /// signed-in caller also the stored tables `Access` lets them read, as stored (a table under
    /// correction they may read is listed as it is now, one they may not as published).
    func readable(_ context: AppContext) async throws -> [TableSummary] {
        let published = try await tables.list()
        guard let account = context.identity else { return published }
        let stored = try await repository.listTables().filter { Access.mayRead(account, $0) }
        let storedKeys = Set(stored.map { "\($0.fiscalYear)|\($0.department)" })
        return (stored + published.filter { !storedKeys.contains("\($0.fiscalYear)|\($0.department)") })
            .sorted { ($0.fiscalYear, $0.department) < ($1.fiscalYear, $1.department) }
    }

    func list(_ request: Request, _ context: AppContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        // A parameter that is there but not a number is an error, not the default; a page
        // beyond a million is refused before (page - 1) × per_page can overflow.
        guard let page = parameters.get("page").map({ Int($0) }) ?? 1, let perPage = parameters.get("per_page").map({ Int($0) }) ?? 50,
              (1...1_000_000).contains(page), (1...500).contains(perPage) else {
            return Self.problem(.badRequest, "page must be a whole number from 1 to 1,000,000 and per_page from 1 to 500")
        }
        let all = try await readable(context)
        let items = all.dropFirst((page - 1) * perPage).prefix(perPage).map { summary in
            APIDocument.TableList.Item(department: summary.department, fiscal_year: summary.fiscalYear, state: summary.state.rawValue,
                                       units: summary.unitCount, projects: summary.projectCount, version: summary.version,
                                       links: .init(page: summary.path, table: "/api/v1" + summary.path, findings: "/api/v1" + summary.path + "/findings"),
                                       total_fen: summary.total?.total.fen)
        }
        var response = APIDocument.response(APIDocument.TableList(items: Array(items), page: page, per_page: perPage, total: all.count))
        if context.identity != nil { response.headers[.cacheControl] = "private, no-store" }
        return response
    }

    /// The one table the path names as this caller may read it: as stored if `Access` lets them
    /// read it unpublished, else as published (nil: neither).
    func readable(_ context: AppContext, department: String, year: Int) async throws -> TableSummary? {
        if let account = context.identity, let summary = try await repository.summary(department: department, year: year), Access.mayRead(account, summary) {
            return summary
        }
        return try await tables.summary(department: department, year: year)
    }

    /// `suffix` follows the table's path in the URL (`/findings`), for the cache's canonical key.
    /// A published table is rendered by `render` and cached per revision; one read unpublished
    /// by `unpublished`, from its reviewed entry (drafts under review: the findings with the year before).
    func document(_ request: Request, _ context: AppContext, kind: String, suffix: String,
                  render: @escaping @Sendable (BudgetTable) throws -> [UInt8],
                  unpublished: (ReviewedTables.Entry) throws -> String) async throws -> Response {
        // Made only when needed: a problem document is an encoder's run.
        var notFound: Response { Self.problem(.notFound, "no table you may read for this department and year") }
        guard let year = context.fiscalYear, let department = context.parameters.get("department").map(WebPath.decode) else {
            return notFound
        }
        // A signed-in caller reads the table as it is now if they may read it unpublished (a
        // table under correction is published as it was, and being changed).
        var live: TableSummary?
        if let account = context.identity, let summary = try await repository.summary(department: department, year: year), Access.mayRead(account, summary) {
            live = summary
        }
        if live?.state ?? .published == .published, let summary = try await tables.summary(department: department, year: year) {
            // Published: cached per version, with an ETag.
            let etag = summary.etag("api-" + kind)
            if let notModified = PublicSite.notModified(request.headers, etag) { return notModified }
            guard let bytes = try await tables.bytes(summary, format: "api-" + kind, render: render) else { return notFound }
            let response = Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .eTag: etag, .cacheControl: "public, max-age=60"],
                                    body: .init(byteBuffer: bytes))
            tables.remember(request, response, body: bytes, canonical: "/api/v1" + summary.path + suffix)
            return response
        }
        // Not published: only for those who may read it, never in a shared cache.
        guard let summary = live else { return notFound }
        let entry = try await reviewed.entry(summary)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: try unpublished(entry))))
    }

    static func problem(_ status: HTTPResponse.Status, _ detail: String) -> Response {
        APIDocument.response(APIDocument.Problem(title: status.reasonPhrase, status: status.code, detail: detail), status: status, type: "application/problem+json")
    }
}
