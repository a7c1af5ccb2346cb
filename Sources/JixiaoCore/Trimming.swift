/// Cells and form fields are compared and stored without the spaces around them.
extension String {
    public func trimmingSpaces() -> String {
        // Nearly every cell needs no trimming: tell from its first and last bytes (space, tab,
        // LF, CR, or a byte of U+00A0 or U+3000) before looking at Characters.
        if let first = utf8.first, let last = utf8.last,
           !Self.mayBeSpace(first), !Self.mayBeSpace(last) {
            return self
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{3000}" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{A0}" || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    private static func mayBeSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xC2 || byte == 0xE3 || byte == 0xA0 || byte == 0x80
            || byte == 0xEF || byte == 0xBF
    }

    /// Whether the text is empty or only spaces.
    public var isBlank: Bool { trimmingSpaces().isEmpty }
}
