import Foundation
import Hummingbird
import HummingbirdTesting
import JixiaoStore
import JixiaoWeb
import Testing

/// Every route, asked by each kind of visitor: anonymous, the editor of department A (its 2025
/// table is a draft), the editor of B (returned), the finance reviewer and the administrator.
/// Each cell is the status the route must answer. Pages send the anonymous to sign in (303);
/// a table someone may not read is 404 (its existence is not told); a page of another role
/// is 403; the API says 401 to the anonymous where it needs someone.
@Suite struct AuthorizationMatrixTests {
    enum Who: Int, CaseIterable, CustomStringConvertible {
        case anonymous, editorA, editorB, reviewer, admin

        var login: String? { [nil, "editor1", "editor2", "reviewer", "admin"][rawValue] }
        var description: String { login ?? "anonymous" }
    }

    struct Route {
        var method: HTTPRequest.Method
        var path: String
        /// Statuses for anonymous, editor A, editor B, reviewer, admin.
        var expected: [HTTPResponse.Status]
        var form: [(String, String)] = []
        /// A JSON body: the route is an API write.
        var json: String? = nil
    }

    static func routes(_ demo: DemoData.Loaded, userID: Int64, projectA: Int64 = 1) -> [Route] {
        let (a, b, p) = (PublicSiteTests.tablePath(demo.draftDepartment), PublicSiteTests.tablePath(demo.returnedDepartment), PublicSiteTests.seedPath())
        let all = { (status: HTTPResponse.Status) in [HTTPResponse.Status](repeating: status, count: 5) }
        let signedIn: [HTTPResponse.Status] = [.seeOther, .ok, .ok, .ok, .ok]
        let onlyA: [HTTPResponse.Status] = [.seeOther, .ok, .notFound, .ok, .notFound]
        let onlyB: [HTTPResponse.Status] = [.seeOther, .notFound, .ok, .ok, .notFound]
        let admin: [HTTPResponse.Status] = [.seeOther, .forbidden, .forbidden, .forbidden, .ok]
        let m = "/workspace/monitoring/2025/7/" + demo.draftDepartment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
        let adminPost: [HTTPResponse.Status] = [.seeOther, .forbidden, .forbidden, .forbidden, .seeOther]
        return [
            Route(method: .get, path: "/", expected: all(.ok)),
            Route(method: .get, path: p, expected: all(.ok)),
            Route(method: .get, path: p + "/download/table.csv", expected: all(.ok)),
            Route(method: .get, path: a, expected: all(.notFound)),
            Route(method: .get, path: a + "/download/table.csv", expected: all(.notFound)),
            Route(method: .get, path: b + "/download/table.xlsx", expected: all(.notFound)),
            Route(method: .get, path: "/login", expected: [.ok, .seeOther, .seeOther, .seeOther, .seeOther]),
            Route(method: .get, path: "/account", expected: signedIn),
            Route(method: .get, path: "/workspace", expected: signedIn),
            Route(method: .get, path: "/workspace" + p, expected: signedIn),
            Route(method: .get, path: "/workspace" + a, expected: onlyA),
            Route(method: .get, path: "/workspace" + a + "/download/table.json", expected: onlyA),
            Route(method: .get, path: "/workspace" + b, expected: onlyB),
            Route(method: .get, path: "/workspace" + b + "/download/table.xlsx", expected: onlyB),
            // Editing and the workflow (issue 8): A's draft project, its history, comments, transitions.
            // A reviewer reads a project it cannot edit (the read-only view).
            Route(method: .get, path: "/workspace" + a + "/projects/\(projectA)", expected: [.seeOther, .ok, .notFound, .ok, .notFound]),
            Route(method: .post, path: "/workspace" + a + "/projects/\(projectA)", expected: [.seeOther, .unprocessableContent, .notFound, .forbidden, .notFound],
                  form: [("version", "1"), ("rows", "0"), ("name", "")]),
            Route(method: .get, path: "/workspace" + a + "/projects/\(projectA)/history", expected: onlyA),
            Route(method: .post, path: "/workspace" + a + "/comments", expected: [.seeOther, .seeOther, .notFound, .seeOther, .notFound], form: [("body", "意见")]),
            // 新建本年度表: only the department's own editor, and only for an opened year without a table.
            Route(method: .post, path: "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment, "/create", year: 2031),
                  expected: [.seeOther, .conflict, .forbidden, .forbidden, .forbidden], form: [("start", "blank")]),
            Route(method: .post, path: "/workspace" + a + "/transitions", expected: [.seeOther, .forbidden, .notFound, .conflict, .notFound],
                  form: [("action", "approve"), ("from", "submitted")]),
            // A form body that is not multipart: past the access checks, refused as a bad request.
            Route(method: .post, path: "/workspace" + a + "/upload", expected: [.seeOther, .badRequest, .notFound, .forbidden, .notFound], form: [("replace", "1")]),
            Route(method: .post, path: "/workspace" + a + "/structure", expected: [.seeOther, .seeOther, .notFound, .forbidden, .notFound],
                  form: [("op", "add-unit"), ("name", "矩阵测试单位")]),
            Route(method: .get, path: "/static/project-edit.js", expected: all(.ok)),
            Route(method: .get, path: "/static/confirm.js", expected: all(.ok)),
            Route(method: .get, path: "/api/v1/reading?text=%E2%89%A52%E4%BA%BA", expected: all(.ok)),
            Route(method: .get, path: "/api/v1" + a + "/projects", expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1" + a + "/projects/\(projectA)", expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1" + a + "/projects/\(projectA)/history", expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1" + a + "/history", expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1" + a + "/comments", expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1" + p + "/comments", expected: all(.ok)),
            // API writes take a token: a session is refused (403), the anonymous 401.
            Route(method: .post, path: "/api/v1" + a + "/comments", expected: [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden], json: #"{"body":"x"}"#),
            Route(method: .post, path: "/api/v1" + a + "/transitions", expected: [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden], json: #"{"action":"submit"}"#),
            Route(method: .put, path: "/api/v1" + a + "/projects/\(projectA)", expected: [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden], json: #"{"version":1,"name":"x"}"#),
            Route(method: .post, path: "/api/v1" + a + "/projects", expected: [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden], json: #"{"unit_id":1,"name":"x"}"#),
            Route(method: .delete, path: "/api/v1" + a + "/projects/\(projectA)?version=1", expected: [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden], json: "{}"),
            // Monitoring (issue 19): A's report in the demo's 2025 round of 1–7月; the overview is the reviewers'.
            Route(method: .get, path: "/workspace/monitoring/2025/7", expected: [.seeOther, .notFound, .notFound, .ok, .notFound]),
            Route(method: .get, path: "/workspace/monitoring/2025/7/download/monitoring.zip", expected: [.seeOther, .notFound, .notFound, .ok, .notFound]),
            Route(method: .get, path: m, expected: onlyA),
            Route(method: .get, path: m + "/download/monitoring.html", expected: onlyA),
            Route(method: .get, path: m + "/projects/\(projectA)", expected: onlyA),
            Route(method: .post, path: m + "/projects/\(projectA)", expected: [.seeOther, .unprocessableContent, .notFound, .forbidden, .notFound],
                  form: [("version", "0"), ("spent", "x")]),
            Route(method: .post, path: m + "/projects/\(projectA)/preview", expected: [.seeOther, .ok, .notFound, .ok, .notFound], form: [("version", "0")]),
            Route(method: .post, path: m + "/transitions", expected: [.seeOther, .forbidden, .notFound, .conflict, .notFound], form: [("action", "approve"), ("from", "submitted")]),
            Route(method: .post, path: m + "/comments", expected: [.seeOther, .seeOther, .notFound, .seeOther, .notFound], form: [("body", "意见"), ("project", "")]),
            Route(method: .post, path: m + "/upload", expected: [.seeOther, .badRequest, .notFound, .forbidden, .notFound], form: [("x", "1")]),
            Route(method: .get, path: "/admin/monitoring", expected: admin),
            Route(method: .post, path: "/admin/monitoring", expected: adminPost, form: [("year", "2025"), ("month", "10"), ("due", "2025-11-15")]),
            Route(method: .post, path: "/admin/monitoring/2025/7", expected: adminPost, form: [("due", "2025-12-15")]),  // no "-0": the matrix makes those unique
            Route(method: .get, path: "/static/monitoring-edit.js", expected: all(.ok)),
            Route(method: .get, path: "/api/v1/monitoring", expected: all(.ok)),
            Route(method: .get, path: "/api/v1/monitoring/2025/7", expected: [.notFound, .notFound, .notFound, .ok, .notFound]),
            Route(method: .get, path: "/api/v1" + m.dropFirst("/workspace".count), expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .put, path: "/api/v1" + m.dropFirst("/workspace".count) + "/projects/\(projectA)",
                  expected: [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden], json: #"{"version":0}"#),
            Route(method: .post, path: "/api/v1" + m.dropFirst("/workspace".count) + "/transitions",
                  expected: [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden], json: #"{"action":"submit"}"#),
            Route(method: .get, path: "/admin/users", expected: admin),
            Route(method: .get, path: "/admin/users/\(userID)", expected: admin),
            Route(method: .get, path: "/admin/departments", expected: admin),
            Route(method: .get, path: "/admin/years", expected: admin),
            Route(method: .get, path: "/admin/tokens", expected: admin),
            Route(method: .post, path: "/admin/users", expected: adminPost,
                  form: [("login", "new-0"), ("display_name", "新人"), ("role", "reviewer"), ("department_id", ""), ("password", "long-enough-1")]),
            Route(method: .post, path: "/admin/users/\(userID)", expected: adminPost,
                  form: [("login", "editor3"), ("display_name", "改任审核"), ("role", "reviewer"), ("department_id", "")]),
            Route(method: .post, path: "/admin/users/\(userID)/password", expected: adminPost, form: [("password", "jixiao-demo")]),
            Route(method: .post, path: "/admin/departments", expected: adminPost, form: [("name", "新部门-0")]),
            Route(method: .post, path: "/admin/years", expected: adminPost, form: [("year", "2050")]),
            Route(method: .post, path: "/admin/tokens", expected: [.seeOther, .forbidden, .forbidden, .forbidden, .ok], form: [("name", "t"), ("user_id", "\(userID)")]),
            Route(method: .post, path: "/admin/tokens/999999/revoke", expected: adminPost),
            Route(method: .get, path: "/admin/rules?year=2025", expected: admin),
            Route(method: .get, path: "/admin/audit?actor=editor1", expected: admin),
            Route(method: .post, path: "/admin/rules", expected: adminPost,
                  form: [("year", "2025"), ("rules[0][id]", "SUM-TOTAL"), ("rules[0][on]", "1"), ("largeProjectWanYuan", "500"), ("minimumIndicators", "3"), ("copyShare", "60"),
                         ("projectCeilingWanYuan", "100000"), ("changeFactor", "10"), ("vagueWords", "提高")]),
            Route(method: .get, path: "/api/v1/tables", expected: all(.ok)),
            Route(method: .get, path: "/api/v1" + p, expected: all(.ok)),
            Route(method: .get, path: "/api/v1" + p + "/findings", expected: all(.ok)),
            Route(method: .get, path: "/api/v1" + a, expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1" + a + "/findings", expected: onlyA.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1" + b, expected: onlyB.map { $0 == .seeOther ? .notFound : $0 }),
            Route(method: .get, path: "/api/v1/departments", expected: all(.ok)),
            Route(method: .get, path: "/api/v1/years", expected: all(.ok)),
            Route(method: .get, path: "/api/v1/me", expected: [.unauthorized, .ok, .ok, .ok, .ok]),
            Route(method: .get, path: "/openapi.json", expected: all(.ok)),
            Route(method: .get, path: "/healthz", expected: all(.ok)),
            Route(method: .get, path: "/livez", expected: all(.ok)),
            // Only for the addresses --metrics-from names, whoever is signed in: the test
            // client has no address of its own (deploy-check reads it from 127.0.0.1).
            Route(method: .get, path: "/metrics", expected: all(.notFound)),
            // The year's published tables in one file: anyone's, drafts never in it (BulkDownloadTests).
            Route(method: .get, path: "/bulk/2025.csv", expected: all(.ok)),
            Route(method: .get, path: "/bulk/2025.jsonl", expected: all(.ok)),
            Route(method: .get, path: "/bulk/2025.xlsx", expected: all(.ok)),
        ]
    }

    /// Signed in through the login form; each POST carries the CSRF token of the visitor's
    /// own workspace page (the anonymous have none to send).
    @Test func everyRouteAnswersEachRoleAsItShould() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            var browsers: [Who: Browser] = [:]
            for who in Who.allCases {
                let browser = Browser(client)
                if let login = who.login {
                    let signIn = try await browser.signIn(login)
                    #expect(signIn.status == .seeOther && signIn.headers[.location] == "/workspace", "\(who) signs in")
                }
                browsers[who] = browser
            }
            // The account the admin routes change: not one of the visitors (a password reset
            // ends its sessions).
            let target = try await Self.userID("editor3", browsers[.admin]!)
            let projectA = try await Self.firstProject(demo, browsers[.reviewer]!)
            var failures: [String] = []
            for (n, route) in Self.routes(demo, userID: target, projectA: projectA).enumerated() {
                for who in Who.allCases {
                    let browser = browsers[who]!
                    var form = route.form
                    // A form a person would submit: unique names per visitor, the visitor's token.
                    form = form.map { ($0.0, $0.1.replacingOccurrences(of: "-0", with: "-\(n)-\(who.rawValue)")) }
                    let page = if let json = route.json {
                        try await browser.json(route.path, route.method, json)
                    } else if route.method == .get {
                        try await browser.get(route.path)
                    } else {
                        try await browser.submit(route.path, from: who == .anonymous ? "/" : "/workspace", form)
                    }
                    if page.status != route.expected[who.rawValue] {
                        failures.append("\(route.method) \(route.path) as \(who): \(page.status.code), expected \(route.expected[who.rawValue].code)")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    /// The same API, asked with each role's API token (issued on the admin page) instead of a
    /// session: a token reads exactly what its account reads.
    @Test func tokensReadWhatTheirAccountReads() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let admin = Browser(client)
            _ = try await admin.signIn("admin")
            let target = try await Self.userID("editor3", admin)
            let projectA = try await Self.firstProject(demo, try await Browser.signedIn(client, "reviewer"))
            for who in Who.allCases where who != .anonymous {
                let id = try await Self.userID(who.login!, admin)
                let issued = try await admin.submit("/admin/tokens", from: "/admin/tokens", [("name", "脚本-\(who)"), ("user_id", "\(id)")])
                let secret = try #require(issued.text.range(of: #"<code>(jx_[A-Za-z0-9_-]{43})</code>"#, options: .regularExpression).map {
                    String(issued.text[$0].dropFirst(6).dropLast(7))
                })
                let script = Browser(client)
                script.bearer = secret
                for route in Self.routes(demo, userID: target, projectA: projectA) where route.path.hasPrefix("/api/") && route.method == .get {
                    let page = try await script.get(route.path)
                    #expect(page.status == route.expected[who.rawValue], "\(route.path) with \(who)'s token")
                }
            }
            // A token that is not one, or is revoked, is refused outright.
            let stranger = Browser(client)
            stranger.bearer = "jx_" + String(repeating: "A", count: 43)
            let refused = try await stranger.get("/api/v1/tables")
            #expect(refused.status == .unauthorized && refused.headers[.wwwAuthenticate] == "Bearer")
            #expect(refused.headers[.contentType] == "application/problem+json")
        }
    }

    /// Anonymous visitors never see an unpublished table, by page, download or API; an
    /// editor's API list is the published tables and its own department's.
    @Test func unpublishedTablesStayWithTheirReaders() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let anonymous = Browser(client)
            let all = try await Self.items(Browser.signedIn(client, "reviewer"))
            #expect(all.count == 11)
            for item in all where item.state != "published" {
                let path = PublicSiteTests.tablePath(item.department, year: item.year)
                for uri in [path, path + "/download/table.pdf", "/api/v1" + path, "/api/v1" + path + "/findings"] {
                    #expect(try await anonymous.get(uri).status == .notFound, "\(uri)")
                }
            }
            #expect(try await Self.items(anonymous).allSatisfy { $0.state == "published" })
            let editorA = try await Self.items(Browser.signedIn(client, "editor1"))
            #expect(Set(editorA.filter { $0.state != "published" }.map(\.department)) == [demo.draftDepartment])
            #expect(try await Self.items(Browser.signedIn(client, "admin")).allSatisfy { $0.state == "published" })
        }
    }

    /// The id of the first project of department A's draft, as the reviewer reads it.
    static func firstProject(_ demo: DemoData.Loaded, _ reviewer: Browser) async throws -> Int64 {
        let page = try await reviewer.get("/api/v1" + PublicSiteTests.tablePath(demo.draftDepartment) + "/projects")
        let object = try JSONSerialization.jsonObject(with: Data(page.text.utf8)) as? [String: Any]
        return try #require(((object?["items"] as? [[String: Any]])?.first?["id"] as? NSNumber)?.int64Value)
    }

    static func items(_ browser: Browser) async throws -> [(department: String, year: Int, state: String)] {
        let page = try await browser.get("/api/v1/tables?per_page=500")
        let object = try JSONSerialization.jsonObject(with: Data(page.text.utf8)) as? [String: Any]
        return (object?["items"] as? [[String: Any]] ?? []).map { ($0["department"] as! String, $0["fiscal_year"] as! Int, $0["state"] as! String) }
    }

    /// An account's id, read off the admin's user list (`/admin/users/ID` next to its login).
    static func userID(_ login: String, _ admin: Browser) async throws -> Int64 {
        let page = try await admin.get("/admin/users").text
        let row = try #require(page.components(separatedBy: "<tr>").first { $0.hasPrefix("<td>\(login)</td>") })
        let id = try #require(row.range(of: #"/admin/users/\d+"#, options: .regularExpression).map { row[$0].dropFirst(13) })
        return Int64(id)!
    }
}

extension Browser {
    static func signedIn(_ client: any TestClientProtocol, _ login: String) async throws -> Browser {
        let browser = Browser(client)
        _ = try await browser.signIn(login)
        return browser
    }
}

extension AuthorizationMatrixTests {
    /// The matrix asks every path `/openapi.json` documents (so a new API path cannot be added
    /// without deciding who may call it).
    @Test func theMatrixCoversEveryDocumentedPath() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let document = try await client.execute(uri: "/openapi.json", method: .get) { response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            let documented = try #require(document?["paths"] as? [String: [String: Any]])
            // The matrix's paths in the document's terms: a table's path and a project's id as parameters.
            let asked = Set(Self.routes(demo, userID: 1).map { route -> String in
                let path = route.path.components(separatedBy: "?")[0]
                    .replacingOccurrences(of: #"/tables/\d+/[^/]+"#, with: "/tables/{year}/{department}", options: .regularExpression)
                    .replacingOccurrences(of: #"/projects/\d+"#, with: "/projects/{id}", options: .regularExpression)
                    .replacingOccurrences(of: #"/monitoring/\d+/\d+/[^/]+"#, with: "/monitoring/{year}/{month}/{department}", options: .regularExpression)
                    .replacingOccurrences(of: #"/monitoring/\d+/\d+$"#, with: "/monitoring/{year}/{month}", options: .regularExpression)
                    .replacingOccurrences(of: #"^/bulk/\d+\."#, with: "/bulk/{year}.", options: .regularExpression)
                return "\(route.method.rawValue.lowercased()) \(path)"
            })
            for (path, operations) in documented {
                for method in operations.keys where ["get", "put", "post", "delete"].contains(method) {
                    #expect(asked.contains("\(method) \(path)"), "\(method) \(path) is not in the authorization matrix")
                }
            }
        }
    }
}
