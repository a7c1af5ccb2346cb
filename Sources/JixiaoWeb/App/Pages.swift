import Foundation
import Hummingbird
import JixiaoFormats
import JixiaoStore
import Mustache

/// A page's view model: the template it fills (`Resources/templates/<template>.mustache`) and
/// its title. Its stored properties are what the template reads (swift-mustache reflects
/// them); beside them every template may read `csrf`, `assets` and `site` (`PageChrome`).
protocol PageView: Sendable {
    static var template: String { get }
    var title: String { get }
}

/// What every page's template may read beside the page's own fields.
struct PageChrome: Sendable {
    /// The session's token, sent back by every form that changes something.
    var csrf: String?
    /// The stylesheets' and scripts' fingerprinted URLs (`StaticAssets.urls`).
    var assets: [String: String]
    /// The site's fixed links (`SiteLinks`).
    var site: SiteLinks
}

/// The links templates use that take no value, from the route table.
struct SiteLinks: Sendable {
    let home = SiteURL.home.path
    let login = SiteURL.login.path
    let logout = SiteURL.logout.path
    let account = SiteURL.account.path
    let accountPassword = SiteURL.accountPassword.path
    let workspace = SiteURL.workspace.path
    let adminUsers = SiteURL.adminUsers.path
    let adminDepartments = SiteURL.adminDepartments.path
    let adminYears = SiteURL.adminYears.path
    let adminTokens = SiteURL.adminTokens.path
    let adminRules = SiteURL.adminRules.path
    let adminAudit = SiteURL.adminAudit.path
    let adminSite = SiteURL.adminSite.path
    let adminMonitoring = SiteURL.adminMonitoring.path
    let openAPI = SiteURL.openAPI.path

    static let shared = SiteLinks()
}

/// Templates read the links by name from a table made once (`Reflection` says why).
extension SiteLinks: MustacheParent {
    private static let byName = Reflection.fields(of: SiteLinks.shared).compactMapValues { $0 as? String }
    func child(named name: String) -> Any? { Self.byName[name] }
}

/// The layout's idea of the visitor: who is signed in, in what role and department.
struct Viewer: Sendable, Hashable {
    var name: String
    var role: String
    var department: String?
    var admin: Bool
    var csrf: String
}

/// The layout around every page.
struct Layout: PageView {
    static let template = "layout"
    var title: String
    var content: String
    var viewer: Viewer?
}

/// A view model and the chrome, looked up in that order: what a template reads.
struct PageScope<Page: Sendable>: MustacheParent {
    let chrome: PageChrome
    /// The page's stored properties by name, reflected once: a template looks up dozens of
    /// names, and each lookup walked the page's Mirror again (a quarter of a table page).
    private let fields: [String: Any]

    init(page: Page, chrome: PageChrome) {
        self.chrome = chrome
        fields = Reflection.fields(of: page)
    }

    func child(named name: String) -> Any? {
        switch name {
        case "csrf": if let csrf = chrome.csrf { return csrf }
        case "assets": return chrome.assets
        case "site": return chrome.site
        default: break
        }
        return fields[name]
    }
}

/// A view model's stored properties by name, with an Optional's `nil` as no value (as
/// swift-mustache reads the view models' nested values). Nested view models (a section's
/// items, `site`, `viewer`) are read the same way, once, down to the leaves: swift-mustache
/// otherwise builds a `Mirror` of an item for every `{{name}}` looked up in it, and of
/// `SiteLinks` for every `{{site.…}}` — a third of a signed-in table page's time went there.
enum Reflection {
    /// Every stored property with a value (an Optional's `nil` left out), by name.
    static func fields(of object: some Any) -> [String: Any] {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: object).children {
            if let label = child.label, let value = value(child.value) { fields[label] = value }
        }
        return fields
    }

    /// A value as a template reads it: text and numbers as they are, an Optional unwrapped,
    /// a list item by item, a nested view model as its fields.
    static func value(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double: return value
        case let list as [Any]: return list.map { self.value($0) ?? Absent() }
        case let map as [String: Any]: return map.compactMapValues { self.value($0) }
        // Anything that renders itself, or tells swift-mustache how to read it, stays itself.
        case is CustomStringConvertible, is MustacheParent, is MustacheCustomRenderable,
             is MustacheCustomRepresentation, is MustacheLambda: return value
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.first.flatMap { self.value($0.value) }
        case .struct: return Fields(fields: fields(of: value), value: value)
        default: return value
        }
    }

    /// A nested view model's fields. It renders as the value did, were a template to print it.
    struct Fields: MustacheParent, CustomStringConvertible {
        let fields: [String: Any]
        let value: Any
        func child(named name: String) -> Any? { fields[name] }
        var description: String { "\(value)" }
    }

    /// A list's `nil` item: a section over it renders nothing, as it did for the `nil`.
    struct Absent: MustacheCustomRenderable {
        var renderText: String { "" }
        var isNull: Bool { true }
    }
}

/// Every HTML page goes through here: the layout, with the header that says who is signed in
/// (and carries the sign-out form), and the headers that keep a signed-in page out of shared
/// caches.
enum Pages {
    static func viewer(_ context: AppContext) -> Viewer? {
        guard let account = context.identity, let csrf = context.csrf else { return nil }
        return Viewer(name: account.displayName, role: account.role.title, department: account.department, admin: account.role == .admin, csrf: csrf)
    }

    static func chrome(_ context: AppContext?) -> PageChrome {
        PageChrome(csrf: context?.csrf, assets: StaticAssets.shared.urls, site: .shared)
    }

    /// A view model rendered by its template (without the layout).
    static func render<Page: PageView>(_ page: Page, chrome: PageChrome) -> String {
        Templates.library.render(PageScope(page: page, chrome: chrome), withTemplate: Page.template) ?? ""
    }

    /// A whole page: the view model inside the layout.
    static func document<Page: PageView>(_ page: Page, _ context: AppContext?) -> ByteBuffer {
        document(title: page.title, content: render(page, chrome: chrome(context)), context)
    }

    /// A whole page around content already rendered: the layout's halves (`LayoutHalves`) with
    /// the visitor's token, and the content between them written once into the response's buffer.
    static func document(title: String, content: String, _ context: AppContext?) -> ByteBuffer {
        let viewer = context.flatMap(viewer)
        let halves = LayoutHalves.shared.halves(title: title, viewer: viewer)
        let csrf = viewer?.csrf ?? ""
        let (head, tail) = (halves.head.filled(with: csrf), halves.tail.filled(with: csrf))
        var buffer = ByteBufferAllocator().buffer(capacity: head.utf8.count + content.utf8.count + tail.utf8.count)
        buffer.writeString(head)
        buffer.writeString(content)
        buffer.writeString(tail)
        return buffer
    }

    static func response<Page: PageView>(_ page: Page, _ context: AppContext, status: HTTPResponse.Status = .ok) -> Response {
        response(title: page.title, content: render(page, chrome: chrome(context)), context, status: status)
    }

    static func response(title: String, content: String, _ context: AppContext, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: headers(context), body: .init(byteBuffer: document(title: title, content: content, context)))
    }

    /// Pages that differ by who is signed in vary by cookie; a signed-in page is private.
    static func headers(_ context: AppContext) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .vary: "Cookie"]
        if context.identity != nil { headers[.cacheControl] = "private, no-store" }
        return headers
    }

    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// The error page.
struct ErrorPage: PageView {
    static let template = "error"
    var status: Int
    var title: String
    var message: String
}

/// Errors as the visitor should see them: a Chinese page for the site, a problem document
/// (RFC 9457) under `/api/`.
struct ErrorPages: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            if request.uri.path.hasPrefix("/api/") {
                var response = TableAPI.problem(error.status, error.body ?? error.status.reasonPhrase)
                response.headers.append(contentsOf: error.headers)
                return response
            }
            let message = error.body ?? Self.message(error.status)
            var response = Pages.response(ErrorPage(status: error.status.code, title: Self.title(error.status), message: message), context, status: error.status)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch StoreError.busy(let why) {
            // Every database connection stayed busy: a clean 503 the client may retry, never a hang.
            context.logger.warning("database busy", metadata: ["why": .string(why)])
            var response = request.uri.path.hasPrefix("/api/")
                ? TableAPI.problem(.serviceUnavailable, "服务器繁忙，请稍后再试。")
                : Pages.response(ErrorPage(status: 503, title: Self.title(.serviceUnavailable), message: "服务器繁忙，请稍后再试。"), context, status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    static func title(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "找不到这一页"
        case 403: "没有权限"
        case 414: "地址太长"
        case 429: "尝试过于频繁"
        case 503: "服务器繁忙"
        default: "出错了"
        }
    }

    static func message(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "没有这一页，或者它尚未公开。"
        case 403: "您的账号不能进行这项操作。"
        case 413: "提交的内容太大。"
        default: "请求未能完成（\(status.code) \(status.reasonPhrase)）。"
        }
    }
}
