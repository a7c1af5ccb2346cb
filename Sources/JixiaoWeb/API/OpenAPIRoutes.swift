import Foundation
import Hummingbird
import JixiaoStore

/// The API's one source: `Resources/openapi.json`. Its paths and methods are the routes — the
/// server registers each operation from the document, with the handler its `operationId`
/// names — so a handler the document does not describe, or an operation without a handler,
/// cannot be served (assembling the app stops, and `OpenAPIRoutesTests` says which). What
/// each operation takes and answers is checked against the same document by schemathesis in
/// `.ci/run`, on both databases.
enum OpenAPIRoutes {
    typealias Handler = @Sendable (Request, AppContext) async throws -> Response

    struct Operation: Sendable {
        var method: HTTPRequest.Method
        /// As the document writes it: `/api/v1/tables/{year}/{department}`.
        var path: String
        var operationId: String

        /// As the router matches it: `/api/v1/tables/:year/:department`.
        var route: RouterPath {
            RouterPath(path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
            }.joined(separator: "/"))
        }
    }

    /// The document as served at `/openapi.json`.
    static let document: Data = {
        guard let data = FileManager.default.contents(atPath: Resources.url("openapi.json").path) else {
            fatalError("Resources/openapi.json is missing from the JixiaoWeb bundle")
        }
        return data
    }()

    /// Every operation the document describes, in its order of paths, then methods.
    static let operations: [Operation] = {
        struct PathItem: Decodable {
            struct Described: Decodable { var operationId: String }
            var get, put, post, delete, patch: Described?
        }
        struct Document: Decodable { var paths: [String: PathItem] }
        guard let document = try? JSONDecoder().decode(Document.self, from: document) else {
            fatalError("Resources/openapi.json: every operation needs an operationId")
        }
        return document.paths.sorted { $0.key < $1.key }.flatMap { path, item in
            [(HTTPRequest.Method.get, item.get), (.put, item.put), (.post, item.post), (.delete, item.delete), (.patch, item.patch)]
                .compactMap { method, described in described.map { Operation(method: method, path: path, operationId: $0.operationId) } }
        }
    }()

    /// Every handler the document's operations name, by operationId.
    static func handlers(tables: PublishedTables, reviewed: ReviewedTables, repository: any TableRepository, notifications: Notifications = .off,
                         bulkDirectory: String, metricsFrom: Set<String> = WebConfiguration.loopback) -> [String: Handler] {
        let api = TableAPI(tables: tables, reviewed: reviewed, repository: repository)
        return api.handlers
            .merging(WorkflowAPI(repository: repository, api: api, notifications: notifications).handlers) { a, _ in a }
            .merging(ServiceAPI(repository: repository, metricsFrom: metricsFrom).handlers) { a, _ in a }
            .merging(BulkDownloads(tables: tables, directory: bulkDirectory).handlers) { a, _ in a }
            .merging(MonitoringAPI(repository: repository, reports: MonitoringReports(repository: repository, reviewed: reviewed, tables: tables),
                                   notifications: notifications).handlers) { a, _ in a }
    }

    /// The operation ids with no handler, and the handlers no operation names.
    static func mismatches(_ handlers: [String: Handler]) -> (unhandled: [String], undescribed: [String]) {
        let described = Set(operations.map(\.operationId))
        return (operations.map(\.operationId).filter { handlers[$0] == nil }, handlers.keys.filter { !described.contains($0) }.sorted())
    }

    /// Registers every operation of the document with its handler.
    static func register(_ handlers: [String: Handler], on router: Router<AppContext>) {
        let (unhandled, undescribed) = mismatches(handlers)
        // Assembling the app is where a drift shows: every test and the first start stop here.
        precondition(unhandled.isEmpty && undescribed.isEmpty,
                     "openapi.json and the handlers disagree: no handler for \(unhandled), not in the document: \(undescribed)")
        for operation in operations {
            guard let handler = handlers[operation.operationId] else { continue }
            router.on(operation.route, method: operation.method) { request, context in try await handler(request, context) }
        }
    }
}
