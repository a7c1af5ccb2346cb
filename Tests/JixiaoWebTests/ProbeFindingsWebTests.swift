import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoTestSupport
@testable import JixiaoWeb
import Logging
import Testing

/// Issue 14's findings in the web app, each with the request that showed it.
@Suite struct ProbeFindingsWebTests {
    static func object(_ page: Browser.Page) throws -> [String: Any] { try WorkflowAPITests.object(page) }

    /// editor1's script (a token the administrator issued), its draft table's API path, and the
    /// id of the table's first project.
    static func editorsScript(_ client: any TestClientProtocol, _ demo: DemoData.Loaded) async throws -> (Browser, String, Int64) {
        let admin = try await Browser.signedIn(client, "admin")
        let script = Browser(client)
        script.bearer = try await WorkflowAPITests.token("editor1", admin)
        let table = "/api/v1" + PublicSiteTests.tablePath(demo.draftDepartment)
        let first = try #require((try object(try await script.get(table + "/projects"))["items"] as? [[String: Any]])?.first)
        return (script, table, try #require((first["id"] as? NSNumber)?.int64Value))
    }

    // MARK: Finding 3 — a deleted project's id handed to another department

    @Test func aDeletedProjectsIdIsNeverGivenAgain() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let admin = try await Browser.signedIn(client, "admin")
            let editor1 = Browser(client), editor2 = Browser(client)
            editor1.bearer = try await WorkflowAPITests.token("editor1", admin)
            editor2.bearer = try await WorkflowAPITests.token("editor2", admin)
            let mine = "/api/v1" + PublicSiteTests.tablePath(demo.draftDepartment)
            let theirs = "/api/v1" + PublicSiteTests.tablePath(demo.returnedDepartment)
            func unit(_ table: String, _ browser: Browser) async throws -> Int64 {
                let items = try #require(try Self.object(try await browser.get(table + "/projects"))["items"] as? [[String: Any]])
                return try #require((items.first?["unit_id"] as? NSNumber)?.int64Value)
            }
            // editor1 makes a project with a secret goal and amounts, saves it, deletes it.
            let created = try Self.object(try await editor1.json(mine + "/projects", .post, #"{"unit_id":\#(try await unit(mine, editor1)),"name":"秘密项目"}"#))
            let secretID = try #require((created["id"] as? NSNumber)?.int64Value)
            let body = #"{"version":1,"name":"秘密项目","goal":"只有本部门知道的目标","amounts_fen":{"fiscal":123456700},"indicators":[]}"#
            #expect(try await editor1.json(mine + "/projects/\(secretID)", .put, body).status == .ok)
            #expect(try await editor1.json(mine + "/projects/\(secretID)?version=2", .delete, "").status == .noContent)
            // editor2's next project gets a new id, and its history holds nothing of editor1's.
            let next = try Self.object(try await editor2.json(theirs + "/projects", .post, #"{"unit_id":\#(try await unit(theirs, editor2)),"name":"新项目"}"#))
            let nextID = try #require((next["id"] as? NSNumber)?.int64Value)
            #expect(nextID > secretID)
            let history = try await editor2.get(theirs + "/projects/\(nextID)/history").text
            #expect(!history.contains("只有本部门知道的目标") && !history.contains("秘密项目") && !history.contains("123456700"))
            #expect(try await editor2.get(theirs + "/projects/\(secretID)/history").status == .notFound)
        }
    }

    // MARK: Finding 5 — simultaneous guesses all judged

    @Test func guessesSentAtOnceAreCountedBeforeTheyAreJudged() async throws {
        try await PublicSiteTests.withDemo { client, _ in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        let browser = Browser(client)
                        return try await browser.signIn("editor1", password: i == 9 ? "jixiao-demo" : "wrong-\(i)").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let judged = statuses.filter { $0 != .tooManyRequests }
            // Five may be judged at most (the per-login limit); the rest are refused unjudged.
            #expect(judged.count <= LoginThrottle.perLogin.failures, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 10 - LoginThrottle.perLogin.failures)
        }
    }

    @Test func theThrottleCountsAttemptsInFlight() async throws {
        let store = try await Store.open(TemporaryDatabase.sqliteURL("web"))
        let throttle = LoginThrottle(attempts: store.accounts.signInAttempts)
        let keys = LoginThrottle.keys(login: "x", address: nil)
        var attempts: [LoginThrottle.Attempt] = []
        for _ in 0..<LoginThrottle.perLogin.failures {
            guard case .success(let attempt) = try await throttle.reserve(keys) else { Issue.record("refused too early"); return }
            attempts.append(attempt)
        }
        guard case .failure(let waiting) = try await throttle.reserve(keys) else { Issue.record("a sixth attempt in flight was allowed"); return }
        #expect(waiting.duration == .seconds(1) && waiting.inFlight)
        try await throttle.succeeded(attempts.removeLast(), login: "x")
        #expect((try? await throttle.reserve(keys).get()) != nil)
        try await store.close()
    }

    // MARK: Finding 7 — anonymous requests growing the cache and the log

    @Test func nonCanonicalPathsAreNeitherTablesNorCached() async throws {
        let store = try await Store.open(TemporaryDatabase.sqliteURL("web"))
        let demo = try await DemoData.load(into: store, passwordCost: 4)
        let (app, tables) = assembleApplication(WebConfiguration.forTests(publishedListLifetime: .seconds(600)), repository: store, logger: Logger(label: "test"))
        try await app.test(.router) { client in
            func status(_ uri: String) async throws -> HTTPResponse.Status { try await client.execute(uri: uri, method: .get) { $0.status } }
            let canonical = PublicSiteTests.tablePath(demo.seedDepartment, "/download/table.json")
            let status1 = try await status(canonical)
            #expect(status1 == .ok)
            let cached = tables.cache.size.count
            #expect(cached == 1)
            let zeros = canonical.replacingOccurrences(of: "/2025/", with: "/" + String(repeating: "0", count: 80) + "2025/")
            let status2 = try await status(zeros)
            #expect(status2 == .notFound)
            let status3 = try await status(canonical.replacingOccurrences(of: "/2025/", with: "/02025/"))
            #expect(status3 == .notFound)
            // The same table with lower-case escapes is answered, but not kept a second time.
            let lower = "/tables/2025/" + PublicSiteTests.tablePath(demo.seedDepartment).dropFirst("/tables/2025/".count).lowercased() + "/download/table.json"
            #expect(lower != canonical)
            let status4 = try await status(lower)
            #expect(status4 == .ok)
            #expect(tables.cache.size.count == cached)
            // A path longer than any of the site's is refused before anything reads it.
            let long = "/tables/2025/" + String(repeating: "a", count: 80_000)
            let status5 = try await status(long)
            #expect(status5 == .uriTooLong)
        }
        #expect(RequestLog.loggable(String(repeating: "x", count: 80_000)).utf8.count < 300)
        try await store.close()
    }

    // MARK: Finding 8 — open redirect after sign-in

    @Test func onlyPathsOfThisSiteAreFollowedAfterSignIn() {
        for bad in ["/\t/evil.example", "/\u{0009}/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/\n/evil.example",
                    "/ /evil.example", "/\u{7F}/x", "evil.example", "/%09/evil.example/\u{0}"] {
            #expect(SignIn.safeNext(bad) == "", "\(bad.debugDescription)")
        }
        for good in ["/workspace", "/tables/2025/%E4%B8%AD", "/admin/users?x=1", "/"] {
            #expect(SignIn.safeNext(good) == good)
        }
    }

    @Test func aTabInNextDoesNotLeaveTheSite() async throws {
        try await PublicSiteTests.withDemo { client, _ in
            let browser = Browser(client)
            let token = try await browser.get("/login?next=%2F%09%2Fevil.example").csrf ?? ""
            let signedIn = try await browser.post("/login", [("_csrf", token), ("login", "reviewer"), ("password", "jixiao-demo"), ("next", "/\t/evil.example")])
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/workspace")
        }
    }

    // MARK: Finding 11 — counting tables the caller may not read

    @Test func anonymousCountsAreOfPublishedTablesOnly() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let anonymous = Browser(client)
            let years = try #require(try Self.object(try await anonymous.get("/api/v1/years"))["items"] as? [[String: Any]])
            let published2025 = try Self.object(try await anonymous.get("/api/v1/tables?per_page=500"))["items"] as? [[String: Any]] ?? []
            let count2025 = published2025.filter { ($0["fiscal_year"] as? NSNumber)?.intValue == 2025 }.count
            #expect(years.first { ($0["year"] as? NSNumber)?.intValue == 2025 }?["tables"] as? Int == count2025)
            #expect(count2025 == 2)
            let departments = try #require(try Self.object(try await anonymous.get("/api/v1/departments"))["items"] as? [[String: Any]])
            #expect(departments.first { $0["name"] as? String == demo.draftDepartment }?["tables"] as? Int == 1) // its 2024 table, published
            let reviewer = try await Browser.signedIn(client, "reviewer")
            let all = try #require(try Self.object(try await reviewer.get("/api/v1/years"))["items"] as? [[String: Any]])
            #expect(all.first { ($0["year"] as? NSNumber)?.intValue == 2025 }?["tables"] as? Int == 6)
        }
    }

    // MARK: Finding 13 — a project's total past the largest amount

    @Test func aTotalPastTheLimitIsRefusedByTheFormAndTheAPI() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let (script, table, id) = try await Self.editorsScript(client, demo)
            let near = 900_000_000_000_000 // 分: nine tenths of the limit, allowed alone
            let body = #"{"version":1,"name":"x","amounts_fen":{"fiscal":\#(near),"special":\#(near),"other":\#(near)},"indicators":[]}"#
            let refused = try await script.json(table + "/projects/\(id)", .put, body)
            #expect(refused.status == .unprocessableContent && refused.text.contains("more than the largest amount"))

            let editor = try await Browser.signedIn(client, "editor1")
            let page = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment) + "/projects/\(id)"
            let fields = WorkflowTests.replacing(WorkflowTests.formFields(try await editor.get(page).text),
                                                 ["fiscal": "900000000", "special": "900000000", "other": "900000000"])
            let answer = try await editor.post(page, fields)
            #expect(answer.status == .unprocessableContent && answer.text.contains("合计超过一张表可填的最大金额"))
        }
    }

    // MARK: Finding 14 — a session carried into a new sign-in

    @Test func signingInEndsTheSessionTheBrowserCarried() async throws {
        try await PublicSiteTests.withDemo { client, _ in
            let browser = try await Browser.signedIn(client, "editor1")
            let before = try #require(browser.cookies["jixiao_session"])
            let stale = Browser(client)
            stale.cookies["jixiao_session"] = before
            #expect(try await stale.get("/workspace").status == .ok)
            // Signing in again from that browser (the login form opened in another tab earlier).
            let form = Browser(client)
            let token = try #require(try await form.get("/login").csrf)
            browser.cookies["jixiao_login"] = form.cookies["jixiao_login"]
            let signedIn = try await browser.post("/login", [("_csrf", token), ("login", "reviewer"), ("password", "jixiao-demo"), ("next", "")])
            #expect(signedIn.status == .seeOther)
            #expect(browser.cookies["jixiao_session"] != nil && browser.cookies["jixiao_session"] != before)
            // The old cookie, replayed elsewhere, signs nobody in any more.
            #expect(try await stale.get("/workspace").status == .seeOther)
        }
    }

    // MARK: Finding 15 — acting through a token someone else issued

    @Test func theAuditLogNamesWhoIssuedAToken() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let (script, table, id) = try await Self.editorsScript(client, demo)
            let body = #"{"version":1,"name":"由令牌保存","goal":"g","indicators":[]}"#
            #expect(try await script.json(table + "/projects/\(id)", .put, body).status == .ok)
            let history = try Self.object(try await script.get(table + "/projects/\(id)/history"))
            let actors = (history["items"] as? [[String: Any]] ?? []).compactMap { $0["actor"] as? String }
            #expect(actors.contains("editor1（经 admin 签发的令牌）"), "\(actors)")
            // The administrator's token list names who issued each.
            let admin = try await Browser.signedIn(client, "admin")
            #expect(try await admin.get("/admin/tokens").text.contains("<td>editor1</td><td>admin</td>"))
        }
    }

    // MARK: Finding 16 — everyone behind one proxy locked out together

    @Test func theRealClientIsTakenFromATrustedProxyOnly() {
        let trusted = ClientAddress(trustedProxies: ["10.0.0.1"])
        #expect(trusted.resolve(peer: "10.0.0.1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(trusted.resolve(peer: "10.0.0.1", forwardedFor: ["198.51.100.9, 203.0.113.7"]) == "203.0.113.7")
        #expect(trusted.resolve(peer: "10.0.0.1", forwardedFor: ["203.0.113.7, 10.0.0.1"]) == "203.0.113.7")
        #expect(trusted.resolve(peer: "10.0.0.1", forwardedFor: []) == "10.0.0.1")
        // Anyone else's header is not believed.
        #expect(trusted.resolve(peer: "192.0.2.5", forwardedFor: ["203.0.113.7"]) == "192.0.2.5")
        #expect(ClientAddress(trustedProxies: []).resolve(peer: "10.0.0.1", forwardedFor: ["203.0.113.7"]) == "10.0.0.1")
    }

    // MARK: Finding 17 — the first unknown login slower than the others

    @Test func theDummyHashIsMadeWhenTheServerIsAssembled() async throws {
        let cost = 5 // a cost no other test uses, so nothing made it before
        let store = try await Store.open(TemporaryDatabase.sqliteURL("web"))
        let signIn = SignIn(accounts: store.accounts, throttle: LoginThrottle(attempts: store.accounts.signInAttempts), configuration: WebConfiguration(passwordCost: cost))
        #expect(signIn.absentHash.hasPrefix("$2b$05$") || signIn.absentHash.hasPrefix("$2a$05$") || signIn.absentHash.hasPrefix("$2y$05$"))
        #expect(SignIn.absentHash(cost: cost) == signIn.absentHash)
        try await store.close()
    }
}
