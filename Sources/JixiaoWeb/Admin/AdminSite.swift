import Foundation
import Hummingbird
import JixiaoStore

/// The site settings form: who publishes.
struct SiteForm: Decodable {
    var publishing: Publishing
}

/// 管理 › 站点设置: who takes the 公开 step — the reviewers, or the 信息公开 role, for a
/// bureau that keeps approving and publishing apart. Takes effect with the next page (the
/// published list is read again).
struct AdminSite {
    let repository: any TableRepository
    let tables: PublishedTables
    /// Where e-mail goes, as the server was started with (shown, not set, here).
    let mail: String

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminSite.route) { request, context in
            try await page(context, notice: request.uri.queryParameters.get("notice") == "saved" ? "站点设置已保存。" : nil)
        }
        router.post(SiteURL.adminSite.route) { request, context in
            let admin = try context.requireAccount(request)
            let form = try await context.decode(SiteForm.self, request)
            if form.publishing == .byPublisher, try await !repository.accounts.accounts().contains(where: { $0.role == .publisher && !$0.disabled }) {
                return try await page(context, typed: form.publishing, error: "还没有启用的“信息公开”账号：先在“用户”中建立一个，否则已审核的表无人能公开。",
                                      status: .unprocessableContent)
            }
            try await repository.siteSettings.save(Publishing.settingName, form.publishing.rawValue, actor: admin.login)
            tables.refresh()
            return Pages.seeOther(SiteURL.adminSite.path([("notice", "saved")]))
        }
    }

    func page(_ context: AppContext, typed: Publishing? = nil, notice: String? = nil, error: String? = nil,
              status: HTTPResponse.Status = .ok) async throws -> Response {
        var current = typed ?? .byReviewer
        if typed == nil { current = try await tables.publishing() }
        let page = SitePage(publishing: Publishing.allCases.map { .init(value: $0.rawValue, title: $0.title, selected: $0 == current) },
                            mail: mail, notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }
}

/// 管理 › 站点设置.
struct SitePage: PageView {
    struct Option: Sendable { var value: String; var title: String; var selected: Bool }
    static let template = "adminSite"
    let title = "站点设置"
    var publishing: [Option], mail: String, notice: String?, error: String?
}
