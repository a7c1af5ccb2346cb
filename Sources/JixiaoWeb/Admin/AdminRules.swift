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
    let monitoring: MonitoringReports

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminRules.route) { request, context in
            let year = try await self.year(request.uri.queryParameters.get("year").flatMap { Int($0) })
            return try await page(year, context, notice: request.uri.queryParameters.get("notice") == "saved" ? "审核规则已保存，新的审核结果即刻生效。" : nil)
        }
        router.post(SiteURL.adminRules.route) { request, context in
            let admin = try context.requireAccount(request)
            let form = try await context.decode(RulesForm.self, request)
            guard try await repository.accounts.fiscalYears().contains(where: { $0.year == form.year }) else {
                throw HTTPError(.unprocessableContent, message: "没有这个预算年度。")
            }
            var settings = try await tables.reviewSettings(year: form.year).settings
            let thresholds = settings.monitoring
            let problems = form.apply(to: &settings)
            guard problems.isEmpty else {
                return try await page(form.year, context, typed: form, error: problems.joined(separator: "；"), status: .unprocessableContent)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try await repository.workflow.saveReviewSettings(year: form.year, json: String(decoding: try encoder.encode(settings), as: UTF8.self), actor: admin.login)
            tables.refresh()
            if settings.monitoring != thresholds { try await monitoring.relight(year: form.year) }
            return Pages.seeOther(SiteURL.adminRules.path([("year", "\(form.year)"), ("notice", "saved")]))
        }
    }

    /// The year asked for, else the newest opened.
    func year(_ asked: Int?) async throws -> Int {
        let years = try await repository.accounts.fiscalYears().map(\.year)
        if let asked, years.contains(asked) { return asked }
        guard let newest = years.max() else { throw HTTPError(.notFound, message: "还没有预算年度：先在“预算年度”中开启一个。") }
        return newest
    }

    /// The year's page: its saved settings, or, after a refused save, what the administrator typed.
    func page(_ year: Int, _ context: AppContext, typed: RulesForm? = nil, notice: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let (settings, version) = try await tables.reviewSettings(year: year)
        let form = typed ?? RulesForm(settings, year: year)
        let chosen = Dictionary(form.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let page = RulesPage(
            title: "审核规则 \(year)", year: year, version: version == 0 ? "默认设置（尚未保存过）" : "第 \(version) 版",
            years: try await repository.accounts.fiscalYears().map { .init(year: $0.year, selected: $0.year == year) },
            rules: RuleCatalogue.descriptions.enumerated().map { index, rule in
                let current = chosen[rule.id]?.severity ?? rule.defaultSeverity
                return .init(index: index, id: rule.id, title: rule.title, dimension: rule.dimension.rawValue, explanation: rule.explanation,
                             on: chosen[rule.id]?.on ?? false, default: rule.defaultSeverity.chinese,
                             severities: Severity.allCases.map { .init(value: $0.rawValue, title: $0.chinese, selected: $0 == current) })
            },
            largeProjectWanYuan: form.largeProjectWanYuan, minimumIndicators: form.minimumIndicators,
            copyShare: form.copyShare, projectCeilingWanYuan: form.projectCeilingWanYuan, changeFactor: form.changeFactor,
            moneyRed: form.moneyRed ?? "", moneyYellow: form.moneyYellow ?? "", targetRed: form.targetRed ?? "", targetYellow: form.targetYellow ?? "",
            targetBlue: form.targetBlue ?? "", vagueWords: form.vagueWords, notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }
}
