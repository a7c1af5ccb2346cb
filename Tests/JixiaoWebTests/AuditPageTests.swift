import Foundation
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// 管理 › 操作日志 (issue 16, defect 10): the audit log filtered by person, table and date.
@Suite struct AuditPageTests {
    @Test(arguments: Backend.allCases) func theAdministratorFiltersTheAuditLog(_ backend: Backend) async throws {
        _ = try await DemoApp.with(backend) { app in
            let client = app.client
            let table = "/workspace" + PublicSiteTests.tablePath(app.demo.draftDepartment)
            let editor = try await Browser.signedIn(client, "editor1")
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            let admin = try await Browser.signedIn(client, "admin")
            let all = try await admin.get("/admin/audit")
            #expect(all.status == .ok && all.text.contains("操作日志") && all.text.contains("流转"))
            let byEditor = try await admin.get("/admin/audit?actor=editor1&entity=&from=&until=").text
            #expect(byEditor.contains("（editor1）") && byEditor.contains("流转") && !byEditor.contains("（demo）") && !byEditor.contains("<td>demo</td>"))
            // By part of the table's id, with LIKE's wildcards taken literally.
            let department = app.demo.draftDepartment.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await admin.get("/admin/audit?actor=&entity=\(department)&from=&until=").text.contains(app.demo.draftDepartment))
            #expect(try await admin.get("/admin/audit?actor=&entity=%25&from=&until=").text.contains("<p>0 条"))
            // Dates: a day long past has nothing; a bad date is named.
            #expect(try await admin.get("/admin/audit?actor=&entity=&from=2001-01-01&until=2001-01-02").text.contains("<p>0 条"))
            let bad = try await admin.get("/admin/audit?actor=&entity=&from=昨天&until=")
            #expect(bad.status == .unprocessableContent && bad.text.contains("起始日期“昨天”不是日期"))
            #expect(try await editor.get("/admin/audit").status == .forbidden)
        }
    }
}
