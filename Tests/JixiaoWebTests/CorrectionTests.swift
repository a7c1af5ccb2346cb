import Foundation
import JixiaoStore
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// 更正 (issue 16, defect 4): a reviewer reopens a published table with a reason; the public
/// keeps reading it as published until the corrected one is published, which then says
/// "已更正" with the date and keeps the earlier version to download. And publishing as a role
/// of its own, where the site keeps approving and publishing apart.
@Suite struct CorrectionTests {
    @Test func aCorrectedTableStaysPublicAsPublishedUntilTheCorrectionIsPublished() async throws {
        try await DemoApp.with { setup in
            let client = setup.client, seed = setup.demo.seedDepartment
            let workspace = "/workspace" + PublicSiteTests.tablePath(seed)
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let editor = try await Browser.signedIn(client, "editor3")
            let anyone = Browser(client)
            let original = try await anyone.get(PublicSiteTests.seedPath()).text
            #expect(!original.contains("已更正"))

            // A correction must say why, and is the reviewer's, not the department's.
            #expect(try await reviewer.get(workspace).text.contains(">更正</button>"))
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace, [("action", "correct"), ("from", "published"), ("comment", " ")]).status == .unprocessableContent)
            #expect(try await editor.submit(workspace + "/transitions", from: workspace, [("action", "correct"), ("from", "published"), ("comment", "改")]).status == .forbidden)
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace,
                                              [("action", "correct"), ("from", "published"), ("comment", "第一个项目的绩效目标需重写")]).status == .seeOther)
            #expect(try await setup.store.summary(department: seed, year: 2025)?.state == .returned)

            // The department mends it; the public still reads the table as published.
            var first = try #require(try await setup.store.projects(department: seed, year: 2025).first)
            let oldGoal = first.project.goal
            first.project.goal = "更正后的绩效目标：按季度完成全部工作并公开进度。"
            _ = try await setup.store.updateProject(id: first.id, expectedVersion: first.version, first.project, actor: "editor3")
            let meanwhile = try await anyone.get(PublicSiteTests.seedPath())
            #expect(meanwhile.status == .ok && meanwhile.text.contains(oldGoal) && !meanwhile.text.contains("更正后的绩效目标"))
            #expect(try await anyone.get(PublicSiteTests.seedPath("/download/table.txt")).text.contains(oldGoal))
            #expect(try await anyone.get("/api/v1" + PublicSiteTests.seedPath()).text.contains(oldGoal))
            #expect(try await anyone.get("/").text.contains(seed), "still listed as published")
            // Those who work on it read it as it is now, and are told what the public reads.
            let working = try await editor.get(workspace).text
            #expect(working.contains("公开页仍显示 ") && working.contains("更正后的绩效目标"))
            // The reason is the reviewer's comment, by display name, not login.
            #expect(working.contains("<div class=\"comment\"><b>财政局审核员</b>") && working.contains("第一个项目的绩效目标需重写"))
            #expect(try await editor.get("/api/v1" + PublicSiteTests.seedPath()).text.contains("更正后的绩效目标"))

            // Submitted, approved, published again: the correction is public, and says so.
            #expect(try await editor.submit(workspace + "/transitions", from: workspace, [("action", "submit"), ("from", "returned"), ("comment", "")]).status == .seeOther)
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace, [("action", "approve"), ("from", "submitted"), ("comment", "")]).status == .seeOther)
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace, [("action", "publish"), ("from", "approved"), ("comment", "")]).status == .seeOther)
            let corrected = try await anyone.get(PublicSiteTests.seedPath()).text
            #expect(corrected.contains("更正后的绩效目标") && !corrected.contains(oldGoal))
            #expect(corrected.contains("已更正：本表于 ") && corrected.contains("第 1 版"))
            #expect(try await anyone.get(PublicSiteTests.seedPath("/download/table.txt")).text.contains("更正后的绩效目标"))
            // The version published first stays to download, named as such.
            let earlier = try await anyone.get(PublicSiteTests.seedPath("/revisions/1/download/table.txt"))
            #expect(earlier.status == .ok && earlier.text.contains(oldGoal) && !earlier.text.contains("更正后的绩效目标"))
            #expect(earlier.headers[.contentDisposition]?.contains(WebPathEncoding.encoded("（第1版）")) == true)
            // The current revision has its own address; a revision that never was is 404.
            #expect(try await anyone.get(PublicSiteTests.seedPath("/revisions/2/download/table.txt")).status == .notFound)
            #expect(try await anyone.get(PublicSiteTests.seedPath("/revisions/9/download/table.txt")).status == .notFound)
            // The timeline names the correction.
            #expect(try await reviewer.get(workspace).text.contains("更正：已公开 → 退回"))
            let revisions = try await setup.store.publications.revisions(department: seed, year: 2025)
            #expect(revisions.map(\.summary.revision) == [1, 2] && revisions.map(\.publishedBy) == ["demo", "reviewer"])
        }
    }

    /// 撤回公开: a table published by mistake leaves the public site at once, with its earlier
    /// versions; published again later, it says so.
    @Test func aWithdrawnPublicationLeavesThePublicSite() async throws {
        try await DemoApp.with { setup in
            let client = setup.client, seed = setup.demo.seedDepartment
            let workspace = "/workspace" + PublicSiteTests.tablePath(seed)
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let editor = try await Browser.signedIn(client, "editor3")
            let anyone = Browser(client)
            #expect(try await anyone.get(PublicSiteTests.seedPath()).status == .ok)
            #expect(try await editor.submit(workspace + "/transitions", from: workspace, [("action", "unpublish"), ("from", "published"), ("comment", "误")]).status == .forbidden)
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace, [("action", "unpublish"), ("from", "published"), ("comment", "")]).status == .unprocessableContent)
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace,
                                              [("action", "unpublish"), ("from", "published"), ("comment", "含不应公开的内容，撤回后修改")]).status == .seeOther)
            for path in [PublicSiteTests.seedPath(), PublicSiteTests.seedPath("/download/table.txt"), "/api/v1" + PublicSiteTests.seedPath()] {
                #expect(try await anyone.get(path).status == .notFound, "\(path)")
            }
            #expect(!(try await anyone.get("/").text.contains(seed)))
            #expect(try await reviewer.get(workspace).text.contains("撤回公开：已公开 → 退回"))
            // The department mends it; published again, it is public, and says it was withdrawn before.
            #expect(try await editor.submit(workspace + "/transitions", from: workspace, [("action", "submit"), ("from", "returned"), ("comment", "")]).status == .seeOther)
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace, [("action", "approve"), ("from", "submitted"), ("comment", "")]).status == .seeOther)
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace, [("action", "publish"), ("from", "approved"), ("comment", "")]).status == .seeOther)
            let again = try await anyone.get(PublicSiteTests.seedPath()).text
            #expect(again.contains("已更正") && again.contains("已撤回"))
            // The withdrawn version is not offered.
            #expect(try await anyone.get(PublicSiteTests.seedPath("/revisions/1/download/table.txt")).status == .notFound)
        }
    }

    @Test func publishingCanBeTheRoleOfItsOwn() async throws {
        try await DemoApp.with { setup in
            let client = setup.client
            let approved = try #require(try await setup.store.listTables().first { $0.state == .approved })
            let workspace = "/workspace" + PublicSiteTests.tablePath(approved.department, year: approved.fiscalYear)
            let admin = try await Browser.signedIn(client, "admin")
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let publisher = try await Browser.signedIn(client, "publisher")
            // By default the reviewers publish; the publisher has nothing to do.
            #expect(try await reviewer.get(workspace).text.contains(">公开</button>"))
            #expect(!(try await publisher.get(workspace).text.contains(">公开</button>")))

            let settings = try await admin.get("/admin/site")
            #expect(settings.status == .ok && settings.text.contains("谁来公开已审核的表"))
            #expect(try await admin.submit("/admin/site", from: "/admin/site", [("publishing", "everyone")]).status == .unprocessableContent)
            #expect(try await admin.submit("/admin/site", from: "/admin/site", [("publishing", "publisher")]).status == .seeOther)
            #expect(try await admin.get("/admin/site").text.contains("value=\"publisher\" checked"))
            // Its only publisher may not be disabled now: no one could publish.
            let only = try #require(try await setup.store.accounts.credentials(login: "publisher")?.account)
            let disabling = try await admin.submit("/admin/users/\(only.id)", from: "/admin/users/\(only.id)",
                                                   [("login", "publisher"), ("display_name", only.displayName), ("role", "publisher"), ("department_id", ""), ("disabled", "1")])
            #expect(disabling.status == .unprocessableContent && disabling.text.contains("唯一启用的“信息公开”账号"))

            // Now the reviewer approves but may not publish; the publisher has it waiting and does.
            #expect(!(try await reviewer.get(workspace).text.contains(">公开</button>")))
            #expect(try await reviewer.submit(workspace + "/transitions", from: workspace, [("action", "publish"), ("from", "approved"), ("comment", "")]).status == .forbidden)
            let waiting = try await publisher.get("/workspace").text
            #expect(waiting.contains("已审核，待公开") && waiting.contains(approved.department))
            #expect(!(try await reviewer.get("/workspace").text.contains("已审核，待公开")))
            // The publisher reads approved and published tables, not drafts.
            let draft = "/workspace" + PublicSiteTests.tablePath(setup.demo.draftDepartment)
            #expect(try await publisher.get(draft).status == .notFound)
            #expect(try await publisher.submit(workspace + "/transitions", from: workspace, [("action", "publish"), ("from", "approved"), ("comment", "")]).status == .seeOther)
            #expect(try await Browser(client).get(PublicSiteTests.tablePath(approved.department, year: approved.fiscalYear)).status == .ok)
            #expect(try await setup.store.auditLog(limit: 50).contains { $0.record.entity == "site_setting" && $0.record.actor == "admin" })
        }
    }

    @Test func theReviewersListSortsAndFilters() async throws {
        try await DemoApp.with { setup in
            let reviewer = try await Browser.signedIn(setup.client, "reviewer")
            let all = try await reviewer.get("/workspace").text
            let submitted = try #require(try await setup.store.listTables().first { $0.state == .submitted && $0.fiscalYear == 2025 })
            let approved = try #require(try await setup.store.listTables().first { $0.state == .approved && $0.fiscalYear == 2025 })
            #expect(all.contains("待审核") && all.contains("已审核，待公开"))
            let onlySubmitted = try await reviewer.get("/workspace?state=submitted").text
            #expect(onlySubmitted.contains("\(submitted.department) 2025 年度</a>：待审核") && !onlySubmitted.contains("已审核，待公开"))
            #expect(onlySubmitted.contains("<option value=\"submitted\" selected>"))
            let byName = try await reviewer.get("/workspace?q=" + WebPathEncoding.encoded(approved.department)).text
            #expect(byName.contains("\(approved.department) 2025 年度</a>") && !byName.contains("\(submitted.department) 2025 年度</a>：待审核"))
            #expect(try await reviewer.get("/workspace?q=" + WebPathEncoding.encoded("没有这个部门")).text.contains("没有符合条件的待办"))
            // By department name: the order of the names.
            let sorted = try await reviewer.get("/workspace?sort=department").text
            let order = sorted.components(separatedBy: "<p class=\"awaits\"><a href=\"").dropFirst().compactMap { $0.components(separatedBy: "\">").dropFirst().first?.components(separatedBy: " ").first }
            #expect(order.count >= 2 && order == order.sorted())
            // A sort that is none of the choices is the default, not an error.
            #expect(try await reviewer.get("/workspace?sort=sideways").status == .ok)
        }
    }
}

/// Percent-encoding as a query value or a `filename*` carries it.
enum WebPathEncoding {
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))) ?? text
    }
}
