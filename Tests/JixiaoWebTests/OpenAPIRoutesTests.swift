import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoTestSupport
import Testing
@testable import JixiaoWeb

/// The API's routes come from `Resources/openapi.json` (issue 15): every operation it
/// describes has a handler and every handler an operation, and each answers at the path and
/// method the document gives it — so the document and the server cannot drift.
@Suite struct OpenAPIRoutesTests {
    @Test func everyOperationHasItsHandlerAndEveryHandlerItsOperation() async throws {
        let store = try await Store.open(TemporaryDatabase.sqliteURL("openapi"))
        let tables = PublishedTables(repository: store)
        let handlers = OpenAPIRoutes.handlers(tables: tables, reviewed: ReviewedTables(repository: store, tables: tables), repository: store,
                                              bulkDirectory: BulkDownloads.temporaryDirectory())
        let (unhandled, undescribed) = OpenAPIRoutes.mismatches(handlers)
        #expect(unhandled.isEmpty && undescribed.isEmpty, "no handler: \(unhandled); not in openapi.json: \(undescribed)")
        #expect(OpenAPIRoutes.operations.count == 28 && Set(OpenAPIRoutes.operations.map(\.operationId)).count == 28)
        // A handler the document does not know would be caught the same way.
        var extra = handlers
        extra["undocumentedExport"] = { _, _ in Response(status: .ok) }
        #expect(OpenAPIRoutes.mismatches(extra).undescribed == ["undocumentedExport"])
        try await store.close()
    }

    @Test func eachOperationAnswersAtItsPathAndMethod() async throws {
        try await DemoApp.with { setup in
            let path = PublicSiteTests.seedPath()
            for operation in OpenAPIRoutes.operations {
                let uri = operation.path.replacingOccurrences(of: "/tables/{year}/{department}", with: "/tables" + path.dropFirst("/tables".count))
                    .replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{year}", with: "2025")
                let (status, body) = try await setup.client.execute(uri: uri, method: operation.method) { ($0.status, String(buffer: $0.body)) }
                // Routed: never the router's own 404 for a path or method it does not know (a
                // problem whose detail is the bare reason), whatever the handler then answers.
                #expect(!(status == .notFound && body.contains(#""detail":"Not Found""#)), "\(operation.operationId) is not routed at \(operation.method) \(uri)")
            }
            let document = try await setup.client.execute(uri: "/openapi.json", method: .get) { Data(buffer: $0.body) }
            #expect(document == OpenAPIRoutes.document)
            // And the router's 404 is what the check above tells apart.
            #expect(try await setup.client.execute(uri: "/api/v1/nothing", method: .get) { String(buffer: $0.body) }.contains(#""detail":"Not Found""#))
            #expect(try await setup.client.execute(uri: "/api/v1/me", method: .delete) { String(buffer: $0.body) }.contains(#""detail":"Not Found""#))
        }
    }
}
