import NIOConcurrencyHelpers

/// The layout around pages, rendered once for each title and visitor and kept: through
/// swift-mustache it was a tenth of a signed-in table page's time, the same each time. Kept as
/// the halves before and after the content, the visitor's CSRF token (in the sign-out form)
/// left out (`CSRFSlots`). What the layout shows is all in the key — the title and the visitor
/// without the token — beside what never changes while the server runs (the assets' URLs, the
/// site's links). A few hundred titles and visitors fit; past that it starts again.
final class LayoutHalves: Sendable {
    final class Halves: Sendable {
        let head: CSRFSlots
        let tail: CSRFSlots

        init(head: CSRFSlots, tail: CSRFSlots) {
            (self.head, self.tail) = (head, tail)
        }
    }

    private struct Key: Hashable {
        var title: String
        var viewer: Viewer?
    }

    static let shared = LayoutHalves()
    static let capacity = 1024
    private let kept = NIOLockedValueBox<[Key: Halves]>([:])

    /// Stands for the content in the layout's rendering. The layout writes the content unescaped
    /// (`{{{content}}}`) and everything else escaped byte by byte (`ByteEscapedHTML`), so only
    /// the content can put it there.
    static let contentMarker = "<jixiao-content>"

    func halves(title: String, viewer: Viewer?) -> Halves {
        var marked = viewer
        marked?.csrf = CSRFSlots.marker
        let key = Key(title: title, viewer: marked)
        if let halves = kept.withLockedValue({ $0[key] }) { return halves }
        // (The layout writes a token only for a visitor signed in: the marker stays unused otherwise.)
        let layout = Pages.render(Layout(title: title, content: Self.contentMarker, viewer: marked), chrome: CSRFSlots.chrome)
        let parts = CSRFSlots.pieces(of: layout, around: Self.contentMarker)
        let halves = Halves(head: CSRFSlots(rendered: parts[0]), tail: CSRFSlots(rendered: parts.dropFirst().joined(separator: Self.contentMarker)))
        kept.withLockedValue { kept in
            if kept.count >= Self.capacity { kept.removeAll() }
            kept[key] = halves
        }
        return halves
    }
}
