import Foundation
import JixiaoForms
import JixiaoTestSupport
import Testing

/// The upload form's bodies as real clients send them (captured by
/// `Fixtures/multipart/capture.py` from curl 7.88 and Chromium 156): the seed table under the
/// file name `绩效 目标;表=2025 "终".txt`, whose `;`, `=` and quotes a naive parameter reader
/// splits or cuts (curl and Chromium both write the quotes as `%22`).
@Suite struct MultipartBodyTests {
    static let fileName = #"绩效 目标;表=2025 "终".txt"#
    static let clients = ["curl", "chromium"]

    static func captured(_ client: String) throws -> (body: [UInt8], type: String) {
        let folder = SeedFixture.fixtures.appendingPathComponent("multipart")
        let body = Array(try Data(contentsOf: folder.appendingPathComponent(client + ".body")))
        let type = try String(contentsOf: folder.appendingPathComponent(client + ".type"), encoding: .utf8)
        return (body, type)
    }

    @Test(arguments: clients) func aRealClientsBodyReadsWhole(_ client: String) throws {
        let (body, type) = try Self.captured(client)
        let boundary = try #require(MultipartForm.boundary(contentType: type))
        let form = try MultipartForm.parse(body, boundary: boundary)
        #expect(form.fields == ["_csrf": "CSRF-TOKEN", "replace": "1"])
        let file = try #require(form.files["file"])
        #expect(file.name == Self.fileName)
        #expect(file.bytes == (try SeedFixture.bytes))
    }

    @Test func headerParametersHonourQuotes() {
        let disposition = HeaderParameters(#"Form-Data; NAME="file"; filename="报表;v2=终.xlsx"; x=y"#)
        #expect(disposition.value == "form-data")
        #expect(disposition["name"] == "file" && disposition["filename"] == "报表;v2=终.xlsx" && disposition["X"] == "y")
        // Unquoted values, spaces around them, a repeated key (the first counts), a backslash kept.
        let type = HeaderParameters(#"multipart/form-data ;  boundary = abc123 ; boundary=other; charset="utf-8""#)
        #expect(type.value == "multipart/form-data" && type["boundary"] == "abc123" && type["charset"] == "utf-8")
        #expect(HeaderParameters(#"form-data; name="f"; filename="C:\报表\表.xlsx""#)["filename"] == #"C:\报表\表.xlsx"#)
        // What is not a parameter is skipped; an unclosed quote runs to the end.
        let odd = HeaderParameters(#"form-data; ; novalue; name="open"#)
        #expect(odd.parameters == ["name": "open"])
    }

    @Test func theBoundaryIsTheContentTypesParameter() {
        #expect(MultipartForm.boundary(contentType: #"multipart/form-data; boundary="a b"; charset=utf-8"#) == "a b")
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data;boundary=x") == "x")
        // Not multipart, no boundary, an empty one, or `boundary=` inside another parameter.
        for refused in ["text/plain; boundary=x", "multipart/form-data", "multipart/form-data; boundary=\"\"",
                        #"multipart/form-data; note="boundary=x""#, "multipart/mixed; boundary=x"] {
            #expect(MultipartForm.boundary(contentType: refused) == nil, "\(refused)")
        }
    }

    /// The captured Chromium body, its token swapped for the page's, sent to the upload form: the
    /// app reads it through and names the file whole in its answer (the file is another
    /// department's table, so the upload is refused, naming both).
    @Test func aChromiumUploadReachesTheApp() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.returnedDepartment)
            let editor = try await Browser.signedIn(client, "editor2")
            let token = try #require(try await editor.get(table).csrf)
            let (body, type) = try Self.captured("chromium")
            let sent = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "CSRF-TOKEN", with: token).utf8)
            let answer = try await editor.post(table + "/upload", bytes: sent, type: type)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.text.contains("“绩效 目标;表=2025 &quot;终&quot;.txt”的部门名称是“\(demo.seedDepartment)”"))
            // With the token left as captured, the same body is refused before it is read.
            #expect(try await editor.post(table + "/upload", bytes: body, type: type).status == .forbidden)
        }
    }
}
