import Foundation
import JixiaoStore
import JixiaoTestSupport
@testable import JixiaoWeb
import Testing

/// E-mail of the workflow (issue 16, defect 14), against a real SMTP server: aiosmtpd, started
/// by `.ci/run` (`JIXIAO_TEST_SMTP=host:port`, writing into the Maildir `JIXIAO_TEST_MAILDIR`).
/// Skipped on a developer's machine without it; under `CI=true` it must run.
@Suite struct NotificationTests {
    struct SinkRequired: Error, CustomStringConvertible {
        var description: String { "CI=true but JIXIAO_TEST_SMTP / JIXIAO_TEST_MAILDIR are not set: the mail run must happen" }
    }

    static func sink() throws -> (host: String, port: Int, maildir: String)? {
        let environment = ProcessInfo.processInfo.environment
        guard let address = environment["JIXIAO_TEST_SMTP"], let maildir = environment["JIXIAO_TEST_MAILDIR"],
              let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            if environment["CI"] == "true" { throw SinkRequired() }
            return nil
        }
        return (String(address[..<colon]), port, maildir)
    }

    /// A delivered message: its headers as received, and its body decoded.
    struct Delivered {
        var headers: String
        var body: String
    }

    /// The messages delivered to `address`, waiting up to ten seconds for `count` of them.
    static func delivered(to address: String, in maildir: String, count: Int) async throws -> [Delivered] {
        var found: [Delivered] = []
        for _ in 0..<100 {
            found = []
            for folder in ["new", "cur"] {
                let path = maildir + "/" + folder
                for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                    guard let text = try? String(contentsOfFile: path + "/" + name, encoding: .utf8) else { continue }
                    let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
                    guard let split = normalized.range(of: "\n\n") else { continue }
                    let headers = String(normalized[..<split.lowerBound])
                    guard headers.contains("<\(address)>") else { continue }
                    let base64 = normalized[split.upperBound...].split(separator: "\n").joined()
                    found.append(Delivered(headers: headers, body: Data(base64Encoded: String(base64)).map { String(decoding: $0, as: UTF8.self) } ?? ""))
                }
            }
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(100))
        }
        return found
    }

    /// Gives the accounts of these logins these e-mail addresses.
    static func give(_ addresses: [(login: String, address: String)], _ accounts: AccountStore) async throws {
        for (login, address) in addresses {
            let account = try #require(try await accounts.credentials(login: login)?.account)
            _ = try await accounts.updateAccount(id: account.id, AccountFields(login: account.login, displayName: account.displayName, role: account.role,
                                                                              departmentID: account.departmentID, email: address), actor: "test")
        }
    }

    @Test func aSubmissionAndAReturnAreMailedToThoseTheyHandWorkTo() async throws {
        guard let sink = try Self.sink() else { return }
        let run = UUID().uuidString.prefix(8).lowercased()
        let reviewerAddress = "reviewer-\(run)@czj.example.gov.cn", editorAddress = "editor-\(run)@dept.example.gov.cn"
        try await DemoApp.with(configure: {
            $0.mail = MailSettings(host: sink.host, port: sink.port, from: "绩效目标管理 <jixiao@czj.example.gov.cn>", siteURL: "https://jixiao.example.gov.cn")
        }) { setup in
            try await Self.give([("reviewer", reviewerAddress), ("editor1", editorAddress)], setup.store.accounts)
            let table = "/workspace" + PublicSiteTests.tablePath(setup.demo.draftDepartment)
            let editor = try await Browser.signedIn(setup.client, "editor1")
            let reviewer = try await Browser.signedIn(setup.client, "reviewer")
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            let submitted = try #require(try await Self.delivered(to: reviewerAddress, in: sink.maildir, count: 1).first)
            #expect(submitted.headers.contains("Subject: =?UTF-8?B?"))
            #expect(submitted.body.contains("财政局审核员，您好") && submitted.body.contains("\(setup.demo.draftDepartment) 2025 年度项目支出绩效目标表已提交，待您审核"))
            #expect(submitted.body.contains("https://jixiao.example.gov.cn/workspace/tables/2025/"))
            // The editor who acted is not told of their own step.
            #expect(try await Self.delivered(to: editorAddress, in: sink.maildir, count: 0).isEmpty)

            #expect(try await reviewer.submit(table + "/transitions", from: table, [("action", "return"), ("from", "submitted"), ("comment", "第三个项目的指标请量化")]).status == .seeOther)
            let returned = try #require(try await Self.delivered(to: editorAddress, in: sink.maildir, count: 1).first)
            #expect(returned.body.contains("已退回，请修改后重新提交") && returned.body.contains("原因：第三个项目的指标请量化") && returned.body.contains("操作人：财政局审核员"))
            #expect(try await Self.delivered(to: reviewerAddress, in: sink.maildir, count: 1).count == 1, "the reviewer is not told of their own return")
        }
    }

    /// A monitoring report's steps are mailed as the table's are: a submission to the reviewers,
    /// an approval back to the department (a report is not published by itself).
    @Test func aMonitoringReportsStepsAreMailedToo() async throws {
        guard let sink = try Self.sink() else { return }
        let run = UUID().uuidString.prefix(8).lowercased()
        let reviewerAddress = "reviewer-\(run)@czj.example.gov.cn", editorAddress = "editor3-\(run)@dept.example.gov.cn"
        try await DemoApp.with(configure: {
            $0.mail = MailSettings(host: sink.host, port: sink.port, from: "绩效目标管理 <jixiao@czj.example.gov.cn>", siteURL: "https://jixiao.example.gov.cn")
        }) { setup in
            try await Self.give([("reviewer", reviewerAddress), ("editor3", editorAddress)], setup.store.accounts)
            // The seed's 1–7月 report has errors to mend first: a fresh round of 1–9月 has none.
            try await setup.store.monitoring.open(year: 2025, month: 9, due: "2025-10-15", actor: "test")
            let report = MonitoringWebTests.report(9)
            let editor = try await Browser.signedIn(setup.client, "editor3")
            let reviewer = try await Browser.signedIn(setup.client, "reviewer")
            #expect(try await editor.submit(report + "/transitions", from: report, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            let submitted = try #require(try await Self.delivered(to: reviewerAddress, in: sink.maildir, count: 1).first)
            #expect(submitted.body.contains("\(SeedFixture.department) 2025 年 1–9 月运行监控报告已提交，待您审核"))
            #expect(submitted.body.contains("https://jixiao.example.gov.cn/workspace/monitoring/2025/9/"))
            #expect(try await reviewer.submit(report + "/transitions", from: report, [("action", "approve"), ("from", "submitted"), ("comment", "")]).status == .seeOther)
            let approved = try #require(try await Self.delivered(to: editorAddress, in: sink.maildir, count: 1).first)
            #expect(approved.body.contains("运行监控报告已审核通过。") && approved.body.contains("操作人：财政局审核员"))
        }
    }

    @Test func aRelayThatIsDownLeavesTheTransitionStanding() async throws {
        // Port 1 (tcpmux), which nothing on a test machine serves: the connection is refused,
        // the step is kept, the page answers.
        let closed = 1
        try await DemoApp.with(configure: {
            $0.mail = MailSettings(host: "127.0.0.1", port: closed, from: "jixiao@czj.example.gov.cn", siteURL: "http://127.0.0.1")
        }) { setup in
            let accounts = setup.store.accounts
            let account = try #require(try await accounts.credentials(login: "reviewer")?.account)
            _ = try await accounts.updateAccount(id: account.id, AccountFields(login: account.login, displayName: account.displayName, role: account.role,
                                                                              departmentID: nil, email: "reviewer@czj.example.gov.cn"), actor: "test")
            let table = "/workspace" + PublicSiteTests.tablePath(setup.demo.draftDepartment)
            let editor = try await Browser.signedIn(setup.client, "editor1")
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            #expect(try await setup.store.summary(department: setup.demo.draftDepartment, year: 2025)?.state == .submitted)
        }
    }

    @Test func messagesAreWellFormed() throws {
        let message = MailMessage(from: "绩效目标管理 <jixiao@czj.example.gov.cn>", to: ["陈晓明 <chen@dept.example.gov.cn>"],
                                  subject: "【绩效目标】广州市某区某某局 2025 年度项目支出绩效目标表已退回，请修改后重新提交", body: ".\n第二行\r\n.")
        let wire = message.rendered(date: Date(timeIntervalSince1970: 1_764_460_800), messageID: "1@jixiao")
        let lines = wire.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 } && !wire.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(wire.contains("Date: Sun, 30 Nov 2025 08:00:00 +0800"))
        // The subject's words decode back to the subject, split between characters.
        let words = lines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
            .map { $0.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces) }
        let subject = words.compactMap { word -> String? in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), word.count <= 75 else { return nil }
            return Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).map { String(decoding: $0, as: UTF8.self) }
        }.joined()
        #expect(words.count > 1 && subject == message.subject)
        // Names in From and To are encoded words too: the headers are ASCII.
        #expect(lines.prefix { !$0.isEmpty }.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(wire.contains("From: =?UTF-8?B?" + Data("绩效目标管理".utf8).base64EncodedString() + "?= <jixiao@czj.example.gov.cn>"))
        // No body line can be a lone dot (the end of DATA).
        #expect(!lines.contains("."))
        #expect(SMTPClient.address(message.to[0]) == "chen@dept.example.gov.cn")
        // An ASCII name with a comma or a quote is a quoted string, not two mailboxes.
        #expect(MailMessage.mailbox("Li, \"Wei\" <li@dept.example.gov.cn>") == "\"Li, \\\"Wei\\\"\" <li@dept.example.gov.cn>")
        #expect(MailMessage.mailbox("Chen <chen@dept.example.gov.cn>") == "Chen <chen@dept.example.gov.cn>")
    }

    @Test func theSettingsAreCheckedWhenTheServerStarts() throws {
        let good = try MailSettings.parse(smtp: "smtp://127.0.0.1:2525", from: "绩效 <a@b.cn>", siteURL: "https://jixiao.example.gov.cn/").get()
        #expect(good.port == 2525 && good.siteURL == "https://jixiao.example.gov.cn")
        #expect(try MailSettings.parse(smtp: "smtp://relay.example", from: "a@b.cn", siteURL: "http://x.cn").get().port == 25)
        for (smtp, from, site) in [("smtps://relay:465", "a@b.cn", "http://x.cn"), ("smtp://user:pw@relay", "a@b.cn", "http://x.cn"),
                                   ("smtp://relay", "nobody", "http://x.cn"), ("smtp://relay", "a@b.cn\r\nBcc: x@y.cn", "http://x.cn"),
                                   ("smtp://relay", "a@b.cn", "ftp://x.cn")] {
            guard case .failure = MailSettings.parse(smtp: smtp, from: from, siteURL: site) else {
                Issue.record("\(smtp) \(from) \(site) was taken")
                continue
            }
        }
        // An address with a line break cannot be saved on an account either.
        #expect(AccountFields(login: "x", displayName: "x", role: .reviewer, departmentID: nil, email: "a@b.cn\nBcc: c@d.cn").problem != nil)
        #expect(AccountFields(login: "x", displayName: "x", role: .reviewer, departmentID: nil, email: "chen@dept.example.gov.cn").problem == nil)
        #expect(AccountFields(login: "x", displayName: "x", role: .reviewer, departmentID: nil, email: "陈@部门.cn").problem != nil, "ASCII only: no SMTPUTF8")
    }
}
