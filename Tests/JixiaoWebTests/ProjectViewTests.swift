import Foundation
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// A reviewer reads one project (issue 16, defects 5 and 6): read-only, with its findings
/// beside the fields and linked from the table's list, and the comments about it — which
/// name the spending unit, and lead back to the project.
@Suite struct ProjectViewTests {
    @Test func aReviewerReadsAProjectAndCommentsOnIt() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.returnedDepartment)
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let tablePage = try await reviewer.get(table).text
            let projectPath = try #require(WorkflowTests.projectLinks(tablePage).first)
            let page = try await reviewer.get(projectPath)
            #expect(page.status == .ok)
            #expect(page.text.contains("查看项目") && page.text.contains("只读查看") && !page.text.contains(#"<form class="project""#))
            #expect(page.text.contains("本项目的审核发现") && page.text.contains(#"id="indicators""#))
            // Saving is still refused.
            #expect(try await reviewer.submit(projectPath, from: projectPath, [("version", "1"), ("name", "x")]).status == .forbidden)

            // A comment written on the project's page comes back to it, and stands there.
            let written = try await reviewer.submit(table + "/comments", from: projectPath,
                                                    [("body", "请核对本项目的满意度指标"), ("project_id", Self.id(projectPath)), ("back", "project")])
            #expect(written.status == .seeOther && (written.headers[.location] ?? "").hasSuffix("?notice=comment#comments"))
            let location = try #require(written.headers[.location]).components(separatedBy: "#")[0]
            let after = try await reviewer.get(location).text
            #expect(after.contains("意见已保存") && after.contains("请核对本项目的满意度指标"))
            // On the table's page the comment names unit › project and links to the project.
            let listed = try await reviewer.get(table).text
            #expect(listed.range(of: #"关于项目：<a href="\#(projectPath)">[^<]+ › [^<]+</a>"#, options: .regularExpression) != nil)
            // The table's findings lead to their project's page, at the field.
            #expect(listed.range(of: #"<a href="/workspace/tables/2025/[^"]+/projects/\d+#(row-\d+|f-goal|f-amounts|f-name|indicators)">"#,
                                 options: .regularExpression) != nil)
            // A deadline reads as a deadline (a 时效指标's measure), not as qualitative.
            let reading = try await reviewer.get("/api/v1/reading?text=" + "2025年10月底前".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).text
            #expect(reading.contains("期限（按日期核验）"))
            // Rule ids stand beside their Chinese titles.
            #expect(!listed.contains("<td><code>") && listed.contains(#"<br><code class="rule-id">"#))
        }
    }

    static func id(_ projectPath: String) -> String {
        String(projectPath.split(separator: "/").last ?? "")
    }
}
