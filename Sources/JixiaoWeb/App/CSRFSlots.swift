/// A rendering kept for many readers with the session's CSRF token left out: rendered with
/// `marker` where each form's token goes, cut there once, and filled per page (a join, not a
/// search through a 300 KB page). The templates of kept renderings write the token unescaped
/// (`{{{csrf}}}`), so the marker can come only from them: text typed into a table that reads
/// the same is escaped (`&lt;csrf&gt;`).
struct CSRFSlots: Sendable {
    static let marker = "<csrf>"
    private let pieces: [String]

    init(rendered: String) {
        pieces = rendered.components(separatedBy: Self.marker)
    }

    func filled(with csrf: String) -> String {
        pieces.joined(separator: csrf)
    }
}
