import Foundation
import Hummingbird
import JixiaoReview
import JixiaoStore

/// 管理 › 审核规则: per fiscal year, which review rules run, at what severity, with which
/// thresholds and vague words. Saved as the year's `ReviewSettings`; every page, the submit
/// check and the findings API review with them (within the published list's two seconds).
struct AdminRules {
    let repository: any TableRepository
    let tables: PublishedTables

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminRules.route) { request, context in
            let year = try await self.year(request.uri.queryParameters.get("year").flatMap { Int($0) })
            return try await page(year, context, notice: request.uri.queryParameters.get("notice") == "saved" ? "审核规则已保存，新的审核结果即刻生效。" : nil)
        }
        router.post(SiteURL.adminRules.route) { request, context in
            let admin = try context.requireAccount(request)
            let form = try await context.form(request)
            guard let year = Int(form["year"]), try await repository.accounts.fiscalYears().contains(where: { $0.year == year }) else {
                throw HTTPError(.unprocessableContent, message: "没有这个预算年度。")
            }
            var settings = try await tables.reviewSettings(year: year).settings
            var problems: [String] = []
            settings.disabled = []
            settings.severities = [:]
            for rule in RuleCatalogue.descriptions {
                if form["on_\(rule.id)"] != "1" { settings.disabled.insert(rule.id) }
                if let severity = Severity(rawValue: form["sev_\(rule.id)"]), severity != rule.defaultSeverity { settings.severities[rule.id] = severity }
            }
            func whole(_ field: String, _ label: String, _ range: ClosedRange<Int>) -> Int? {
                guard let value = Int(form[field].trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                    problems.append("\(label)须为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数")
                    return nil
                }
                return value
            }
            if let v = whole("largeProjectWanYuan", "大额项目（万元）", 1...10_000_000) { settings.largeProjectWanYuan = v }
            if let v = whole("minimumIndicators", "大额项目至少的指标数", 1...50) { settings.minimumIndicatorsForLargeProject = v }
            if let v = whole("copyShare", "目标雷同的比例（%）", 1...100) { settings.copySharedShare = Double(v) / 100 }
            let words = form["vagueWords"].split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if words.isEmpty { problems.append("模糊用语至少一个") } else { settings.vagueWords = words }
            guard problems.isEmpty else { return try await page(year, context, error: problems.joined(separator: "；"), status: .unprocessableContent) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try await repository.workflow.saveReviewSettings(year: year, json: String(decoding: try encoder.encode(settings), as: UTF8.self), actor: admin.login)
            tables.refresh()
            return Pages.seeOther(SiteURL.adminRules.path([("year", "\(year)"), ("notice", "saved")]))
        }
    }

    /// The year asked for, else the newest opened.
    func year(_ asked: Int?) async throws -> Int {
        let years = try await repository.accounts.fiscalYears().map(\.year)
        if let asked, years.contains(asked) { return asked }
        guard let newest = years.max() else { throw HTTPError(.notFound, message: "还没有预算年度：先在“预算年度”中开启一个。") }
        return newest
    }

    func page(_ year: Int, _ context: AppContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let (settings, version) = try await tables.reviewSettings(year: year)
        let severities: [Severity] = [.error, .warning, .info]
        let page = RulesPage(
            title: "审核规则 \(year)", year: year, version: version == 0 ? "默认设置（尚未保存过）" : "第 \(version) 版",
            years: try await repository.accounts.fiscalYears().map { .init(year: $0.year, selected: $0.year == year) },
            rules: RuleCatalogue.descriptions.map { rule in
                let current = settings.severities[rule.id] ?? rule.defaultSeverity
                return .init(id: rule.id, title: rule.title, dimension: rule.dimension.rawValue, explanation: rule.explanation,
                             on: !settings.disabled.contains(rule.id), default: rule.defaultSeverity.chinese,
                             severities: severities.map { .init(value: $0.rawValue, title: $0.chinese, selected: $0 == current) })
            },
            largeProjectWanYuan: settings.largeProjectWanYuan, minimumIndicators: settings.minimumIndicatorsForLargeProject,
            copyShare: Int((settings.copySharedShare * 100).rounded()), vagueWords: settings.vagueWords.joined(separator: "\n"),
            notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }
}
