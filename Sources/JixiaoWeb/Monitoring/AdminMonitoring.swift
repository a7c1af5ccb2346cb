import Foundation
import Hummingbird
import JixiaoStore

/// The open-a-round form; every field as typed, so a refused one shows again as it was.
struct MonitoringRoundForm: Decodable {
    var year: String
    var month: String
    var due: String
}

/// A round's settings: its due date, and whether the public may read its reports.
struct MonitoringRoundUpdateForm: Decodable {
    var due: String
    var published: Bool
}

/// 管理 › 运行监控 (docs/domain.md §9): the rounds of each fiscal year, opening one (the months it
/// runs to, 7 by default, and the date reports are due), moving a due date, opening a round's
/// reports to the public.
struct AdminMonitoring {
    let repository: any TableRepository

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminMonitoring.route) { request, context in
            try await page(context, notice: request.uri.queryParameters.get("notice").flatMap { Self.notices[String($0)] })
        }
        router.post(SiteURL.adminMonitoring.route) { request, context in
            let admin = try context.requireAccount(request)
            let form = try await context.decode(MonitoringRoundForm.self, request)
            guard let year = Int(form.year), let month = Int(form.month.trimmingCharacters(in: .whitespaces)), (1...12).contains(month) else {
                return try await page(context, typed: form, error: "请选择年度，截至月份为 1 到 12 的整数。", status: .unprocessableContent)
            }
            guard Self.isDate(form.due) else {
                return try await page(context, typed: form, error: "截止日期须为 年-月-日（如 \(year)-08-15）。", status: .unprocessableContent)
            }
            do {
                try await repository.monitoring.open(year: year, month: month, due: form.due, actor: context.actor.isEmpty ? admin.login : context.actor)
            } catch StoreError.alreadyExists {
                return try await page(context, typed: form, error: "\(year) 年 1–\(month) 月的监控已经开启过了。", status: .unprocessableContent)
            } catch StoreError.notFound {
                return try await page(context, typed: form, error: "\(year) 年度尚未开启：请先在“预算年度”中开启。", status: .unprocessableContent)
            }
            return Pages.seeOther(SiteURL.adminMonitoring.path([("notice", "opened")]))
        }
        router.post(SiteURL.adminMonitoringRound(year: 0, month: 0).route) { request, context in
            let form = try await context.decode(MonitoringRoundUpdateForm.self, request)
            guard let year = context.fiscalYear, let month = context.month else { throw HTTPError(.notFound) }
            guard Self.isDate(form.due) else { return try await page(context, error: "截止日期须为 年-月-日。", status: .unprocessableContent) }
            do {
                try await repository.monitoring.update(year: year, month: month, due: form.due, published: form.published, actor: context.actor)
            } catch StoreError.notFound {
                throw HTTPError(.notFound)
            }
            return Pages.seeOther(SiteURL.adminMonitoring.path([("notice", "updated")]))
        }
    }

    static let notices = ["opened": "监控已开启，各部门可以填报。", "updated": "已保存。"]

    /// `2025-08-15`, a real day.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (2000...2100).contains(y), (1...12).contains(m), d >= 1 else { return false }
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    func page(_ context: AppContext, typed: MonitoringRoundForm? = nil, notice: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let years = try await repository.accounts.fiscalYears().map(\.year)
        let chosen = typed.flatMap { Int($0.year) } ?? years.max() ?? 0
        let rounds = try await repository.monitoring.rounds().map {
            AdminMonitoringPage.Row(title: "\($0.year) 年 1–\($0.month) 月", due: $0.due, opened: "\(DisplayTime.text($0.openedAt))（\($0.openedBy)）",
                                    published: $0.publishedAt != nil, href: SiteURL.adminMonitoringRound(year: $0.year, month: $0.month).path,
                                    overviewHref: SiteURL.monitoringRound(year: $0.year, month: $0.month).path, action: SiteURL.adminMonitoringRound(year: $0.year, month: $0.month).path)
        }
        let page = AdminMonitoringPage(rounds: rounds, years: years.map { ChoiceOption(value: String($0), title: "\($0) 年度", selected: $0 == chosen) },
                                       month: typed?.month ?? "7", due: typed?.due ?? (chosen > 0 ? "\(chosen)-08-15" : ""), notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }
}
