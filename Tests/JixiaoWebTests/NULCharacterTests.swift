import Foundation
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// U+0000 in what a client sends (issue 17's fresh-clone run: schemathesis's comment
/// `"C{\u0000znkM8-5"` was a 500 on PostgreSQL, which refuses NUL in text, and stored on
/// SQLite). Refused the same way on both databases, before a handler reaches either.
@Suite struct NULCharacterTests {
    @Test(arguments: Backend.allCases) func nulIsRefusedWhereverItIsSent(_ backend: Backend) async throws {
        _ = try await DemoApp.with(backend) { app in
            let client = app.client
            let admin = try await Browser.signedIn(client, "admin")
            let api = Browser(client)
            api.bearer = try await WorkflowAPITests.token("editor1", admin)
            let table = "/api/v1" + PublicSiteTests.tablePath(app.demo.draftDepartment)

            // The API: a stored text holding NUL is a 422 naming the field; nothing is saved.
            let comment = try await api.json(table + "/comments", .post, #"{"body":"C{\u0000znkM8-5"}"#)
            #expect(comment.status == .unprocessableContent && comment.text.contains("body"))
            let name = try await api.json(table + "/projects", .post, #"{"unit_id":1,"name":"a\u0000b"}"#)
            #expect(name.status == .unprocessableContent)
            #expect((try WorkflowAPITests.object(try await api.get(table + "/comments"))["items"] as? [Any])?.isEmpty == true)
            // An extra field the document allows is ignored, NUL or not.
            #expect(try await api.json(table + "/comments", .post, #"{"body":"已核对","x\u0000":"\u0000"}"#).status == .created)
            // Out of Int64's range is no project of this table, not a server error.
            #expect(try await api.json(table + "/comments", .post, #"{"body":"x","project_id":124826632046449564581888}"#).status.code < 500)

            // The address: a department holding NUL cannot exist; a search holding one is malformed.
            let department = app.demo.draftDepartment.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await api.get("/api/v1/tables/2025/\(department)%00").status == .notFound)
            #expect(try await Browser(client).get("/tables/2025/%00").status == .notFound)
            #expect(try await Browser(client).get("/?q=a%00b").status == .badRequest)
            #expect(try await api.get("/api/v1/reading?text=%00").status == .badRequest)

            // A form: a 422 naming the field, and the table's comments stay as they were.
            let editor = try await Browser.signedIn(client, "editor1")
            let page = "/workspace" + PublicSiteTests.tablePath(app.demo.draftDepartment)
            let posted = try await editor.submit(page + "/comments", from: page, [("body", "意见\u{0}")])
            #expect(posted.status == .unprocessableContent && posted.text.contains("body"))
            let comments = try WorkflowAPITests.object(try await api.get(table + "/comments"))["items"] as? [[String: Any]] ?? []
            #expect(comments.map { $0["body"] as? String } == ["已核对"])
        }
    }
}
