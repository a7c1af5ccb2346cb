import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoWeb
import Testing

/// The workflow through `/api/v1` with API tokens, as a department's script and a reviewer's
/// would use it: read a project with its version, save it, lose a race (409), move the table.
@Suite struct WorkflowAPITests {
    static func token(_ login: String, _ admin: Browser) async throws -> String {
        let id = try await AuthorizationMatrixTests.userID(login, admin)
        let issued = try await admin.submit("/admin/tokens", from: "/admin/tokens", [("name", "脚本"), ("user_id", "\(id)")])
        return try #require(issued.text.range(of: #"jx_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(issued.text[$0]) })
    }

    static func object(_ page: Browser.Page) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(page.text.utf8)) as? [String: Any])
    }

    @Test func scriptsSaveProjectsAndMoveTheTable() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let admin = try await Browser.signedIn(client, "admin")
            let editor = Browser(client), rival = Browser(client), reviewer = Browser(client)
            editor.bearer = try await Self.token("editor1", admin)
            rival.bearer = editor.bearer
            reviewer.bearer = try await Self.token("reviewer", admin)
            let table = "/api/v1" + PublicSiteTests.tablePath(demo.draftDepartment)

            let list = try Self.object(try await editor.get(table + "/projects"))
            let first = try #require((list["items"] as? [[String: Any]])?.first)
            let id = (first["id"] as! NSNumber).int64Value
            #expect((first["version"] as? NSNumber)?.intValue == 1)
            #expect(first["amounts_fen"] != nil && first["indicators"] is [Any])

            // Save with one more indicator and 5 万元 of other funds; the 总计 follows.
            var body = first
            body["indicators"] = (first["indicators"] as! [[String: Any]]) + [["level1": "3-满意度指标", "level2": "31-服务对象满意度", "name": "服务对象满意度", "period": "≥90%", "annual": "≥90%"]]
            var amounts = first["amounts_fen"] as! [String: Any]
            amounts["other"] = ((amounts["other"] as? NSNumber)?.int64Value ?? 0) + 5_000_000
            body["amounts_fen"] = amounts
            let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            let saved = try await editor.json(table + "/projects/\(id)", .put, json)
            let savedVersion = (try Self.object(saved)["version"] as? NSNumber)?.intValue
            #expect(saved.status == .ok && savedVersion == 2)
            let reread = try Self.object(try await editor.get(table + "/projects/\(id)"))
            let total = ((reread["amounts_fen"] as! [String: Any])["total"] as! NSNumber).int64Value
            let parts = ["fiscal", "special", "other"].map { (((reread["amounts_fen"] as! [String: Any])[$0] as? NSNumber)?.int64Value ?? 0) }
            #expect(total == parts.reduce(0, +))
            #expect((reread["indicators"] as! [[String: Any]]).contains { $0["name"] as? String == "服务对象满意度" })

            // The same body, still at version 1: someone saved first.
            let stale = try await rival.json(table + "/projects/\(id)", .put, json)
            #expect(stale.status == .conflict && stale.headers[.contentType] == "application/problem+json")
            let problem = try Self.object(stale)
            #expect((problem["current_version"] as? NSNumber)?.intValue == 2 && problem["changed_by"] as? String == "editor1（经 admin 签发的令牌）")

            // Bad input names the field; a reviewer's token may not edit.
            #expect(try await editor.json(table + "/projects/\(id)", .put, #"{"version":2,"name":"x","amounts_fen":{"fiscal":1.5}}"#).status == .unprocessableContent)
            // Null or another type where the schema names one is refused, not read as empty.
            for bad in [#""amounts_fen":null"#, #""amounts_fen":{"fiscal":true}"#, #""goal":null"#, #""goal":5"#, #""indicators":{}"#,
                        #""indicators":[{"level1":"1-产出指标","level2":"11-数量指标","name":"x","annual":null}]"#] {
                #expect(try await editor.json(table + "/projects/\(id)", .put, #"{"version":2,"name":"x",\#(bad)}"#).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await editor.json(table + "/projects/\(id)", .put, #"{"version":true,"name":"x"}"#).status == .unprocessableContent)
            #expect(try await editor.json(table + "/projects/\(id)", .put, "not json").status == .badRequest)
            #expect(try await reviewer.json(table + "/projects/\(id)", .put, #"{"version":2,"name":"x"}"#).status == .forbidden)

            // The history has both versions.
            let history = try Self.object(try await reviewer.get(table + "/projects/\(id)/history"))
            #expect((history["items"] as? [[String: Any]])?.map { ($0["version"] as! NSNumber).intValue } == [1, 2])

            // Add a project to the first unit, then delete it (a stale version is refused).
            let units = Set((list["items"] as? [[String: Any]] ?? []).compactMap { ($0["unit_id"] as? NSNumber)?.int64Value })
            let projectBody = #"{"unit_id":\#(units.first ?? 0),"name":"脚本新增的项目"}"#
            let created = try await editor.json(table + "/projects", .post, projectBody)
            #expect(created.status == .created)
            let newID = (try Self.object(created)["id"] as? NSNumber)?.int64Value ?? 0
            #expect(try await editor.json(table + "/projects", .post, #"{"unit_id":-5,"name":"x"}"#).status == .unprocessableContent)
            #expect(try await editor.json(table + "/projects/\(newID)?version=2", .delete, "").status == .conflict)
            #expect(try await editor.json(table + "/projects/\(newID)?version=1", .delete, "").status == .noContent)
            #expect(try await editor.get(table + "/projects/\(newID)").status == .notFound)

            // Submit, return with a reason (a return without one is refused), comment, resubmit, approve, publish.
            #expect(try await editor.json(table + "/transitions", .post, #"{"action":"submit","from":"draft"}"#).status == .ok)
            #expect(try await reviewer.json(table + "/transitions", .post, #"{"action":"return"}"#).status == .unprocessableContent)
            for bad in [#"{"action":"return","comment":"x","from":"nowhere"}"#, #"{"action":"return","comment":"x","from":null}"#,
                        #"{"action":"return","comment":null}"#, #"{"action":"return","comment":"\#(String(repeating: "长", count: 2001))"}"#] {
                #expect(try await reviewer.json(table + "/transitions", .post, bad).status == .unprocessableContent, "\(bad.prefix(60))")
            }
            #expect(try await reviewer.json(table + "/transitions", .post, #"{"action":"return","comment":"请核对金额"}"#).status == .ok)
            #expect(try await editor.json(table + "/comments", .post, #"{"body":"已核对","project_id":\#(id)}"#).status == .created)
            // A project id that is not a whole number is refused, not taken for the table.
            for bad in ["null", "1.5", #""3""#, "true"] {
                #expect(try await editor.json(table + "/comments", .post, #"{"body":"x","project_id":\#(bad)}"#).status == .unprocessableContent, "\(bad)")
            }
            let comments = try Self.object(try await reviewer.get(table + "/comments"))["items"] as? [[String: Any]] ?? []
            #expect(comments.map { $0["body"] as? String } == ["请核对金额", "已核对"] && comments[0]["transition"] as? String == "returned")
            #expect(try await editor.json(table + "/transitions", .post, #"{"action":"submit","from":"returned"}"#).status == .ok)
            #expect(try await editor.json(table + "/transitions", .post, #"{"action":"approve"}"#).status == .forbidden)
            #expect(try await reviewer.json(table + "/transitions", .post, #"{"action":"publish"}"#).status == .conflict)
            #expect(try await reviewer.json(table + "/transitions", .post, #"{"action":"approve","from":"submitted"}"#).status == .ok)
            let published = try await reviewer.json(table + "/transitions", .post, #"{"action":"publish","from":"approved"}"#)
            let state = try Self.object(published)["state"] as? String
            #expect(published.status == .ok && state == "published")
            let audit = try Self.object(try await reviewer.get(table + "/history"))["items"] as? [[String: Any]] ?? []
            // The five steps above (submit, return, submit, approve, publish), each in the history.
            #expect(audit.filter { $0["action"] as? String == "state" }.count >= 5)
        }
    }
}
