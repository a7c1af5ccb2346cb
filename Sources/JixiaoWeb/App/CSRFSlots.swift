import JixiaoCore

/// A rendering kept for many readers with the session's CSRF token left out: rendered with
/// `marker` where each form's token goes, cut there once, and filled per page (a join, not a
/// search through a 300 KB page). The templates of kept renderings write the token unescaped
/// (`{{{csrf}}}`), and every template escapes text byte by byte (`ByteEscapedHTML`), so the
/// marker can come only from them: text typed into a table that reads the same is escaped
/// (`&lt;csrf&gt;`).
struct CSRFSlots: Sendable {
    static let marker = "<csrf>"
    private let pieces: [String]

    init(rendered: String) {
        pieces = Self.pieces(of: rendered, around: Self.marker)
    }

    func filled(with csrf: String) -> String {
        pieces.joined(separator: csrf)
    }

    /// What kept renderings are rendered with: the marker for the token, and what never changes
    /// while the server runs (the assets' URLs, the site's links).
    static var chrome: PageChrome { PageChrome(csrf: marker, assets: StaticAssets.shared.urls, site: .shared) }

    /// `text` cut at each `marker` (ASCII), found among the UTF-8 bytes: Foundation's search
    /// works in `Character`s, and a marker's `<` that joined a grapheme cluster with the
    /// character before it would not be found there.
    static func pieces(of text: String, around marker: String) -> [String] {
        let needle = Array(marker.utf8)
        return UTF8Scan.withBytes(text) { bytes in
            var pieces: [String] = []
            var start = 0, i = 0
            while i + needle.count <= bytes.count {
                if UTF8Scan.matches(bytes, at: i, needle, end: bytes.count) {
                    pieces.append(UTF8Scan.string(bytes, start ..< i))
                    i += needle.count
                    start = i
                } else {
                    i += 1
                }
            }
            pieces.append(UTF8Scan.string(bytes, start ..< bytes.count))
            return pieces
        }
    }
}
