import Foundation
import JixiaoStore
import Logging

/// Where the site's e-mail goes (`jixiao serve --smtp smtp://HOST:PORT --mail-from … --site-url …`).
public struct MailSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The sender, as the From header shows it: `绩效目标管理 <jixiao@czj.example.gov.cn>`.
    public var from: String
    /// The site's address as people reach it, for the link in each message.
    public var siteURL: String

    /// Reads `smtp://host[:port]` (25 if none); nil with the reason when it is not one.
    public static func parse(smtp: String, from: String, siteURL: String) -> Result<MailSettings, MailSettingsError> {
        guard let url = URLComponents(string: smtp), url.scheme == "smtp", let host = url.host, !host.isEmpty,
              url.user == nil, url.path.isEmpty || url.path == "/" else {
            return .failure(MailSettingsError("--smtp \(smtp): give the relay as smtp://HOST:PORT (plain SMTP to the site's own relay, which does TLS onwards)"))
        }
        guard AccountFields.isAddress(SMTPClient.address(from)) else {
            return .failure(MailSettingsError("--mail-from \(from): not an address (e.g. \"绩效目标管理 <jixiao@czj.example.gov.cn>\")"))
        }
        guard let site = URL(string: siteURL), site.scheme == "http" || site.scheme == "https", site.host != nil else {
            return .failure(MailSettingsError("--site-url \(siteURL): the address people open the site at, e.g. https://jixiao.example.gov.cn"))
        }
        let base = siteURL.hasSuffix("/") ? String(siteURL.dropLast()) : siteURL
        return .success(MailSettings(host: host, port: url.port ?? 25, from: from, siteURL: base))
    }

    public var summary: String { "邮件通知已开启：经 smtp://\(host):\(port) 发出，发件人 \(from)，正文中的链接指向 \(siteURL)。" }
}

public struct MailSettingsError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The workflow's e-mail: each transition that hands someone work tells them — a submission
/// the reviewers, a return or a correction the department's editors with the reason, an
/// approval whoever publishes (a monitoring report's, the department), a publication the department. One message a person (nobody
/// sees who else was told), never to the one who acted, nor to disabled accounts or those
/// without an address. Sent after the transition is kept and beside it: a relay that is
/// down is logged, and the transition stands (待办 shows the work either way).
struct Notifications: Sendable {
    var settings: MailSettings?
    var accounts: AccountStore?
    var logger = Logger(label: "jixiao.mail")

    static let off = Notifications(settings: nil, accounts: nil)

    /// What a step was taken on: a department's table, or its monitoring report in a round.
    enum Subject: Sendable {
        case table(TableSummary)
        case report(SiteURL.ReportKey)

        var department: String {
            switch self {
            case .table(let summary): summary.department
            case .report(let key): key.department
            }
        }

        /// `某部门 2025 年度项目支出绩效目标表`, `某部门 2025 年 1–7 月运行监控报告`
        var title: String {
            switch self {
            case .table(let summary): "\(summary.department) \(summary.fiscalYear) 年度项目支出绩效目标表"
            case .report(let key): "\(key.department) \(key.year) 年 1–\(key.month) 月运行监控报告"
            }
        }

        var path: String {
            switch self {
            case .table(let summary): SiteURL.workspaceTable(summary.key).path
            case .report(let key): SiteURL.monitoringReport(key).path
            }
        }

        /// For the log.
        var name: String {
            switch self {
            case .table(let summary): "\(summary.department)/\(summary.fiscalYear)"
            case .report(let key): "\(key.department)/\(key.year)/\(key.month)"
            }
        }
    }

    /// Who hears of `action` on the subject: a submission the reviewers; a return the
    /// department's editors; a table's approval whoever publishes, a report's the department
    /// (a report is not published by itself).
    static func recipients(of action: WorkflowAction, _ subject: Subject, actor: Account, publishing: Publishing, among everyone: [Account]) -> [Account] {
        let department = subject.department
        let wanted: (Account) -> Bool
        switch (action, subject) {
        case (.submit, _), (.withdraw, _): wanted = { $0.role == .reviewer }
        case (.approve, .table): wanted = { $0.role == WorkflowAction.publish.role(publishing) }
        case (.sendBack, _), (.correct, _), (.unpublish, _), (.publish, _), (.approve, .report):
            wanted = { $0.role == .editor && $0.department == department }
        }
        return everyone.filter { wanted($0) && !$0.disabled && $0.email != nil && $0.id != actor.id }
    }

    static func message(_ action: WorkflowAction, _ subject: Subject, to person: Account, actor: Account, comment: String, settings: MailSettings) -> MailMessage {
        let what: String
        switch action {
        case .submit: what = "已提交，待您审核"
        case .withdraw: what = "已被部门撤回，暂不需审核"
        case .sendBack: what = "已退回，请修改后重新提交"
        case .correct: what = "需要更正，请修改后重新提交（更正后的表公开前，公开页仍显示原版本）"
        case .unpublish: what = "已撤回公开，请修改后重新提交"
        case .approve:
            if case .report = subject { what = "已审核通过" } else { what = "已审核通过，待您公开" }
        case .publish: what = "已公开"
        }
        var lines = ["\(person.displayName)，您好：", "", "\(subject.title)\(what)。", "操作人：\(actor.displayName)"]
        if !comment.isEmpty { lines.append((action.needsComment ? "原因：" : "说明：") + comment) }
        lines += ["", "请登录查看：\(settings.siteURL)\(subject.path)", "", "—— 绩效目标管理系统自动发送，请勿直接回复。"]
        return MailMessage(from: settings.from, to: ["\(person.displayName) <\(person.email ?? "")>"],
                           subject: "【绩效目标】\(subject.title)\(what.components(separatedBy: "，").first ?? what)", body: lines.joined(separator: "\n"))
    }

    /// Sends the step's messages in the background; failures are logged.
    func transitionHappened(_ action: WorkflowAction, _ subject: Subject, actor: Account, comment: String, publishing: Publishing) {
        guard let settings, let accounts else { return }
        let logger = logger
        Task.detached {
            do {
                let people = Self.recipients(of: action, subject, actor: actor, publishing: publishing, among: try await accounts.accounts())
                let client = SMTPClient(host: settings.host, port: settings.port)
                for person in people {
                    let message = Self.message(action, subject, to: person, actor: actor, comment: comment, settings: settings)
                    do {
                        try await client.send(message, messageID: "\(UUID().uuidString)@jixiao")
                        logger.info("mail sent", metadata: ["to": "\(person.login)", "action": "\(action.rawValue)", "subject": "\(subject.name)"])
                    } catch {
                        logger.error("mail not sent", metadata: ["to": "\(person.login)", "action": "\(action.rawValue)", "error": "\(error)"])
                    }
                }
            } catch {
                logger.error("mail not sent: the accounts could not be read", metadata: ["error": "\(error)"])
            }
        }
    }
}
