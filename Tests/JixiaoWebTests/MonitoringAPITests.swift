import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoTestSupport
import Testing

/// `/api/v1/monitoring` as a department's script and a reviewer's would use it: read the report,
/// save a project over the version read (409 when someone saved first), submit, approve; the
/// public reads nothing until the round is published, then the approved reports.
@Suite struct MonitoringAPITests {
    static let report = "/api/v1/monitoring/2025/7/" + SeedFixture.department.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!

    static func object(_ page: Browser.Page) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(page.text.utf8)) as? [String: Any])
    }

    @Test(arguments: Backend.allCases) func aScriptReportsAndTheReviewerApproves(_ backend: Backend) async throws {
        try await DemoApp.with(backend) { setup in
            let admin = try await Browser.signedIn(setup.client, "admin")
            let editor = Browser(setup.client), rival = Browser(setup.client), reviewer = Browser(setup.client)
            editor.bearer = try await WorkflowAPITests.token("editor3", admin)
            rival.bearer = editor.bearer
            reviewer.bearer = try await WorkflowAPITests.token("reviewer", admin)

            var document = try Self.object(try await editor.get(Self.report))
            #expect(document["state"] as? String == "draft" && document["late"] as? Bool == true)
            let projects = try #require(document["projects"] as? [[String: Any]])
            #expect(projects.count == 11)
            let cooperation = try #require(projects.first { $0["name"] as? String == "对口协作工作经费" })
            #expect(cooperation["light"] as? String == "red" && cooperation["spent_fen"] as? Int == 300_000)
            let id = try #require(cooperation["id"] as? Int)
            let version = try #require(cooperation["entry_version"] as? Int)

            // Raised to 1.20 万元 with a correction for the impossible target: green money, no errors left.
            let body = #"{"version":\#(version),"annual_budget_fen":1500000,"spent_fen":1200000,"forecast_spent_fen":1500000,"#
                + #""indicators":[{"number":1,"reached":"50%","forecast":"60%","likelihood":"完全不可能","deviation":{"causes":["制度保障"]},"correction":"申请调整目标"},"#
                + #"{"number":2,"reached":"1次","likelihood":"确定能"}]}"#
            let saved = try await editor.json(Self.report + "/projects/\(id)", .put, body)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(try Self.object(saved)["money_light"] as? String == "green")
            // The same version again: someone saved first.
            let stale = try await rival.json(Self.report + "/projects/\(id)", .put, body)
            #expect(stale.status == .conflict && stale.headers[.contentType] == "application/problem+json")
            #expect(try Self.object(stale)["current_version"] as? Int == version + 1)
            // Bad input names the field.
            let bad = try await editor.json(Self.report + "/projects/\(id)", .put, #"{"version":\#(version + 1),"indicators":[{"number":9}]}"#)
            #expect(bad.status == .unprocessableContent && bad.text.contains("indicators[0].number"))
            let badCause = try await editor.json(Self.report + "/projects/\(id)", .put, #"{"version":\#(version + 1),"deviation":{"causes":["天气"]}}"#)
            #expect(badCause.status == .unprocessableContent && badCause.text.contains("deviation.causes"))

            // The other error (组织工作经费's overspend is a warning; 对口协作 was the only project with errors): submit, approve.
            let submitted = try await editor.json(Self.report + "/transitions", .post, #"{"action":"submit","from":"draft"}"#)
            #expect(submitted.status == .ok, "\(submitted.text)")
            #expect(try await editor.json(Self.report + "/transitions", .post, #"{"action":"approve"}"#).status == .forbidden)
            #expect(try await reviewer.json(Self.report + "/transitions", .post, #"{"action":"return","from":"submitted"}"#).status == .unprocessableContent,
                    "a return says why")
            let approved = try await reviewer.json(Self.report + "/transitions", .post, #"{"action":"approve","from":"submitted"}"#)
            document = try Self.object(approved)
            #expect(approved.status == .ok && document["state"] as? String == "approved")

            // The overview is the reviewers' until the round is published; then the public reads it and the approved report.
            let overview = try Self.object(try await reviewer.get("/api/v1/monitoring/2025/7"))
            let line = try #require((overview["departments"] as? [[String: Any]])?.first { $0["department"] as? String == SeedFixture.department })
            #expect(line["state"] as? String == "approved" && line["reported"] as? Int == 5)
            let anonymous = Browser(setup.client)
            #expect(try await anonymous.get("/api/v1/monitoring/2025/7").status == .notFound)
            #expect(try await anonymous.get(Self.report).status == .notFound)
            #expect((try Self.object(try await anonymous.get("/api/v1/monitoring"))["items"] as? [Any])?.isEmpty == true)
            try await setup.store.monitoring.update(year: 2025, month: 7, due: "2025-08-15", published: true, actor: "admin")
            #expect(try await anonymous.get("/api/v1/monitoring/2025/7").status == .ok)
            #expect(try await anonymous.get(Self.report).status == .ok)
            let draft = "/api/v1/monitoring/2025/7/" + setup.demo.draftDepartment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            #expect(try await anonymous.get(draft).status == .notFound, "a report not approved stays closed")
        }
    }
}
