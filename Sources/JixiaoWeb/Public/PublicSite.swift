import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoStore

/// The pages anyone may read: the home page (published tables by year, searchable by
/// department and project name), each table's page, and its downloads in every format.
struct PublicSite {
    let tables: PublishedTables

    /// The formats a table downloads in: route name, label, file extension, Content-Type.
    static let downloads: [(format: TableFormat, label: String, ext: String, type: String)] = [
        (.xlsx, "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (.pdf, "PDF", "pdf", "application/pdf"),
        (.csv, "CSV", "csv", "text/csv; charset=utf-8"),
        (.json, "JSON", "json", "application/json; charset=utf-8"),
        (.text, "文本", "txt", "text/plain; charset=utf-8"),
        (.html, "网页", "html", "text/html; charset=utf-8"),
    ]

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.home.route) { request, context in try await home(request, context) }
        router.get(SiteURL.publicTable(.any).route) { request, context in try await page(request, context) }
        router.get(SiteURL.publicDownload(.any, file: "").route) { request, context in try await download(request, context) }
        router.get(SiteURL.publicRevision(.any, revision: 0, file: "").route) { request, context in try await download(request, context, earlier: true) }
    }

    func home(_ request: Request, _ context: AppContext) async throws -> Response {
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        var rows: [(TableSummary, [HomePage.Match])] = []
        for summary in try await tables.list() {
            guard !query.isEmpty else {
                rows.append((summary, []))
                continue
            }
            var matches: [HomePage.Match] = []
            if !summary.department.contains(query), let table = try await tables.table(summary) {
                for (u, unit) in table.units.enumerated() {
                    for (p, project) in unit.projects.enumerated() where project.name.contains(query) {
                        matches.append(.init(name: project.name, href: summary.path + "#" + TableHTML.projectAnchor(unit: u, project: p)))
                    }
                }
                if matches.isEmpty { continue }
            }
            rows.append((summary, matches))
        }
        let years = Dictionary(grouping: rows) { $0.0.fiscalYear }.sorted { $0.key > $1.key }.map { year, rows in
            HomePage.Year(year: year, tables: rows.map { summary, matches in
                HomePage.Row(department: summary.department, path: summary.path, units: summary.unitCount, projects: summary.projectCount,
                             total: summary.total.map { $0.total.formatted(in: .wanYuan) } ?? "—",
                             matches: Array(matches.prefix(5)), more: matches.count > 5 ? matches.count - 5 : nil, hasMatches: !matches.isEmpty)
            })
        }
        return Pages.response(HomePage(years: years, count: rows.count, query: query.isEmpty ? nil : query), context)
    }

    func page(_ request: Request, _ context: AppContext) async throws -> Response {
        let summary = try await published(context)
        let correction = CorrectionNote(try await tables.publications(department: summary.department, year: summary.fiscalYear))
        // Title and links are made only when a page is rendered, never for a cached page.
        @Sendable func page(_ table: String) -> TablePage {
            TablePage(title: "\(summary.department) \(summary.fiscalYear) 年度项目支出绩效目标表", table: table,
                      downloads: Self.downloads.map { .init(href: SiteURL.publicDownload(summary.key, file: "table.\($0.ext)").path, label: $0.label) },
                      correction: correction)
        }
        // A signed-in visitor's page has their header: built from the cached table HTML.
        guard context.identity == nil else {
            guard let fragment = try await tables.bytes(summary, format: "fragment", render: { Array(TableHTML.fragment($0).utf8) }) else { throw HTTPError(.notFound) }
            return Pages.response(page(String(buffer: fragment)), context)
        }
        let etag = summary.etag("page")
        if let notModified = Self.notModified(request.headers, etag) { return notModified }
        guard let bytes = try await tables.bytes(summary, format: "page", render: { table in
            Array(Pages.document(page(TableHTML.fragment(table)), nil).readableBytesView)
        }) else {
            throw HTTPError(.notFound)
        }
        var response = Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: bytes))
        response.headers[.eTag] = etag
        response.headers[.cacheControl] = "public, max-age=60"
        response.headers[.vary] = "Cookie"
        tables.remember(request, response, body: bytes, canonical: summary.path)
        return response
    }

    /// A download of the published table, or (`earlier`) of one of its earlier publications.
    func download(_ request: Request, _ context: AppContext, earlier: Bool = false) async throws -> Response {
        var summary = try await published(context)
        var canonical = summary.path
        if earlier {
            // Only revisions before the one now public: the current one has its own address.
            guard let revision = context.parameters.get("revision").flatMap(Int.init),
                  let publication = CorrectionNote.offered(try await tables.publications(department: summary.department, year: summary.fiscalYear))
                      .first(where: { $0.summary.revision == revision }) else {
                throw HTTPError(.notFound, message: "没有这一版公开的表")
            }
            summary = publication.summary
            canonical = summary.path + "/revisions/\(revision)"
        }
        let file = context.parameters.get("file") ?? ""
        guard let kind = Self.downloads.first(where: { "table." + $0.ext == file }) else { throw HTTPError(.notFound) }
        let etag = summary.etag(kind.ext)
        if let notModified = Self.notModified(request.headers, etag) { return notModified }
        let printer = tables.printer
        let format = kind.format
        let render: @Sendable (BudgetTable) async throws -> [UInt8]
        if format == .pdf {
            render = { try await printer.print($0) }
        } else {
            render = { try format.write($0) }
        }
        guard let bytes = try await tables.bytes(summary, format: kind.ext, render: render) else {
            throw HTTPError(.notFound)
        }
        var response = Self.attachmentResponse(summary, kind, bytes, edition: earlier ? "（第\(summary.revision)版）" : "")
        response.headers[.eTag] = etag
        response.headers[.cacheControl] = "public, max-age=60"
        tables.remember(request, response, body: bytes, canonical: "\(canonical)/download/\(file)")
        return response
    }

    /// A rendering as a download named like the official table, in Chinese (RFC 5987).
    static func attachmentResponse(_ summary: TableSummary, _ kind: (format: TableFormat, label: String, ext: String, type: String), _ bytes: ByteBuffer,
                                   edition: String = "") -> Response {
        let name = "\(summary.department)\(summary.fiscalYear)年度项目支出绩效目标表\(edition).\(kind.ext)"
        return Response(
            status: .ok,
            headers: [.contentType: kind.type, .contentDisposition: attachment(name, fallback: "jixiao-\(summary.fiscalYear).\(kind.ext)")],
            body: .init(byteBuffer: bytes)
        )
    }

    /// The published table the path names, or 404 (drafts and unknown tables alike).
    func published(_ context: AppContext) async throws -> TableSummary {
        guard let year = context.fiscalYear, let department = context.parameters.get("department"),
              let summary = try await tables.summary(department: WebPath.decode(department), year: year) else {
            throw HTTPError(.notFound, message: "没有这张公开的表")
        }
        return summary
    }

    static func notModified(_ headers: HTTPFields, _ etag: String) -> Response? {
        guard let match = headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0 == "*" }) else {
            return nil
        }
        return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: "public, max-age=60"])
    }

    /// RFC 6266 with RFC 5987's `filename*` for the Chinese name, and an ASCII fallback.
    static func attachment(_ name: String, fallback: String) -> String {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: WebPath.asciiAlphanumerics(plus: "!#$&+-.^_`|~")) ?? fallback
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}
