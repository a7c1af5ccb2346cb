import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoTestSupport
import JixiaoWeb
import Logging
import Testing

/// The web app on PostgreSQL (issue 14, finding 1): a crawler's 32 first requests for
/// different downloads, and 32 signed-in table views at once, left every pooled connection
/// waiting for another and the server answering nothing, ever again.
@Suite struct PostgresWebTests {
    /// A deadlock fails the test at its time limit instead of hanging the run.
    @Test(.timeLimit(.minutes(2))) func manyFirstRequestsAtOnceAreAllAnswered() async throws {
        // A database of its own (the demo's departments and accounts would collide with other
        // suites' in the shared one); skipped without PostgreSQL outside CI.
        try await DemoApp.with(.postgres) { setup in
            let client = setup.client
            let published = try await client.execute(uri: "/api/v1/tables?per_page=500", method: .get) { response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            let pages = ((published?["items"] as? [[String: Any]]) ?? []).compactMap { ($0["links"] as? [String: String])?["page"] }
            #expect(pages.count >= 7)
            let downloads = pages.flatMap { page in ["xlsx", "csv", "json", "txt", "html"].map { "\(page)/download/table.\($0)" } }.prefix(32)
            #expect(downloads.count == 32)
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let views = try await reviewer.get("/workspace").text.components(separatedBy: "href=\"").dropFirst()
                .map { String($0.prefix { $0 != "\"" }) }.filter { $0.hasPrefix("/workspace/tables/") && !$0.contains("?") }
            #expect(views.count >= 10)
            let cookies = reviewer.cookies
            try await withThrowingTaskGroup(of: (String, HTTPResponse.Status).self) { group in
                for path in downloads {
                    group.addTask { (path, try await client.execute(uri: path, method: .get) { $0.status }) }
                }
                for i in 0..<32 {
                    group.addTask {
                        // A browser each (cookies are a browser's own state), signed in as the reviewer.
                        let browser = Browser(client)
                        browser.cookies = cookies
                        let path = views[i % views.count]
                        return (path, try await browser.get(path).status)
                    }
                }
                for try await (path, status) in group { #expect(status == .ok, "\(path)") }
            }
            #expect(try await client.execute(uri: "/healthz", method: .get) { String(buffer: $0.body) } == "ok\n")
        }
    }
}
