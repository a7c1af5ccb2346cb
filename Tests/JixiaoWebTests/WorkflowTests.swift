import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoFormats
import JixiaoReview
import JixiaoStore
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// Issue 8's life cycle through the pages, as the people would go through it: the editor
/// mends a project and submits, the reviewer returns it with a reason, the editor reads it,
/// mends and resubmits, the reviewer approves and publishes, and the public reads it.
@Suite struct WorkflowTests {
    static func projectLinks(_ page: String) -> [String] {
        page.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            .filter { $0.contains("/projects/") && !$0.hasSuffix("/history") }
    }

    /// The form's fields as the page has them (hidden, inputs, selected options, textareas).
    static func formFields(_ page: String) -> [(String, String)] {
        var fields: [(String, String)] = []
        let form = page.components(separatedBy: "<form class=\"project\"")[1].components(separatedBy: "</form>")[0]
        for chunk in form.components(separatedBy: "<input ").dropFirst() {
            let tag = String(chunk.prefix { $0 != ">" }) // this input's attributes only
            guard let name = attribute(tag, "name") else { continue }
            if tag.contains("type=\"checkbox\"") { continue }
            fields.append((name, attribute(tag, "value") ?? ""))
        }
        for chunk in form.components(separatedBy: "<select name=\"").dropFirst() {
            let name = String(chunk.prefix { $0 != "\"" })
            let selected = chunk.components(separatedBy: "</select>")[0].components(separatedBy: "<option ").first { $0.contains(" selected") }
            fields.append((name, selected.flatMap { attribute($0, "value") } ?? ""))
        }
        for chunk in form.components(separatedBy: "<textarea name=\"").dropFirst() {
            let name = String(chunk.prefix { $0 != "\"" })
            let text = chunk.components(separatedBy: ">").dropFirst().joined(separator: ">").components(separatedBy: "</textarea")[0]
            fields.append((name, unescape(text)))
        }
        return fields
    }

    static func attribute(_ tag: String, _ name: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") ?? (tag.hasPrefix("\(name)=\"") ? tag.range(of: "\(name)=\"") : nil) else { return nil }
        return unescape(String(tag[range.upperBound...].prefix { $0 != "\"" }))
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The number of the first spare indicator row (`rows[N][name]` empty).
    static func spareRow(_ fields: [(String, String)]) -> String? {
        fields.first { $0.0.hasPrefix("rows[") && $0.0.hasSuffix("][name]") && $0.1.isEmpty }
            .map { String($0.0.dropFirst("rows[".count).prefix { $0 != "]" }) }
    }

    static func replacing(_ fields: [(String, String)], _ changes: [String: String]) -> [(String, String)] {
        fields.map { ($0.0, changes[$0.0] ?? $0.1) }
    }

    @Test func aTableGoesFromDraftToPublished() async throws {
        try await DemoApp.with(configure: { $0.publishedListLifetime = .seconds(600) }) { setup in
            let (client, demo) = (setup.client, setup.demo)
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let editor = try await Browser.signedIn(client, "editor1")
            let reviewer = try await Browser.signedIn(client, "reviewer")

            // What awaits whom.
            let awaits = try await editor.get("/workspace").text
            #expect(awaits.contains("<h2 id=\"awaiting\">待办 <small>") && awaits.contains("待填报并提交"))
            let first = try await editor.get(table)
            #expect(first.text.contains("提交审核"))
            let projectPath = try #require(Self.projectLinks(first.text).first)

            // The editor mends the first project: 10 万元 more fiscal money, a new indicator.
            let form = try await editor.get(projectPath)
            #expect(form.status == .ok && form.text.contains("绩效指标"))
            var fields = Self.formFields(form.text)
            let fiscal = fields.first { $0.0 == "fiscal" }!.1
            let spare = try #require(Self.spareRow(fields))
            fields = Self.replacing(fields, [
                "fiscal": String(format: "%.2f", (Double(fiscal) ?? 0) + 10),
                "rows[\(spare)][l1]": "2|效益指标", "rows[\(spare)][l2]": "22|社会效益", "rows[\(spare)][name]": "群众满意度提升",
                "rows[\(spare)][period]": "≥90%", "rows[\(spare)][annual]": "≥90%",
            ])
            let saved = try await editor.post(projectPath, fields)
            #expect(saved.status == .seeOther, "\(saved.text.prefix(300))")
            let after = try await editor.get(projectPath + "?notice=saved")
            #expect(after.text.contains("已保存（第 2 版）"))
            #expect(after.text.contains("群众满意度提升") && after.text.contains("≥ 90 %"))

            // History: version 1 → 2 shows the amounts and the new indicator.
            let history = try await editor.get(projectPath + "/history")
            #expect(history.text.contains("第 1 版 → 第 2 版") && history.text.contains("财政拨款（万元）") && history.text.contains("群众满意度提升"))

            // Submit; the reviewer's list now has it.
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            #expect(try await reviewer.get("/workspace").text.contains("待审核"))
            // An editor cannot approve, and a second submit finds it moved on.
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "approve"), ("from", "submitted"), ("comment", "")]).status == .forbidden)
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .conflict)
            // Nor can it edit while the table is with the reviewers: it reads the project, no form.
            let readOnly = try await editor.get(projectPath)
            #expect(readOnly.status == .ok && readOnly.text.contains("退回前不能修改") && !readOnly.text.contains(#"<form class="project""#))
            #expect(try await editor.submit(projectPath, from: table, [("version", "1"), ("name", "改名")]).status == .forbidden)

            // Returning needs a reason.
            #expect(try await reviewer.submit(table + "/transitions", from: table, [("action", "return"), ("from", "submitted"), ("comment", " ")]).status == .unprocessableContent)
            #expect(try await reviewer.submit(table + "/transitions", from: table, [("action", "return"), ("from", "submitted"), ("comment", "请补充满意度指标的调查方式")]).status == .seeOther)
            let returned = try await editor.get(table)
            #expect(returned.text.contains("请补充满意度指标的调查方式") && returned.text.contains("退回"))
            #expect(try await editor.get("/workspace").text.contains("已退回，待修改后重新提交"))

            // The editor answers with a comment on the project, mends it and resubmits.
            let projectID = String(projectPath.split(separator: "/").last!)
            #expect(try await editor.submit(table + "/comments", from: table, [("body", "已补充，调查方式为问卷"), ("project_id", projectID)]).status == .seeOther)
            var again = Self.formFields(try await editor.get(projectPath).text)
            again = Self.replacing(again, ["goal": (again.first { $0.0 == "goal" }?.1 ?? "") + "满意度以问卷调查测定。"])
            #expect(try await editor.post(projectPath, again).status == .seeOther)
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "returned"), ("comment", "已按意见修改")]).status == .seeOther)

            // Approve, publish; the public reads it, with the new indicator.
            #expect(try await reviewer.submit(table + "/transitions", from: table, [("action", "approve"), ("from", "submitted"), ("comment", "")]).status == .seeOther)
            #expect(try await reviewer.submit(table + "/transitions", from: table, [("action", "publish"), ("from", "approved"), ("comment", "")]).status == .seeOther)
            // Published at once: 公开 refreshes the published list (no waiting for it to age).
            let published = try await Browser(client).get(PublicSiteTests.tablePath(demo.draftDepartment))
            #expect(published.status == .ok && published.text.contains("群众满意度提升"))
            let comments = try await reviewer.get(table)
            #expect(comments.text.contains("已补充，调查方式为问卷") && comments.text.contains("已按意见修改"))
        }
    }

    /// 撤回: the department takes back a submission no reviewer has acted on; every step but a
    /// return asks first, with what the review still finds.
    @Test func anEditorWithdrawsASubmissionBeforeReview() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let editor = try await Browser.signedIn(client, "editor1")
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let draft = try await editor.get(table).text
            #expect(draft.range(of: #"data-confirm="审核发现尚有 0 项错误、\d+ 项警告、\d+ 项提示。提交后，审核前本表不能修改（可撤回）。确定提交？""#,
                                options: .regularExpression) != nil)
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "withdraw"), ("from", "draft"), ("comment", "")]).status == .conflict)
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            #expect(try await editor.get(table).text.contains(#"value="withdraw""#))
            #expect(try await reviewer.submit(table + "/transitions", from: table, [("action", "withdraw"), ("from", "submitted"), ("comment", "")]).status == .forbidden)
            let back = try await editor.submit(table + "/transitions", from: table, [("action", "withdraw"), ("from", "submitted"), ("comment", "发现金额有误")])
            #expect(back.status == .seeOther && (back.headers[.location] ?? "").hasSuffix("notice=withdraw"))
            let page = try await editor.get(table + "?notice=withdraw").text
            #expect(page.contains("已撤回，本表回到草稿") && page.contains("state-draft") && page.contains("发现金额有误"))
            // The reviewer's publish button states the open findings too.
            let published = try await reviewer.get("/workspace" + PublicSiteTests.tablePath(demo.seedDepartment)).text
            #expect(!published.contains(#"value="publish""#))
        }
    }

    @Test func twoPeopleSavingOneProjectNeverOverwriteSilently() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let a = try await Browser.signedIn(client, "editor1")
            let b = try await Browser.signedIn(client, "editor1")
            let projectPath = try #require(Self.projectLinks(try await a.get(table).text).first)
            let formA = Self.formFields(try await a.get(projectPath).text)
            let formB = Self.formFields(try await b.get(projectPath).text)
            #expect(try await a.post(projectPath, Self.replacing(formA, ["goal": "甲写的目标"])).status == .seeOther)
            let conflict = try await b.post(projectPath, Self.replacing(formB, ["goal": "乙写的目标"]))
            #expect(conflict.status == .conflict)
            #expect(conflict.text.contains("此项目已被 editor1") && conflict.text.contains("现为第 2 版") && conflict.text.contains("您的修改尚未保存"))
            #expect(conflict.text.contains("甲写的目标") && conflict.text.contains("乙写的目标"))
            // The stored goal is still A's until B saves again, knowingly, against version 2.
            #expect(try await a.get(projectPath).text.contains("甲写的目标"))
            let retry = Self.formFields(conflict.text)
            #expect(retry.first { $0.0 == "version" }?.1 == "2")
            #expect(try await b.post(projectPath, retry).status == .seeOther)
            #expect(try await a.get(projectPath).text.contains("乙写的目标"))
        }
    }

    @Test func badInputIsShownBesideTheFormAndSavesNothing() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let editor = try await Browser.signedIn(client, "editor1")
            let projectPath = try #require(Self.projectLinks(try await editor.get(table).text).first)
            let fields = Self.formFields(try await editor.get(projectPath).text)
            let spare = try #require(Self.spareRow(fields))
            let typed = Self.replacing(fields, [
                "fiscal": "12,3a", "special": "1.5", "goal": "改过的目标", "rows[0][annual]": "2025年10月底前", "rows[0][order]": "9",
                "rows[\(spare)][l1]": "1|产出指标", "rows[\(spare)][l2]": "22|社会效益", "rows[\(spare)][name]": "错配的指标",
                "rows[\(spare)][period]": "≥3次", "rows[\(spare)][annual]": "≥1次",
            ]) + [("rows[1][delete]", "1")]
            let bad = try await editor.post(projectPath, typed)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("财政拨款“12,3a”不是以万元计的金额"))
            #expect(bad.text.contains("社会效益指标不属于产出指标"))
            // Every field comes back as typed — the bad amount, the edited row, the new row, the
            // ticked box — and the fields in fault are marked.
            let back = Self.formFields(bad.text)
            for (name, value) in typed where name != "rows[1][delete]" && name != "_csrf" {
                #expect(back.first { $0.0 == name }?.1 == value, "\(name)")
            }
            #expect(bad.text.contains(#"name="rows[1][delete]" value="1" checked"#))
            #expect(bad.text.contains(#"class="amount invalid" aria-invalid="true""#))
            #expect(bad.text.contains(#"class="invalid">"#))
            #expect(Self.spareRow(back) != nil)
            // An amount beyond what a table can hold is named as too large, not as not a number.
            let huge = try await editor.post(projectPath, Self.replacing(fields, ["fiscal": "99999999999999999"]))
            #expect(huge.status == .unprocessableContent && huge.text.contains("财政拨款“99999999999999999”超过一张表可填的最大金额"))
            #expect(try await editor.get(projectPath + "/history").text.contains("两个版本相同"))
            #expect(!(try await editor.get(projectPath).text.contains("错配的指标")))
            // A slip of magnitude saves (the form cannot know) but the review asks about it at once.
            let slip = try await editor.post(projectPath, Self.replacing(fields, ["fiscal": "900000000", "special": "", "other": ""]))
            #expect(slip.status == .seeOther)
            #expect(try await editor.get(projectPath).text.contains("AMOUNT-CEILING"))
        }
    }
}

extension WorkflowTests {
    /// A clerk prepares the table in Excel (here: the draft's own download, one project
    /// renamed) and uploads it over the draft; replacing must be chosen, the file must be the
    /// department's, and the review's comments and the table's state survive.
    @Test func anUploadReplacesADraftOnlyWhenAskedTo() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.returnedDepartment)
            let editor = try await Browser.signedIn(client, "editor2")
            let reviewer = try await Browser.signedIn(client, "reviewer")
            #expect(try await reviewer.submit(table + "/comments", from: table, [("body", "第一个项目的目标太笼统"), ("project_id", "")]).status == .seeOther)
            let json = try await editor.get(table + "/download/table.json").text
            let firstName = try #require(json.range(of: #""name":"([^"]+)""#, options: .regularExpression).map { String(json[$0]) })
            let renamed = json.replacingOccurrences(of: firstName, with: #""name":"上传后改名的项目""#)
            let file = (field: "file", name: "修改后.json", bytes: Array(renamed.utf8))

            let unasked = try await editor.upload(table + "/upload", from: table, fields: [], file: file)
            #expect(unasked.status == .unprocessableContent && unasked.text.contains("请勾选“替换现有内容”"))
            #expect(!(try await editor.get(table).text.contains("上传后改名的项目")))

            let replaced = try await editor.upload(table + "/upload", from: table, fields: [("replace", "1")], file: file)
            #expect(replaced.status == .seeOther)
            let page = try await editor.get(table)
            #expect(page.text.contains("上传后改名的项目") && page.text.contains("第一个项目的目标太笼统"))
            #expect(page.text.contains("state-returned"))

            let other = try await editor.get(PublicSiteTests.seedPath("/download/table.csv"))
            let foreign = try await editor.upload(table + "/upload", from: table, fields: [("replace", "1")],
                                                  file: (field: "file", name: "别的部门.csv", bytes: Array(other.text.utf8)))
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("不是“\(demo.returnedDepartment)”"))
            let broken = try await editor.upload(table + "/upload", from: table, fields: [("replace", "1")],
                                                 file: (field: "file", name: "坏的.json", bytes: Array("{\"title\": 3".utf8)))
            #expect(broken.status == .unprocessableContent && broken.text.contains("无法读取“坏的.json”"))
            // A bulk workbook (a sheet a department) gives the department's own sheet.
            let own = try TableJSON.read(Array(try await editor.get(table + "/download/table.json").text.utf8)).table
            let seed = try TableJSON.read(Array(try await editor.get(PublicSiteTests.seedPath("/download/table.json")).text.utf8)).table
            var mended = own
            mended.units[0].projects[0].name = "从全区工作簿上传的项目"
            let book = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: book) }
            try XLSXWriter.write([seed, mended], to: book.path)
            let bulk = try await editor.upload(table + "/upload", from: table, fields: [("replace", "1")],
                                               file: (field: "file", name: "全区.xlsx", bytes: Array(try Data(contentsOf: book))))
            #expect(bulk.status == .seeOther)
            #expect(try await editor.get(table).text.contains("从全区工作簿上传的项目"))
            try XLSXWriter.write([seed, seed], to: book.path)
            let noneOurs = try await editor.upload(table + "/upload", from: table, fields: [("replace", "1")],
                                                   file: (field: "file", name: "全区.xlsx", bytes: Array(try Data(contentsOf: book))))
            #expect(noneOurs.status == .unprocessableContent && noneOurs.text.contains("其中没有部门名称为“\(demo.returnedDepartment)”的工作表"))
            // Not the reviewer's to do, and not over a table with the reviewers.
            #expect(try await reviewer.upload(table + "/upload", from: table, fields: [("replace", "1")], file: file).status == .forbidden)
        }
    }
}

extension WorkflowTests {
    /// The administrator tunes the review for a fiscal year: a rule switched off disappears
    /// from every page, a warning raised to an error blocks submission, and the public
    /// findings follow (the published list is re-read at once after a save).
    @Test func ruleSettingsChangeTheReviewOfTheirYear() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let admin = try await Browser.signedIn(client, "admin")
            let editor = try await Browser.signedIn(client, "editor1")
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let findingsURI = "/api/v1" + PublicSiteTests.seedPath("/findings")
            #expect(try await editor.get(table).text.contains("<code class=\"rule-id\">BENEFIT-MISSING</code>"))
            #expect(try await Browser(client).get(findingsURI).text.contains("\"rule\" : \"BENEFIT-MISSING\""))

            let page = try await admin.get("/admin/rules?year=2025")
            #expect(page.status == .ok && page.text.contains("默认设置（尚未保存过）"))
            // Everything on as it is, but BENEFIT-MISSING off and GOAL-COPIED an error.
            var fields: [(String, String)] = [("year", "2025"), ("largeProjectWanYuan", "500"), ("minimumIndicators", "3"), ("copyShare", "60"), ("projectCeilingWanYuan", "100000"), ("changeFactor", "10"), ("vagueWords", "持续提升\n进一步强化")]
            // The rows as the page numbers them: rules[N][id] hidden, [on] a checkbox, [severity] a select.
            let ids = page.text.components(separatedBy: "][id]\" value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(ids.count == RuleCatalogue.descriptions.count && ids.contains("BENEFIT-MISSING"))
            for (n, id) in ids.enumerated() {
                fields.append(("rules[\(n)][id]", id))
                if id != "BENEFIT-MISSING" { fields.append(("rules[\(n)][on]", "1")) }
                if id == "GOAL-COPIED" { fields.append(("rules[\(n)][severity]", "error")) }
            }
            #expect(try await admin.submit("/admin/rules", from: "/admin/rules?year=2025", fields).status == .seeOther)
            #expect(try await admin.get("/admin/rules?year=2025").text.contains("第 1 版"))

            let after = try await editor.get(table).text
            #expect(!after.contains("<code class=\"rule-id\">BENEFIT-MISSING</code>"))
            #expect(after.contains("<code class=\"rule-id\">GOAL-COPIED</code></td><td>错误"))
            let refused = try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("项错误，改正后才能提交"))
            #expect(!(try await Browser(client).get(findingsURI).text.contains("\"rule\" : \"BENEFIT-MISSING\"")))
            // Bad thresholds are refused, and nothing is saved.
            let bad = try await admin.submit("/admin/rules", from: "/admin/rules?year=2025", [("year", "2025"), ("largeProjectWanYuan", "-1"), ("minimumIndicators", "3"), ("copyShare", "60"), ("projectCeilingWanYuan", "100000"), ("changeFactor", "10"), ("vagueWords", "提高")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("大额项目（万元）须为"))
            // … and comes back as typed, the refused value and the vague word included.
            #expect(bad.text.contains("name=\"largeProjectWanYuan\" value=\"-1\"") && bad.text.contains(">提高</textarea>"))
            let off = try #require(ids.firstIndex(of: "BENEFIT-MISSING"))
            let notAChoice = try await admin.submit("/admin/rules", from: "/admin/rules?year=2025", fields + [("rules[\(off)][severity]", "fatal")])
            #expect(notAChoice.status == .unprocessableContent && notAChoice.text.contains("rules[\(off)][severity]"))
            #expect(try await admin.get("/admin/rules?year=2025").text.contains("第 1 版"))
        }
    }
}

extension WorkflowTests {
    /// The department shapes its table on the page: a new unit, a new project in it (the form
    /// opens), a project moved and deleted, an empty unit removed; the reviewer cannot.
    @Test func theDepartmentShapesItsTable() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let editor = try await Browser.signedIn(client, "editor1")
            #expect(try await editor.submit(table + "/structure", from: table, [("op", "add-unit"), ("name", "新设的中心")]).status == .seeOther)
            let page = try await editor.get(table).text
            // Deleting asks first where JavaScript runs (a file: the CSP forbids inline script).
            #expect(page.contains(#"data-confirm="删除资金使用单位“新设的中心”？""#) && page.contains(#"<script src="/static/confirm.js?v="#))
            let script = try await editor.get("/static/confirm.js")
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8" && script.text.contains("data-confirm") && script.text.contains("window.confirm("))
            let unitID = try #require(page.components(separatedBy: "<h3 class=\"unit\">新设的中心").dropFirst().first?
                .components(separatedBy: "name=\"id\" value=\"").dropFirst().first.map { String($0.prefix { $0.isNumber }) })
            let created = try await editor.submit(table + "/structure", from: table, [("op", "add-project"), ("id", unitID), ("name", "新设中心运行经费")])
            #expect(created.status == .seeOther && created.headers[.location]?.contains("/projects/") == true)
            #expect(try await editor.get(created.headers[.location]!).text.contains("新设中心运行经费"))
            #expect(try await editor.get(table).text.contains(#"data-confirm="删除项目“新设中心运行经费”？"#))
            // The unit has a project now: it cannot be deleted.
            let refused = try await editor.submit(table + "/structure", from: table, [("op", "delete-unit"), ("id", unitID)])
            #expect(refused.status == .unprocessableContent && refused.text.contains("单位下还有项目"))
            // Delete the project (with its version), then the unit.
            let projectID = String(created.headers[.location]!.split(separator: "/").last!)
            #expect(try await editor.submit(table + "/structure", from: table, [("op", "delete-project"), ("id", projectID), ("version", "1")]).status == .seeOther)
            #expect(try await editor.submit(table + "/structure", from: table, [("op", "delete-unit"), ("id", unitID)]).status == .seeOther)
            #expect(!(try await editor.get(table).text.contains("新设的中心")))
            // Moving the second project of the first unit up puts it first.
            let before = Self.projectLinks(try await editor.get(table).text)
            let second = String(before[1].split(separator: "/").last!)
            #expect(try await editor.submit(table + "/structure", from: table, [("op", "project-up"), ("id", second)]).status == .seeOther)
            #expect(Self.projectLinks(try await editor.get(table).text).first?.hasSuffix("/\(second)") == true)
            let reviewer = try await Browser.signedIn(client, "reviewer")
            #expect(!(try await reviewer.get(table).text.contains("data-confirm")))
            #expect(try await reviewer.submit(table + "/structure", from: table, [("op", "add-unit"), ("name", "x")]).status == .forbidden)
        }
    }
}
