import Foundation
import Hummingbird
import JixiaoFormats
import HummingbirdTesting
import JixiaoStore
import JixiaoTestSupport
import JixiaoWeb
import Logging
import Testing

/// The public site and the API, through Hummingbird's router test client, on an SQLite store
/// loaded with the demo data (the seed published, generated tables in every state).
@Suite struct PublicSiteTests {
    static let seedDepartment = SeedFixture.department

    static func withApp(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withDemo { client, _ in try await test(client) }
    }

    /// The demo on a fresh SQLite file, with its accounts (`DemoApp`).
    static func withDemo(_ test: @escaping @Sendable (any TestClientProtocol, DemoData.Loaded) async throws -> Void) async throws {
        try await DemoApp.with { try await test($0.client, $0.demo) }
    }

    static func seedPath(_ suffix: String = "") -> String { tablePath(seedDepartment, suffix) }

    static func tablePath(_ department: String, _ suffix: String = "", year: Int = 2025) -> String {
        "/tables/\(year)/" + department.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)! + suffix
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func theHomePageListsPublishedTablesOnly() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let page = Self.text(response)
                #expect(page.contains(Self.seedDepartment))
                #expect(page.contains("1,980.40"))
                #expect(page.contains("2024 年度") && page.contains("2025 年度"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            // Search by a project name finds its table and says which project matched.
            try await client.execute(uri: "/?q=" + "编外人员".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!, method: .get) { response in
                let page = Self.text(response)
                #expect(page.contains(Self.seedDepartment))
                #expect(page.contains("匹配项目：<a href=") && page.contains(">编外人员聘用经费</a>"))
            }
            try await client.execute(uri: "/?q=" + "没有这个项目".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!, method: .get) { response in
                let page = Self.text(response)
                #expect(page.contains("查找结果：0 张表"))
                #expect(!page.contains(Self.seedDepartment))
            }
        }
    }

    @Test func theTablePageLooksLikeTheOfficialTable() async throws {
        try await Self.withApp { client in
            let etag = try await client.execute(uri: Self.seedPath(), method: .get) { response -> String? in
                #expect(response.status == .ok)
                let page = Self.text(response)
                #expect(page.contains("项目支出绩效目标表（含转移支付项目）"))
                #expect(page.contains("编外人员聘用经费"))
                #expect(page.contains("1,980.40"))
                #expect(page.contains("download/table.xlsx"))
                return response.headers[.eTag]
            }
            let tag = try #require(etag)
            try await client.execute(uri: Self.seedPath(), method: .get, headers: [.ifNoneMatch: tag]) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/tables/2025/%E4%B8%8D%E5%AD%98%E5%9C%A8", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func downloadsCarryTheirTypeAndTheChineseFileName() async throws {
        try await Self.withApp { client in
            for (ext, type) in [("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), ("csv", "text/csv; charset=utf-8"),
                                ("json", "application/json; charset=utf-8"), ("txt", "text/plain; charset=utf-8")] {
                try await client.execute(uri: Self.seedPath("/download/table.\(ext)"), method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == type)
                    let disposition = response.headers[.contentDisposition] ?? ""
                    #expect(disposition.hasPrefix("attachment; filename=\"jixiao-2025.\(ext)\"; filename*=UTF-8''"))
                    #expect(disposition.removingPercentEncoding?.contains("\(Self.seedDepartment)2025年度项目支出绩效目标表.\(ext)") == true)
                    #expect(response.body.readableBytes > 1000)
                }
            }
            try await client.execute(uri: Self.seedPath("/download/table.txt"), method: .get) { response in
                #expect(Self.text(response).contains("编外人员聘用经费\t11.00\t11.00"))
            }
            try await client.execute(uri: Self.seedPath("/download/table.exe"), method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    /// The seed's own title states no year; filed under 2025, every form of it says 2025.
    @Test func everyDownloadCarriesItsYear() async throws {
        try await Self.withApp { client in
            func bytes(_ ext: String) async throws -> [UInt8] {
                try await client.execute(uri: Self.seedPath("/download/table.\(ext)"), method: .get) { Array(buffer: $0.body) }
            }
            #expect(String(decoding: try await bytes("txt"), as: UTF8.self).contains("部门名称：\(Self.seedDepartment)\n\n预算年度：2025\n\n单位：万元"))
            #expect(String(decoding: try await bytes("html"), as: UTF8.self).contains("<span>预算年度：2025</span>"))
            #expect(try TableJSON.read(try await bytes("json")).table.fiscalYear == 2025)
            #expect(try TableCSV.read(try await bytes("csv")).table.fiscalYear == 2025)
            #expect(try XLSXReader.read(try await bytes("xlsx")).table.fiscalYear == 2025)
            #expect(try DisclosureTextReader.read(try await bytes("txt")).table.fiscalYear == 2025)
            let api = try await client.execute(uri: "/api/v1" + Self.seedPath(), method: .get) { String(buffer: $0.body) }
            #expect(api.contains("\"fiscal_year\" : 2025") || api.contains("\"fiscal_year\":2025"))
            let page = try await client.execute(uri: Self.seedPath(), method: .get) { String(buffer: $0.body) }
            #expect(page.contains("预算年度：2025"))
        }
    }

    /// A search by project name leads to the project's row; a search that finds nothing says so.
    @Test func searchLeadsToTheProject() async throws {
        try await Self.withApp { client in
            let found = try await client.execute(uri: "/?q=" + "选调生".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, method: .get) { String(buffer: $0.body) }
            let link = try #require(found.range(of: ##"<a href="(/tables/2025/[^"#]+)#(p-\d+-\d+)">[^<]*选调生[^<]*</a>"##, options: .regularExpression).map { String(found[$0]) })
            let anchor = String(link.split(separator: "#")[1].prefix { $0 != "\"" })
            let table = try await client.execute(uri: Self.seedPath(), method: .get) { String(buffer: $0.body) }
            #expect(table.contains(#"<tr class="project" id="\#(anchor)"><td class="name">"#) && table.contains("选调生"))
            let none = try await client.execute(uri: "/?q=" + "不存在的项目".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, method: .get) { String(buffer: $0.body) }
            #expect(none.contains("没有找到部门或项目名称含“不存在的项目”的公开表") && !none.contains("暂无公开的表"))
        }
    }

    @Test func nobodySeesUnpublishedTables() async throws {
        try await Self.withApp { client in
            let list = try await client.execute(uri: "/api/v1/tables?per_page=500", method: .get) { response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            let items = try #require(list?["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["state"] as? String == "published" })
            #expect(items.count == 7) // the seed, five 2024 tables, one 2025 table
            // A 2025 generated table that is only 已审核 is not there, by page or API.
            let hidden = try await client.execute(uri: "/", method: .get) { Self.text($0) }
            #expect(!hidden.contains("已审核"))
        }
    }

    @Test func theAPIServesTablesFindingsAndProblems() async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/api/v1" + Self.seedPath(), method: .get) { response in
                #expect(response.status == .ok)
                let table = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(table?["department"] as? String == Self.seedDepartment)
            }
            try await client.execute(uri: "/api/v1" + Self.seedPath("/findings"), method: .get) { response in
                let report = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((report?["findings"] as? [Any])?.count == 21)
            }
            try await client.execute(uri: "/api/v1/tables/1999/nobody", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            // Bad paging is a 400 problem, never a crash: schemathesis found that a huge page
            // overflowed (page - 1) × per_page and brought the server down.
            for query in ["page=0", "page=abc", "per_page=501", "page=9223372036854775807&per_page=500", "page=-1"] {
                try await client.execute(uri: "/api/v1/tables?" + query, method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(document?["openapi"] as? String == "3.1.0")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// The microcache in front of the router (`PublicCache`): it answers anonymous requests only,
/// and a table published anew replaces the old one in it within the published list's lifetime.
@Suite struct PublicCacheTests {
    @Test func signedInVisitorsBypassItAndANewPublicationReplacesTheOld() async throws {
        try await DemoApp.with(configure: { $0.publishedListLifetime = .seconds(600) }) { setup in
            let (client, store) = (setup.client, setup.store)
            let anonymous = Browser(client)
            for _ in 0..<2 {
                let page = try await anonymous.get(PublicSiteTests.seedPath())
                #expect(page.status == .ok && page.text.contains("登录") && !page.text.contains("退出"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(page.headers[.eTag] != nil && page.headers[.vary] == "Cookie")
            }
            let reviewer = try await Browser.signedIn(client, "reviewer")
            #expect(try await reviewer.get(PublicSiteTests.seedPath()).text.contains("退出"))

            // A publication recorded behind the app's back (another server) shows when the list ages.
            var table = try #require(try await store.loadTable(department: PublicSiteTests.seedDepartment, year: 2025))
            table.units[0].projects[0].goal = "另一台服务器公开的更正目标"
            try await store.publications.record(PublishedContent(content: String(decoding: TableJSON.write(table), as: UTF8.self), unitCount: table.units.count,
                                                                 projectCount: table.projectCount, total: table.total),
                                                department: PublicSiteTests.seedDepartment, year: 2025, actor: "test")
            #expect(!(try await anonymous.get(PublicSiteTests.seedPath()).text.contains("另一台服务器公开的更正目标")))
            setup.clock.advance(by: .seconds(601))
            let corrected = try await anonymous.get(PublicSiteTests.seedPath()).text
            #expect(corrected.contains("另一台服务器公开的更正目标") && corrected.contains("已更正"))
            #expect(try await anonymous.get("/api/v1" + PublicSiteTests.seedPath()).text.contains("另一台服务器公开的更正目标"))
            #expect(try await anonymous.get(PublicSiteTests.seedPath("/download/table.csv")).text.contains("另一台服务器公开的更正目标"))
        }
    }
}
