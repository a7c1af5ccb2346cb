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

    /// `text` cut at each `marker` (ASCII), found among the UTF-8 bytes: Foundation's search
    /// works in `Character`s, and a marker's `<` that joined a grapheme cluster with the
    /// character before it would not be found there.
    static func pieces(of text: String, around marker: String) -> [String] {
        let bytes = Array(text.utf8), needle = Array(marker.utf8)
        guard let first = needle.first else { return [text] }
        var pieces: [String] = []
        var start = 0, i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == first, bytes[i ..< i + needle.count].elementsEqual(needle) {
                pieces.append(String(decoding: bytes[start ..< i], as: UTF8.self))
                i += needle.count
                start = i
            } else {
                i += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }
}
