import Foundation
import Hummingbird
import JixiaoFormats
import JixiaoStore

/// Every HTML page goes through here: the layout, with the header that says who is signed in
/// (and carries the sign-out form), and the headers that keep a signed-in page out of shared
/// caches.
enum Pages {
    /// The layout's idea of the visitor.
    static func viewer(_ context: AppContext) -> [String: Any]? {
        guard let account = context.identity, let csrf = context.csrf else { return nil }
        var viewer: [String: Any] = ["name": account.displayName, "role": account.role.title, "csrf": csrf]
        if let department = account.department { viewer["department"] = department }
        if account.role == .admin { viewer["admin"] = true }
        return viewer
    }

    static func layout(title: String, content: String, viewer: [String: Any]?) -> String {
        var object: [String: Any] = ["title": title, "content": content, "assets": StaticAssets.shared.urls]
        if let viewer { object["viewer"] = viewer }
        return Templates.page("layout", object)
    }

    static func response(_ title: String, _ template: String, _ object: [String: Any], _ context: AppContext, status: HTTPResponse.Status = .ok) -> Response {
        var object = object
        if let csrf = context.csrf { object["csrf"] = csrf }
        object["assets"] = StaticAssets.shared.urls
        let html = layout(title: title, content: Templates.page(template, object), viewer: viewer(context))
        return Response(status: status, headers: headers(context), body: .init(byteBuffer: ByteBuffer(string: html)))
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
            var response = Pages.response(Self.title(error.status), "error", ["status": "\(error.status.code)", "title": Self.title(error.status), "message": message], context, status: error.status)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch StoreError.busy(let why) {
            // Every database connection stayed busy: a clean 503 the client may retry, never a hang.
            context.logger.warning("database busy", metadata: ["why": .string(why)])
            var response = request.uri.path.hasPrefix("/api/")
                ? TableAPI.problem(.serviceUnavailable, "服务器繁忙，请稍后再试。")
                : Pages.response(Self.title(.serviceUnavailable), "error", ["status": "503", "title": Self.title(.serviceUnavailable), "message": "服务器繁忙，请稍后再试。"], context, status: .serviceUnavailable)
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
