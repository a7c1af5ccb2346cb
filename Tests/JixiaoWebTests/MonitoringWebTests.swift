import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoFormats
import JixiaoStore
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// Issue 19's monitoring round through the pages, as the people would go through it: the
/// administrator opens a round, the customer's clerk fills a project (its red money light turns
/// green as the 执行数 is raised), submits, the reviewer returns it, the clerk mends it, the
/// reviewer approves, and the overview counts it. On both databases.
@Suite struct MonitoringWebTests {
    static let seed = SeedFixture.department
    static func report(_ month: Int, _ department: String = seed) -> String {
        "/workspace/monitoring/2025/\(month)/" + department.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
    }

    static func projectLinks(_ page: String) -> [String] {
        page.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.filter { $0.contains("/projects/") }
    }

    /// The monitoring form's fields as the page has them, ticked checkboxes included.
    static func fields(_ page: String) -> [(String, String)] {
        let form = page.components(separatedBy: "<form class=\"project monitoring\"")[1].components(separatedBy: "</form>")[0]
        var fields: [(String, String)] = []
        for chunk in form.components(separatedBy: "<input ").dropFirst() {
            let tag = String(chunk.prefix { $0 != ">" })
            guard let name = WorkflowTests.attribute(tag, "name") else { continue }
            if tag.contains("type=\"checkbox\"") && !tag.contains(" checked") { continue }
            fields.append((name, WorkflowTests.attribute(tag, "value") ?? ""))
        }
        for chunk in form.components(separatedBy: "<select name=\"").dropFirst() {
            let name = String(chunk.prefix { $0 != "\"" })
            let selected = chunk.components(separatedBy: "</select>")[0].components(separatedBy: "<option ").first { $0.contains(" selected") }
            fields.append((name, selected.flatMap { WorkflowTests.attribute($0, "value") } ?? ""))
        }
        return fields
    }

    /// The light the page shows in the element of `id`.
    static func light(_ page: String, _ id: String) -> String? {
        guard let range = page.range(of: "id=\"\(id)\"") else { return nil }
        let before = page[..<range.lowerBound]
        guard let open = before.range(of: "class=\"light light-", options: .backwards) else { return nil }
        return String(page[open.upperBound...].prefix { $0 != "\"" })
    }

    @Test(arguments: Backend.allCases) func aRoundGoesFromOpeningToApproval(_ backend: Backend) async throws {
        try await DemoApp.with(backend) { setup in
            let client = setup.client
            let admin = try await Browser.signedIn(client, "admin")
            let editor = try await Browser.signedIn(client, "editor3")
            let reviewer = try await Browser.signedIn(client, "reviewer")

            // The administrator opens 1–9月 of 2025, due in October.
            let opened = try await admin.submit("/admin/monitoring", from: "/admin/monitoring", [("year", "2025"), ("month", "9"), ("due", "2025-10-15")])
            #expect(opened.status == .seeOther)
            #expect(try await admin.get("/admin/monitoring").text.contains("2025 年 1–9 月"))
            let twice = try await admin.submit("/admin/monitoring", from: "/admin/monitoring", [("year", "2025"), ("month", "9"), ("due", "2025-10-20")])
            #expect(twice.status == .unprocessableContent && twice.text.contains("已经开启过了") && twice.text.contains("2025-10-20"))

            // The clerk's 待办 names the round and its due date; the report lists the table's projects, none lit.
            let workspace = try await editor.get("/workspace").text
            #expect(workspace.contains("2025 年 1–9 月运行监控</a>：待填报并提交") && workspace.contains("截止日期 2025-10-15"))
            let report = try await editor.get(Self.report(9))
            #expect(report.status == .ok && report.text.contains("11 个项目，已填报 0 个"))
            let links = Array(Set(Self.projectLinks(report.text).filter { !$0.contains("#") }))
            #expect(links.count == 11)
            let cooperation = try #require(links.first { $0.hasSuffix("/projects/3") })

            // 对口协作工作经费 (1.50 万元): 0.30 spent by September is a red light, and a reason is asked for.
            var form = try await editor.get(cooperation)
            #expect(Self.light(form.text, "light-project") == "none")
            var fields = WorkflowTests.replacing(Self.fields(form.text), ["spent": "0.30", "rows[0][reached]": "85%", "rows[0][likelihood]": "确定能"])
            let red = try await editor.post(cooperation + "/preview", fields)
            #expect(red.text.contains(#""moneyLight":"red""#) && red.text.contains("MON-MONEY-NO-REASON"))
            // Raised to 1.20 the preview turns it green (q = 80 % ÷ 75 %), and the reason is no longer asked for.
            fields = WorkflowTests.replacing(fields, ["spent": "1.20"])
            let green = try await editor.post(cooperation + "/preview", fields)
            #expect(green.text.contains(#""moneyLight":"green""#) && !green.text.contains("MON-MONEY-NO-REASON"))
            // Saved red first: the report cannot be submitted with the error.
            var saved = try await editor.post(cooperation, WorkflowTests.replacing(fields, ["spent": "0.30"]))
            #expect(saved.status == .seeOther)
            form = try await editor.get(cooperation)
            #expect(Self.light(form.text, "light-money") == "red" && form.text.contains("MON-MONEY-NO-REASON") && form.text.contains("第 1 版"))
            let refused = try await editor.submit(Self.report(9) + "/transitions", from: Self.report(9), [("action", "submit"), ("from", "draft"), ("comment", "")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("审核发现 1 项错误，改正后才能提交"))
            // Raised and saved: green, and submitted.
            saved = try await editor.post(cooperation, WorkflowTests.replacing(Self.fields(form.text), ["spent": "1.20"]))
            #expect(saved.status == .seeOther)
            form = try await editor.get(cooperation)
            #expect(Self.light(form.text, "light-money") == "green" && form.text.contains("第 2 版"))
            #expect(try await editor.submit(Self.report(9) + "/transitions", from: Self.report(9), [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            // Submitted, the form is read-only and a save is refused.
            #expect(try await editor.get(cooperation).text.contains("<fieldset disabled>"))
            #expect(try await editor.post(cooperation, Self.fields(form.text)).status == .forbidden)

            // The reviewer sees it waiting, returns it with a reason; the clerk reads the reason, mends, resubmits.
            #expect(try await reviewer.get("/workspace").text.contains("2025 年 1–9 月运行监控</a>：1 份报告待审核"))
            let returned = try await reviewer.submit(Self.report(9) + "/transitions", from: Self.report(9),
                                                     [("action", "return"), ("from", "submitted"), ("comment", "请补填其余项目的执行数")])
            #expect(returned.status == .seeOther)
            let back = try await editor.get(Self.report(9)).text
            #expect(back.contains("请补填其余项目的执行数") && back.contains("state-returned"))
            #expect(back.contains("财政局审核员：已提交 → 退回"), "the timeline names who returned it")
            form = try await editor.get(cooperation)
            #expect(try await editor.post(cooperation, WorkflowTests.replacing(Self.fields(form.text), ["forecastSpent": "1.50"])).status == .seeOther)
            #expect(try await editor.submit(Self.report(9) + "/transitions", from: Self.report(9), [("action", "submit"), ("from", "returned"), ("comment", "")]).status == .seeOther)
            #expect(try await reviewer.submit(Self.report(9) + "/transitions", from: Self.report(9), [("action", "approve"), ("from", "submitted"), ("comment", "")]).status == .seeOther)

            // The overview counts it: approved, one project reported, lit green (money q = 80 % ÷ 75 %, the rate target c = 85 % ÷ 90 %).
            let overview = try await reviewer.get("/workspace/monitoring/2025/9").text
            let row = try #require(overview.components(separatedBy: "<tr>").first { $0.contains(Self.seed) })
            #expect(row.contains("state-approved") && row.contains("已审核"))
            let counts = row.components(separatedBy: "<td class=\"amount\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
            #expect(Array(counts.prefix(6)) == ["11", "1", "0", "0", "0", "1"], "projects, reported, red, yellow, blue, green: \(counts)")
            let history = try await setup.store.workflow.history(entity: "monitoring_report", id: "\(Self.seed)/2025/9").map { $0.record.after ?? "" }
            #expect(history.count == 4 && history.last?.contains("approved") == true)
        }
    }

    /// The overview counts stored lights: new thresholds (管理 › 审核规则) light them again at once.
    @Test func newThresholdsRelightTheOverview() async throws {
        try await DemoApp.with { setup in
            let reviewer = try await Browser.signedIn(setup.client, "reviewer")
            let admin = try await Browser.signedIn(setup.client, "admin")
            func counts() async throws -> [String] {
                let overview = try await reviewer.get("/workspace/monitoring/2025/7").text
                let row = try #require(overview.components(separatedBy: "<tr>").first { $0.contains(Self.seed) })
                return Array(row.components(separatedBy: "<td class=\"amount\">").dropFirst().map { String($0.prefix { $0 != "<" }) }.prefix(6))
            }
            #expect(try await counts() == ["11", "5", "2", "1", "0", "2"])
            // 购置经费 spent 4.00 of 5.10 by July (q 134 %): yellow once yellow runs to 150 %.
            let saved = try await admin.submit("/admin/rules", from: "/admin/rules?year=2025", [
                ("year", "2025"), ("rules[0][id]", "SUM-TOTAL"), ("rules[0][on]", "1"), ("largeProjectWanYuan", "500"), ("minimumIndicators", "3"),
                ("copyShare", "60"), ("projectCeilingWanYuan", "100000"), ("changeFactor", "10"), ("vagueWords", "提高"),
                ("moneyRed", "60"), ("moneyYellow", "150"), ("targetRed", "60"), ("targetYellow", "80"), ("targetBlue", "120")])
            #expect(saved.status == .seeOther)
            #expect(try await counts() == ["11", "5", "2", "2", "0", "1"])
            let refused = try await admin.submit("/admin/rules", from: "/admin/rules?year=2025", [
                ("year", "2025"), ("rules[0][id]", "SUM-TOTAL"), ("rules[0][on]", "1"), ("largeProjectWanYuan", "500"), ("minimumIndicators", "3"),
                ("copyShare", "60"), ("projectCeilingWanYuan", "100000"), ("changeFactor", "10"), ("vagueWords", "提高"), ("targetBlue", "70")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("灯号阈值须依次递增"))
        }
    }

    @Test func reportsAreReadByTheirDepartmentAndTheReviewersOnly() async throws {
        try await DemoApp.with { setup in
            let client = setup.client
            for (login, status) in [("editor3", HTTPResponse.Status.ok), ("reviewer", .ok), ("editor1", .notFound), ("publisher", .notFound), ("admin", .notFound)] {
                let person = try await Browser.signedIn(client, login)
                #expect(try await person.get(Self.report(7)).status == status, "\(login)")
                #expect(try await person.get(Self.report(7) + "/download/monitoring.html").status == status, "\(login)")
                #expect(try await person.get("/workspace/monitoring/2025/7").status == (login == "reviewer" ? .ok : .notFound), "\(login) overview")
            }
            #expect(try await Browser(client).get(Self.report(7)).status == .seeOther, "anonymous visitors are sent to sign in")
            let reviewer = try await Browser.signedIn(client, "reviewer")
            #expect(try await reviewer.get("/workspace/monitoring/2025/8").status == .notFound)
            #expect(try await reviewer.get("/workspace/monitoring/2025/07").status == .notFound, "a month is written one way")
        }
    }

    @Test func aSaveOverANewerVersionIsRefusedWithTheInputKept() async throws {
        try await DemoApp.with { setup in
            let a = try await Browser.signedIn(setup.client, "editor3")
            let b = try await Browser.signedIn(setup.client, "editor3")
            let path = try #require(Self.projectLinks(try await a.get(Self.report(7)).text).first { $0.hasSuffix("/projects/1") })
            let formA = Self.fields(try await a.get(path).text), formB = Self.fields(try await b.get(path).text)
            #expect(try await a.post(path, WorkflowTests.replacing(formA, ["spent": "3.00"])).status == .seeOther)
            let conflict = try await b.post(path, WorkflowTests.replacing(formB, ["spent": "4.44"]))
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("已被 王芳 于") && conflict.text.contains("您的修改尚未保存") && conflict.text.contains("value=\"4.44\""))
            #expect(conflict.text.contains("name=\"version\" value=\"2\""), "the form now stands on the version found")
        }
    }

    @Test func badMoneyIsShownBesideTheFormAndSavesNothing() async throws {
        try await DemoApp.with { setup in
            let editor = try await Browser.signedIn(setup.client, "editor3")
            let path = try #require(Self.projectLinks(try await editor.get(Self.report(7)).text).first { $0.hasSuffix("/projects/2") })
            let before = try await editor.get(path).text
            let typed = WorkflowTests.replacing(Self.fields(before), ["spent": "4.0.0", "rows[0][reached]": "3台", "correction": "加快采购"])
            let refused = try await editor.post(path, typed)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("执行数“4.0.0”不是以万元计的金额"))
            #expect(refused.text.contains("value=\"4.0.0\"") && refused.text.contains("value=\"3台\"") && refused.text.contains("value=\"加快采购\""))
            #expect(try await editor.get(path).text.contains("第 1 版"), "nothing was saved")
        }
    }

    @Test func anUploadedTemplateSavesEveryProjectOrNone() async throws {
        try await DemoApp.with { setup in
            let editor = try await Browser.signedIn(setup.client, "editor3")
            let template = try await editor.get(Self.report(7) + "/download/template.csv")
            #expect(template.status == .ok && template.headers[.contentType]?.hasPrefix("text/csv") == true)
            var text = String(decoding: template.bytes.isEmpty ? Array(template.text.utf8) : template.bytes, as: UTF8.self)
            #expect(text.contains("对口协作工作经费,,,,,,,,,1.50,1.50,0.30,1.50"), "what is saved comes back filled in")
            text = text.replacingOccurrences(of: "2025年专项人才工作经费,,,,,,,,,1528.00,,,", with: "2025年专项人才工作经费,,,,,,,经费保障,加快拨付,1528.00,,300.00,1528.00")
            let uploaded = try await editor.upload(Self.report(7) + "/upload", from: Self.report(7), fields: [], file: ("file", "report.csv", Array(text.utf8)))
            #expect(uploaded.status == .seeOther)
            let page = try await editor.get(Self.report(7)).text
            #expect(page.contains("已填报 6 个"))
            // The Excel template, downloaded with what is saved and sent back as it is, changes nothing.
            let workbook = try await editor.get(Self.report(7) + "/download/template.xlsx")
            #expect(workbook.status == .ok && workbook.bytes.starts(with: Array("PK".utf8)))
            let again = try await editor.upload(Self.report(7) + "/upload", from: Self.report(7), fields: [], file: ("file", "填报.xlsx", workbook.bytes))
            #expect(again.status == .seeOther)
            #expect(try await editor.get(Self.report(7)).text.contains("已填报 6 个"))
            // The template downloaded before someone else's save is refused whole when sent back changed.
            let old = String(decoding: try await editor.get(Self.report(7) + "/download/template.csv").bytes, as: UTF8.self)
            let path = try #require(Self.projectLinks(page).first { $0.hasSuffix("/projects/2") })
            #expect(try await editor.post(path, WorkflowTests.replacing(Self.fields(try await editor.get(path).text), ["spent": "4.50"])).status == .seeOther)
            let stale = try await editor.upload(Self.report(7) + "/upload", from: Self.report(7), fields: [],
                                                file: ("file", "old.csv", Array(old.replacingOccurrences(of: ",5.10,,4.00,5.10,", with: ",5.10,,4.20,5.10,").utf8)))
            #expect(stale.status == .conflict && stale.text.contains("在模板下载之后已被他人保存"))
            #expect(try await editor.get(path).text.contains("value=\"4.50\""), "nothing of the stale file was kept")
            // A row naming an indicator the project does not have: refused, naming the row, nothing saved.
            let bad = text + "2,\(Self.seed.replacingOccurrences(of: "（部门）", with: "")),购置经费,9,,,1台,,,,,,,,\r\n"
            let refused = try await editor.upload(Self.report(7) + "/upload", from: Self.report(7), fields: [], file: ("file", "bad.csv", Array(bad.utf8)))
            #expect(refused.status == .unprocessableContent && refused.text.contains("bad.csv") && refused.text.contains("“指标序号”列：“购置经费”没有第 9 个指标（共 2 个）"))
        }
    }

    @Test func theMonitoringTablesDownloadInEveryForm() async throws {
        try await DemoApp.with { setup in
            let reviewer = try await Browser.signedIn(setup.client, "reviewer")
            let html = try await reviewer.get(Self.report(7) + "/download/monitoring.html")
            #expect(html.status == .ok && html.text.contains("项目支出绩效目标执行监控表") && html.text.contains("class=\"light light-red\">红灯"))
            let workbook = try await reviewer.get(Self.report(7) + "/download/monitoring.xlsx")
            #expect(workbook.status == .ok && workbook.bytes.starts(with: Array("PK".utf8)))
            let sheets = try XLSXReader.sheetNames(workbook.bytes)
            #expect(sheets == ["汇总", "监控表"])
            let zip = try await reviewer.get("/workspace/monitoring/2025/7/download/monitoring.zip")
            #expect(zip.status == .ok && zip.bytes.starts(with: Array("PK".utf8)) && zip.bytes.count > workbook.bytes.count)
        }
    }
}
