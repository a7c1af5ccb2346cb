import Foundation
import Hummingbird
import JixiaoStore

/// 管理 › 操作日志: the audit log, filtered by person, by table or project (any text of its id,
/// such as a department's name) and by date, newest first — who changed what, when, from what
/// to what.
struct AdminAudit {
    let repository: any TableRepository

    /// The filter as typed (a GET form: a link to a filtered view can be shared).
    struct Filter: Decodable {
        var actor: String
        var entity: String
        /// `2025-03-01`, inclusive; `until` inclusive too (the whole day).
        var from: String
        var until: String
        /// `1`: seal and check the audit log's hash chain (`AuditChain`), and say how it stands.
        var verify: String
    }

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminAudit.route) { request, context in
            var fields: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
            let filter = try Form.decode(Filter.self, fields: fields)
            return try await page(filter, context)
        }
    }

    static let actions = ["import": "导入", "replace": "替换", "state": "流转", "update": "修改", "create": "新建", "delete": "删除",
                          "move": "调整顺序", "rename": "改名", "comment": "意见", "password": "设置密码", "revoke": "吊销", "open": "开启",
                          "issue": "签发", "prune": "清理"]
    static let entities = ["table": "表", "project": "项目", "spending_unit": "资金使用单位", "user": "用户", "department": "部门",
                           "fiscal_year": "预算年度", "api_token": "接口令牌", "review_settings": "审核规则", "review_comment": "意见", "audit_log": "操作日志"]

    func page(_ filter: Filter, _ context: AppContext) async throws -> Response {
        var problems: [String] = []
        func day(_ text: String, _ label: String, end: Bool) -> Int64? {
            let text = text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            let parser = DateFormatter()
            parser.calendar = Calendar(identifier: .gregorian)
            parser.timeZone = DisplayTime.zone
            parser.dateFormat = "yyyy-MM-dd"
            guard let date = parser.date(from: text) else {
                problems.append("\(label)“\(text)”不是日期（如 2025-03-01）")
                return nil
            }
            return Int64((date.timeIntervalSince1970 + (end ? 86_400 : 0)) * 1000)
        }
        let query = AuditQuery(actor: filter.actor.isEmpty ? nil : filter.actor, entityText: filter.entity.trimmingCharacters(in: .whitespaces),
                               from: day(filter.from, "起始日期", end: false), until: day(filter.until, "截止日期", end: true), limit: 500)
        let accounts = try await repository.accounts.accounts()
        let names = Dictionary(accounts.map { ($0.login, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        let entries = problems.isEmpty ? try await repository.workflow.auditLog(query) : []
        var chain: String?
        if filter.verify == "1" {
            let log = repository.auditChain
            try await log.seal(limit: .max)
            chain = Self.chainText(try await log.verify())
        }
        let page = AuditPage(
            actors: accounts.map { .init(login: $0.login, name: $0.displayName, selected: $0.login == filter.actor) },
            entity: filter.entity, from: filter.from, until: filter.until,
            rows: entries.map { entry in
                AuditPage.Row(at: DisplayTime.text(entry.at), who: names[entry.record.actor].map { "\($0)（\(entry.record.actor)）" } ?? entry.record.actor,
                              action: Self.actions[entry.record.action] ?? entry.record.action,
                              entity: (Self.entities[entry.record.entity] ?? entry.record.entity) + " " + entry.record.entityID,
                              before: Self.short(entry.record.before), after: Self.short(entry.record.after))
            },
            count: entries.count, full: entries.count == query.limit, chain: chain,
            verifyHref: SiteURL.adminAudit.path([("verify", "1")]), error: problems.isEmpty ? nil : problems.joined(separator: "；"))
        return Pages.response(page, context, status: problems.isEmpty ? .ok : .unprocessableContent)
    }

    /// How the chain stands, in the page's words.
    static func chainText(_ result: AuditChain.Verification) -> String {
        let from = result.from.seq == 0 ? "第一条" : "第 \(result.from.seq) 条之后的检查点"
        if let broken = result.broken {
            let what: String
            switch broken {
            case .missing(let expected, let found): what = "第 \(expected) 条不见了（其后找到的是第 \(found) 条）"
            case .link(let seq, let id): what = "第 \(seq) 条（编号 \(id)）所记的前一条哈希与前一条不符"
            case .altered(let seq, let id): what = "第 \(seq) 条（编号 \(id)）封存后被修改过，内容与哈希不符"
            }
            return "审计链断裂：\(what)。此前 \(result.verified) 条完好。"
        }
        return "审计链完好：自\(from)起核验 \(result.verified) 条，至第 \(result.head.seq) 条，末条哈希 \(result.head.hash.prefix(16))…"
    }

    /// A snapshot as a line of at most 120 characters (the project history shows it whole).
    static func short(_ json: String?) -> String {
        guard let json else { return "" }
        return json.count > 120 ? String(json.prefix(120)) + "…" : json
    }
}

/// 操作日志's page.
struct AuditPage: PageView {
    struct Actor: Sendable { var login: String; var name: String; var selected: Bool }
    struct Row: Sendable { var at: String, who: String, action: String, entity: String, before: String, after: String }
    static let template = "adminAudit"
    let title = "操作日志"
    var actors: [Actor], entity: String, from: String, until: String
    var rows: [Row], count: Int, full: Bool
    /// How the audit log's chain stood when checked on request; nil until then.
    var chain: String?, verifyHref: String
    var error: String?
}
