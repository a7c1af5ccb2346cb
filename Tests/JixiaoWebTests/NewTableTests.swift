import Foundation
import JixiaoFormats
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// 新建本年度表 (issue 16, defect 3): once 2026 is opened, the department starts its table in
/// the browser — copied from 2025 (projects, goals, indicators; amounts empty; carried-over
/// targets marked) or blank — once, and only its own.
@Suite struct NewTableTests {
    @Test func aDepartmentStartsItsNewYearFromLastYears() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let admin = try await Browser.signedIn(client, "admin")
            let editor = try await Browser.signedIn(client, "editor1")
            let other = try await Browser.signedIn(client, "editor2")
            #expect(!(try await editor.get("/workspace").text.contains("2026 年度已开启")))
            #expect(try await admin.submit("/admin/years", from: "/admin/years", [("year", "2026")]).status == .seeOther)
            let workspace = try await editor.get("/workspace").text
            #expect(workspace.contains("2026 年度已开启，本部门还没有这一年度的表") && workspace.contains("复制 2025 年度的项目"))

            let create = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment, "/create", year: 2026)
            #expect(try await other.submit(create, from: "/workspace", [("start", "copy")]).status == .forbidden)
            let started = try await editor.submit(create, from: "/workspace", [("start", "copy")])
            #expect(started.status == .seeOther)
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment, year: 2026)
            let page = try await editor.get(table + "?notice=started-copy").text
            #expect(page.contains("已新建本年度表") && page.contains("state-draft") && page.contains("CARRIED-OVER"))
            // The same projects, goals and indicators as 2025; every amount empty; the year 2026.
            let last = try TableJSON.read(Array(try await editor.get("/workspace" + PublicSiteTests.tablePath(demo.draftDepartment, "/download/table.json")).text.utf8)).table
            let now = try TableJSON.read(Array(try await editor.get(table + "/download/table.json").text.utf8)).table
            #expect(now.fiscalYear == 2026 && now.projectCount == last.projectCount)
            #expect(now.units.map(\.name) == last.units.map(\.name))
            #expect(now.units.flatMap(\.projects).map(\.goal) == last.units.flatMap(\.projects).map(\.goal))
            #expect(now.units.flatMap(\.projects).map(\.indicators) == last.units.flatMap(\.projects).map(\.indicators))
            #expect(now.units.flatMap(\.projects).allSatisfy { $0.amounts.total.isZero } && now.total?.total.isZero == true)
            // Once only.
            #expect(try await editor.submit(create, from: "/workspace", [("start", "blank")]).status == .conflict)
            #expect(!(try await editor.get("/workspace").text.contains("2026 年度已开启")))

            // A blank start: one unit named for the department.
            let blank = "/workspace" + PublicSiteTests.tablePath(demo.returnedDepartment, "/create", year: 2026)
            #expect(try await other.submit(blank, from: "/workspace", [("start", "blank")]).status == .seeOther)
            let empty = try await other.get("/workspace" + PublicSiteTests.tablePath(demo.returnedDepartment, year: 2026) + "?notice=started-blank").text
            #expect(empty.contains("已新建空白表") && empty.contains(demo.returnedDepartment.replacingOccurrences(of: "（部门）", with: "") + " <small>"))
            // A year not opened cannot be started.
            let unopened = "/workspace" + PublicSiteTests.tablePath(demo.returnedDepartment, "/create", year: 2030)
            #expect(try await other.submit(unopened, from: "/workspace", [("start", "blank")]).status == .conflict)
        }
    }
}
