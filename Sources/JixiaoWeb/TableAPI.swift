import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore

/// `/api/v1`: the published tables as data. Lists are paged (`page`, `per_page`); a table
/// is the JSON format (`schemas/budget-table.schema.json`); its review findings are the
/// findings format. Errors are RFC 9457 problem documents.
struct TableAPI {
    let tables: PublishedTables

    func register(on group: RouterGroup<BasicRequestContext>) {
        group.get("tables") { request, _ in try await list(request) }
        group.get("tables/:year/:department") { request, context in
            try await document(request, context, kind: "json") { TableJSON.write($0) }
        }
        group.get("tables/:year/:department/findings") { request, context in
            try await document(request, context, kind: "findings") { table in
                let report = ReviewReport(file: nil, table: table, findings: Review.run(table))
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                return try encoder.encode(report).map { $0 }
            }
        }
    }

    func list(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        // A parameter that is there but not a number is an error, not the default; a page
        // beyond a million is refused before (page - 1) × per_page can overflow.
        guard let page = parameters.get("page").map({ Int($0) }) ?? 1, let perPage = parameters.get("per_page").map({ Int($0) }) ?? 50,
              (1...1_000_000).contains(page), (1...500).contains(perPage) else {
            return Self.problem(.badRequest, "page must be a whole number from 1 to 1,000,000 and per_page from 1 to 500")
        }
        let all = try await tables.list()
        let items = all.dropFirst((page - 1) * perPage).prefix(perPage).map { summary -> [String: Any] in
            var item: [String: Any] = [
                "department": summary.department, "fiscal_year": summary.fiscalYear, "state": summary.state.rawValue,
                "units": summary.unitCount, "projects": summary.projectCount, "version": summary.version,
                "links": ["page": summary.path, "table": "/api/v1" + summary.path, "findings": "/api/v1" + summary.path + "/findings"],
            ]
            if let total = summary.total { item["total_fen"] = total.total.fen }
            return item
        }
        return Self.json(["items": items, "page": page, "per_page": perPage, "total": all.count])
    }

    func document(_ request: Request, _ context: BasicRequestContext, kind: String, render: @escaping @Sendable (BudgetTable) throws -> [UInt8]) async throws -> Response {
        guard let year = context.parameters.get("year", as: Int.self), let department = context.parameters.get("department"),
              let summary = try await tables.summary(department: WebPath.decode(department), year: year) else {
            return Self.problem(.notFound, "no published table for this department and year")
        }
        let etag = summary.etag("api-" + kind)
        if let notModified = PublicSite.notModified(request, etag) { return notModified }
        guard let bytes = try await tables.bytes(summary, format: "api-" + kind, render: render) else {
            return Self.problem(.notFound, "no published table for this department and year")
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .eTag: etag, .cacheControl: "public, max-age=60"],
                        body: .init(byteBuffer: bytes))
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok, type: String = "application/json; charset=utf-8") -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func problem(_ status: HTTPResponse.Status, _ detail: String) -> Response {
        json(["type": "about:blank", "title": status.reasonPhrase, "status": status.code, "detail": detail],
             status: status, type: "application/problem+json")
    }
}
