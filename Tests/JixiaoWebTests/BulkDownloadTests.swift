import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// 下载全部 (issue 17): `/bulk/{year}.csv`, `.jsonl` and `.xlsx` hold every table published
/// for the year and nothing else, are built once per change of the published list and kept
/// on disk, and are gzipped for a client that accepts it. On both databases.
@Suite struct BulkDownloadTests {
    @Test(arguments: Backend.allCases) func theYearsFilesHoldThePublishedTablesOnly(_ backend: Backend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bulk-web-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await DemoApp.with(backend, configure: { $0.bulkDirectory = directory }) { app in
            let client = app.client
            let visitor = Browser(client)
            let stored = try await app.store.listTables(department: nil, year: 2025)
            let published = Set(stored.filter { $0.state == .published }.map(\.department))
            #expect(published.count == 2 && published.contains(app.demo.seedDepartment))

            // The home page links each format of the year.
            let home = try await visitor.get("/").text
            for format in BulkFormat.allCases { #expect(home.contains("href=\"/bulk/2025.\(format.rawValue)\"")) }

            // Each format: the published tables, each as its own download reads, in department order.
            var tables: [String: BudgetTable] = [:]
            for department in published {
                let json = try await visitor.get(PublicSiteTests.tablePath(department, "/download/table.json"))
                tables[department] = try TableJSON.read(json.bytes).table
            }
            let expected = published.sorted().map { tables[$0]! }
            for format in BulkFormat.allCases {
                let file = try await visitor.get("/bulk/2025.\(format.rawValue)")
                #expect(file.status == .ok && file.headers[.contentType] == format.contentType)
                #expect(file.headers[.contentDisposition]?.contains("filename*=UTF-8''2025%E5%B9%B4") == true)
                #expect(try BulkReader.read(file.bytes, format: format).map(\.table) == expected, "\(format)")
            }
            #expect(try await visitor.get("/bulk/2031.csv").status == .notFound)
            #expect(try await visitor.get("/bulk/20x5.csv").status == .notFound)

            // The second request is answered from the file on disk, not built again.
            let csvPath = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".csv") })
            let built = try FileManager.default.attributesOfItem(atPath: directory + "/" + csvPath)
            let again = try await visitor.get("/bulk/2025.csv")
            let after = try FileManager.default.attributesOfItem(atPath: directory + "/" + csvPath)
            #expect(again.status == .ok && built[.modificationDate] as? Date == after[.modificationDate] as? Date
                    && built[.systemFileNumber] as? Int == after[.systemFileNumber] as? Int)
            let etag = try #require(again.headers[.eTag])
            #expect(try await client.execute(uri: "/bulk/2025.csv", method: .get, headers: [.ifNoneMatch: etag]) { $0.status } == .notModified)

            // gzip for a client that takes it, the same bytes inside; never for one that refuses it.
            let zipped = try await client.execute(uri: "/bulk/2025.csv", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"]) { $0 }
            #expect(zipped.headers[.contentEncoding] == "gzip" && zipped.headers[.vary] == "Accept-Encoding")
            let unzipped = try ProcessRunner.run("/usr/bin/gzip", ["-dc"], stdin: Data(zipped.body.readableBytesView))
            #expect(Array(unzipped.stdout) == again.bytes)
            let refused = try await client.execute(uri: "/bulk/2025.csv", method: .get, headers: [.acceptEncoding: "gzip;q=0"]) { $0 }
            #expect(refused.headers[.contentEncoding] == nil && Array(refused.body.readableBytesView) == again.bytes)
            let workbook = try await client.execute(uri: "/bulk/2025.xlsx", method: .get, headers: [.acceptEncoding: "gzip"]) { $0 }
            #expect(workbook.headers[.contentEncoding] == nil)

            // Publishing another table is a new generation: the new file holds it, the old is gone.
            let approved = try #require(stored.first { $0.state == .approved })
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let page = "/workspace" + PublicSiteTests.tablePath(approved.department)
            #expect(try await reviewer.submit(page + "/transitions", from: page, [("action", "publish"), ("from", "approved"), ("comment", "")]).status == .seeOther)
            let newer = try await visitor.get("/bulk/2025.csv")
            #expect(newer.headers[.eTag] != etag)
            #expect(Set(try BulkReader.read(newer.bytes, format: .csv).map(\.table.department)) == published.union([approved.department]))
            let csvFiles = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".csv") }
            #expect(csvFiles.count == 1 && csvFiles != [csvPath])
        }
    }
}
