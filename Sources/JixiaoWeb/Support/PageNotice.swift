import Hummingbird
import JixiaoStore

/// What a page says after a change (POST, then redirect with `?notice=`), and how store
/// errors read.
enum PageNotice {
    static let texts = [
        "created": "用户已创建。", "saved": "已保存。", "password": "密码已重设，该用户的所有登录已退出。",
        "department": "部门已添加。", "year": "预算年度已开启。", "revoked": "令牌已吊销。",
    ]

    static func text(_ request: Request) -> String? { request.uri.queryParameters.get("notice").flatMap { texts[String($0)] } }

    static func describe(_ error: StoreError) -> String {
        switch error {
        case .alreadyExists(let what): "\(what)已存在。"
        case .invalid(let why): why
        case .notFound: "要修改的对象已不存在。"
        default: "保存失败：\(error)"
        }
    }
}
