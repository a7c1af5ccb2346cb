import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoTestSupport
import JixiaoWeb
import Logging
import Testing

/// Signing in and out, the login rate limit, CSRF, and what an administrator's changes do to
/// the people they concern — through the pages, as a person would use them.
@Suite struct AccountTests {
    @Test func signingInSetsASafeCookieAndSigningOutEndsTheSession() async throws {
        try await PublicSiteTests.withDemo { client, _ in
            let browser = Browser(client)
            let anonymous = try await browser.get("/workspace")
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login?next=/workspace")
            let login = try await browser.get("/login")
            let loginCookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("jixiao_login=") })
            #expect(loginCookie.contains("HttpOnly") && loginCookie.contains("SameSite=Strict"))

            // Without the form's token the login is refused, password or not.
            let forged = try await Browser(client).post("/login", [("login", "editor1"), ("password", "jixiao-demo")])
            #expect(forged.status == .forbidden && forged.text.contains("CSRF"))

            let wrong = try await browser.post("/login", [("_csrf", login.csrf!), ("login", "editor1"), ("password", "wrong-password")])
            #expect(wrong.status == .unauthorized && wrong.text.contains("登录名或密码不正确"))

            let token = try await browser.get("/login?next=/workspace").csrf!
            let signedIn = try await browser.post("/login", [("_csrf", token), ("login", "editor1"), ("password", "jixiao-demo"), ("next", "/workspace")])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/workspace")
            let session = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("jixiao_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"))

            let workspace = try await browser.get("/workspace")
            #expect(workspace.status == .ok && workspace.text.contains("海珠区档案馆") || workspace.text.contains("工作台"))
            #expect(workspace.headers[.cacheControl] == "private, no-store")
            #expect(workspace.text.contains("部门填报"))

            // Signing out is a form with the token; without it nothing happens.
            #expect(try await browser.post("/logout", []).status == .forbidden)
            #expect(try await browser.get("/workspace").status == .ok)
            let out = try await browser.submit("/logout", from: "/workspace", [])
            #expect(out.status == .seeOther && out.headers[.location] == "/")
            #expect(try await browser.get("/workspace").status == .seeOther)
        }
    }

    @Test func aSignInGoesBackOnlyToAPageOfThisSite() async throws {
        try await PublicSiteTests.withDemo { client, _ in
            for (next, expected) in [("/admin/users", "/admin/users"), ("//evil.example/x", "/workspace"), ("https://evil.example/", "/workspace")] {
                let browser = Browser(client)
                let token = try await browser.get("/login").csrf!
                let page = try await browser.post("/login", [("_csrf", token), ("login", "admin"), ("password", "jixiao-demo"), ("next", next)])
                #expect(page.headers[.location] == expected, "\(next)")
            }
        }
    }

    @Test func tooManyFailedSignInsAreRefusedWith429() async throws {
        try await PublicSiteTests.withDemo { client, _ in
            let browser = Browser(client)
            for _ in 0..<5 {
                let token = try await browser.get("/login").csrf!
                #expect(try await browser.post("/login", [("_csrf", token), ("login", "reviewer"), ("password", "guess")]).status == .unauthorized)
            }
            // Now even the right password waits, and the page says for how long.
            let token = try await browser.get("/login").csrf!
            let limited = try await browser.post("/login", [("_csrf", token), ("login", "reviewer"), ("password", "jixiao-demo")])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.contains("登录失败次数过多"))
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 800)
            // Another account is not held up by it.
            #expect(try await Browser(client).signIn("admin").status == .seeOther)
        }
    }

    @Test func anAdministratorsChangesTakeEffectAtOnce() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let admin = try await Browser.signedIn(client, "admin")
            // Forms without the session's token change nothing.
            let forged = try await admin.post("/admin/users", [("_csrf", "not-the-token"), ("login", "zhang"), ("display_name", "张三"),
                                                               ("role", "reviewer"), ("department_id", ""), ("password", "first-password")])
            #expect(forged.status == .forbidden)
            #expect(try await Browser(client).signIn("zhang", password: "first-password").status == .unauthorized)

            // A new reviewer signs in with the password the administrator gave.
            let created = try await admin.submit("/admin/users", from: "/admin/users", [("login", "zhang"), ("display_name", "张三"),
                                                                                      ("role", "reviewer"), ("department_id", ""), ("password", "first-password")])
            #expect(created.status == .seeOther)
            #expect(try await admin.get("/admin/users?notice=created").text.contains("用户已创建"))
            let zhang = Browser(client)
            #expect(try await zhang.signIn("zhang", password: "first-password").status == .seeOther)
            #expect(try await zhang.get("/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)).status == .ok)

            // A taken login and an editor without a department are refused on the form.
            let taken = try await admin.submit("/admin/users", from: "/admin/users", [("login", "zhang"), ("display_name", "另一个"),
                                                                                    ("role", "admin"), ("department_id", ""), ("password", "long-enough")])
            #expect(taken.status == .unprocessableContent && taken.text.contains("登录名“zhang”已存在"))
            let noDepartment = try await admin.submit("/admin/users", from: "/admin/users", [("login", "li"), ("display_name", "李四"),
                                                                                           ("role", "editor"), ("department_id", ""), ("password", "long-enough")])
            #expect(noDepartment.status == .unprocessableContent && noDepartment.text.contains("必须指定所属部门"))

            // Disabling ends zhang's session at once, and zhang cannot sign in again.
            let id = try await AuthorizationMatrixTests.userID("zhang", admin)
            let disabled = try await admin.submit("/admin/users/\(id)", from: "/admin/users/\(id)", [("login", "zhang"), ("display_name", "张三"),
                                                                                                   ("role", "reviewer"), ("department_id", ""), ("disabled", "1")])
            #expect(disabled.status == .seeOther)
            #expect(try await zhang.get("/workspace").status == .seeOther)
            #expect(try await Browser(client).signIn("zhang", password: "first-password").status == .forbidden)

            // The administrator cannot lock themself out.
            let adminID = try await AuthorizationMatrixTests.userID("admin", admin)
            let selfLock = try await admin.submit("/admin/users/\(adminID)", from: "/admin/users/\(adminID)", [("login", "admin"), ("display_name", "系统管理员"),
                                                                                                             ("role", "reviewer"), ("department_id", "")])
            #expect(selfLock.status == .unprocessableContent)

            // A reset password replaces the old one and ends the account's sessions.
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let reviewerID = try await AuthorizationMatrixTests.userID("reviewer", admin)
            #expect(try await admin.submit("/admin/users/\(reviewerID)/password", from: "/admin/users/\(reviewerID)", [("password", "short")]).status == .unprocessableContent)
            #expect(try await admin.submit("/admin/users/\(reviewerID)/password", from: "/admin/users/\(reviewerID)", [("password", "reset-password")]).status == .seeOther)
            #expect(try await reviewer.get("/workspace").status == .seeOther)
            #expect(try await Browser(client).signIn("reviewer").status == .unauthorized)
            #expect(try await Browser(client).signIn("reviewer", password: "reset-password").status == .seeOther)

            // Departments and fiscal years.
            #expect(try await admin.submit("/admin/departments", from: "/admin/departments", [("name", "广州市越秀区新设局")]).status == .seeOther)
            #expect(try await admin.get("/admin/departments").text.contains("广州市越秀区新设局"))
            #expect(try await admin.submit("/admin/departments", from: "/admin/departments", [("name", "广州市越秀区新设局")]).status == .unprocessableContent)
            #expect(try await admin.submit("/admin/years", from: "/admin/years", [("year", "2026")]).status == .seeOther)
            #expect(try await admin.submit("/admin/years", from: "/admin/years", [("year", "2026")]).text.contains("2026 年度已存在"))
            #expect(try await admin.submit("/admin/years", from: "/admin/years", [("year", "99999")]).status == .unprocessableContent)
        }
    }

    /// Each administration form read as its struct: a refused one comes back with what was
    /// typed; a value no form offers (a role, an operation, an action) is a 422 naming its field.
    @Test func refusedFormsComeBackAsTypedAndNameTheirField() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let admin = try await Browser.signedIn(client, "admin")
            let long = String(repeating: "部", count: 101)
            let department = try await admin.submit("/admin/departments", from: "/admin/departments", [("name", long)])
            #expect(department.status == .unprocessableContent && department.text.contains("value=\"\(long)\""))
            let year = try await admin.submit("/admin/years", from: "/admin/years", [("year", "二〇二六")])
            #expect(year.status == .unprocessableContent && year.text.contains("value=\"二〇二六\""))
            let users = try await admin.get("/admin/tokens")
            let owner = try #require(users.text.range(of: #"<option value="(\d+)">editor1"#, options: .regularExpression).map { String(users.text[$0]) })
            let ownerID = String(owner.dropFirst(#"<option value=""#.count).prefix { $0.isNumber })
            let token = try await admin.submit("/admin/tokens", from: "/admin/tokens", [("name", " "), ("user_id", ownerID)])
            #expect(token.status == .unprocessableContent && token.text.contains(#"<option value="\#(ownerID)" selected>editor1"#))
            let role = try await admin.submit("/admin/users", from: "/admin/users", [("login", "li"), ("display_name", "李四"), ("role", "owner"),
                                                                                   ("department_id", ""), ("password", "first-password")])
            #expect(role.status == .unprocessableContent && role.text.contains("表单字段 role 的值“owner”不是可选的值"))

            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let editor = try await Browser.signedIn(client, "editor1")
            let operation = try await editor.submit(table + "/structure", from: table, [("op", "explode"), ("id", "1")])
            #expect(operation.status == .unprocessableContent && operation.text.contains("表单字段 op 的值“explode”"))
            let action = try await editor.submit(table + "/transitions", from: table, [("action", "explode"), ("from", "draft"), ("comment", "")])
            #expect(action.status == .unprocessableContent && action.text.contains("表单字段 action"))
            let id = try await editor.submit(table + "/structure", from: table, [("op", "unit-up"), ("id", "第一")])
            #expect(id.status == .unprocessableContent && id.text.contains("表单字段 id 的值“第一”不是数字"))
        }
    }

    @Test func aPersonChangesTheirOwnPasswordAndStaysSignedIn() async throws {
        try await PublicSiteTests.withDemo { client, _ in
            let editor = try await Browser.signedIn(client, "editor2")
            let wrong = try await editor.submit("/account/password", from: "/account", [("current", "nope"), ("password", "new-password"), ("confirm", "new-password")])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("当前密码不正确"))
            let mismatch = try await editor.submit("/account/password", from: "/account", [("current", "jixiao-demo"), ("password", "new-password"), ("confirm", "other-password")])
            #expect(mismatch.status == .unprocessableContent && mismatch.text.contains("不一致"))
            let changed = try await editor.submit("/account/password", from: "/account", [("current", "jixiao-demo"), ("password", "new-password"), ("confirm", "new-password")])
            #expect(changed.status == .seeOther)
            #expect(try await editor.get("/account?notice=password").text.contains("密码已修改"))
            #expect(try await Browser(client).signIn("editor2").status == .unauthorized)
            #expect(try await Browser(client).signIn("editor2", password: "new-password").status == .seeOther)
        }
    }

    @Test func anEditorSeesItsDraftWithItsFindings() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let editor = try await Browser.signedIn(client, "editor1")
            let workspace = try await editor.get("/workspace")
            #expect(workspace.text.contains(demo.draftDepartment) && workspace.text.contains("草稿"))
            #expect(!workspace.text.contains(demo.returnedDepartment))
            let page = try await editor.get("/workspace" + PublicSiteTests.tablePath(demo.draftDepartment))
            #expect(page.status == .ok)
            #expect(page.text.contains("审核发现") && page.text.contains("修改建议"))
            // Findings name their rule (e.g. `AMT-…`) and where they are.
            #expect(page.text.range(of: #"<code class="rule-id">[A-Z]+-[A-Z0-9-]+</code>"#, options: .regularExpression) != nil)
            #expect(page.text.contains("<table class=\"budget-table\"") || page.text.contains("项目支出绩效目标表"))
            // The public page shows the signed-in header, and is not stored by shared caches.
            let public_ = try await editor.get(PublicSiteTests.seedPath())
            #expect(public_.text.contains("editor1") == false && public_.text.contains("退出"))
            #expect(public_.headers[.cacheControl] == "private, no-store" && public_.headers[.vary] == "Cookie")
        }
    }

    /// Sessions live in the database: a restarted server (a new application on the same
    /// database) still knows who is signed in.
    @Test func sessionsSurviveARestart() async throws {
        let store = try await Store.open(TemporaryDatabase.sqliteURL("web"))
        _ = try await DemoData.load(into: store, passwordCost: 4)
        let cookies = try await buildApplication(WebConfiguration(passwordCost: 4), repository: store, logger: Logger(label: "test")).test(.router) { client in
            let browser = try await Browser.signedIn(client, "reviewer")
            return browser.cookies
        }
        try await buildApplication(WebConfiguration(passwordCost: 4), repository: store, logger: Logger(label: "test")).test(.router) { client in
            let header = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            try await client.execute(uri: "/workspace", method: .get, headers: [.cookie: header]) { response in
                #expect(response.status == .ok)
            }
        }
        try await store.close()
    }
}
