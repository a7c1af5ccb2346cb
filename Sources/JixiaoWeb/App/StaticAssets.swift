import Crypto
import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats

/// The stylesheets and scripts every page links: `Resources/static/` plus the official
/// table's stylesheet (`TableHTML.stylesheet`, shared with the standalone page and the PDF).
/// Pages link them with a fingerprint (`/static/site.css?v=…`, the content's hash), so a
/// browser keeps them for a year and a new build's files are new URLs; an ETag answers a
/// request without the fingerprint with 304 when nothing changed. Scripts are files, not
/// inline: the pages' CSP allows scripts from this site only, and the pages work without them
/// (JavaScript adds the 总计 and each target value's reading as typed, and a question before
/// a delete button acts).
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let version: String
    }

    let assets: [String: Asset]

    static let shared = StaticAssets()

    init() {
        var files: [String: (String, String)] = ["table.css": (TableHTML.stylesheet, "text/css")]
        for (name, text) in Resources.files(in: "static", withExtension: "css") { files[name + ".css"] = (text, "text/css") }
        for (name, text) in Resources.files(in: "static", withExtension: "js") { files[name + ".js"] = (text, "text/javascript") }
        assets = files.mapValues { text, type in
            let digest = Hex.string(SHA256.hash(data: Data(text.utf8)).prefix(6))
            return Asset(bytes: ByteBuffer(string: text), contentType: type + "; charset=utf-8", version: digest)
        }
        urls = Dictionary(uniqueKeysWithValues: assets.map { name, asset in
            (name.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_"), "/static/\(name)?v=\(asset.version)")
        })
    }

    /// Each asset's fingerprinted URL by a template-friendly key (`site.css` → `site_css`):
    /// `{{assets.site_css}}`.
    /// Made once: every page's render reads it.
    let urls: [String: String]

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.staticAsset(name: "").route) { request, context -> Response in
            guard let name = context.parameters.get("name"), let asset = assets[name] else { throw HTTPError(.notFound) }
            let etag = "\"\(asset.version)\""
            let fingerprinted = request.uri.queryParameters.get("v").map { String($0) } == asset.version
            var headers: HTTPFields = [
                .contentType: asset.contentType, .eTag: etag,
                .cacheControl: fingerprinted ? "public, max-age=31536000, immutable" : "public, max-age=300",
            ]
            if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) == true {
                headers[.contentType] = nil
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
        }
    }
}
