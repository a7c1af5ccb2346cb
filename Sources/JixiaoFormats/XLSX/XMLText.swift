import JixiaoCore

/// Text as SpreadsheetML holds it: XML-escaped, with the characters XML 1.0 cannot carry
/// (control characters other than tab and line breaks) written `_xHHHH_` as Excel does, and
/// a literal `_xHHHH_` in the text protected as `_x005F_xHHHH_` so it reads back unchanged.
enum XMLText {
    /// Whether the text begins or ends with white space, which an XML reader drops from a
    /// `<t>` unless it says `xml:space="preserve"`.
    static func edgesAreSpace(_ text: String) -> Bool {
        func isSpace(_ byte: UInt8?) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        return isSpace(text.utf8.first) || isSpace(text.utf8.last)
    }

    static func append(_ text: String, to out: inout ByteOutput) {
        var text = text
        text.withUTF8 { b in
            // Most cells hold nothing to escape: copy them whole.
            var start = 0
            var i = 0
            while i < b.count {
                let x = b[i]
                let replacement: String?
                switch x {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                case 0x5F where isEscapeSequence(b, at: i): replacement = "_x005F_"
                case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F: replacement = "_x" + hex4(UInt32(x)) + "_"
                case 0xEF where i + 2 < b.count && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF):
                    // U+FFFE and U+FFFF, which XML cannot carry either.
                    out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                    out.write(b[i + 2] == 0xBE ? "_xFFFE_" : "_xFFFF_")
                    i += 3
                    start = i
                    continue
                default: replacement = nil
                }
                if let replacement {
                    out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
                    out.write(replacement)
                    start = i + 1
                }
                i += 1
            }
            out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<b.count]))
        }
    }

    /// `_xHHHH_` at byte `i`.
    private static func isEscapeSequence(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 7 <= b.count, b[i + 1] == UInt8(ascii: "x"), b[i + 6] == UInt8(ascii: "_") else { return false }
        return b[(i + 2)..<(i + 6)].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    static func escaped(_ text: String) -> String {
        var out = ByteOutput()
        append(text, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Reverses the `_xHHHH_` escapes (for readers).
    static func unescape(_ text: String) -> String {
        // Almost no cell holds an escape: a byte check spares the rest (Foundation's
        // `contains` on every cell of a large sheet cost more than reading it).
        let hasEscape = text.utf8.withContiguousStorageIfAvailable { b in
            b.count >= 7 && UTF8Scan.firstIndex(of: "_x", in: b) != nil
        } ?? true
        guard hasEscape else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if i + 7 <= scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_",
               let value = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }
}
