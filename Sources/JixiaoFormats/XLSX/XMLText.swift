/// Text as SpreadsheetML holds it: XML-escaped, with the characters XML 1.0 cannot carry
/// (control characters other than tab and line breaks) written `_xHHHH_` as Excel does, and
/// a literal `_xHHHH_` in the text protected as `_x005F_xHHHH_` so it reads back unchanged.
enum XMLText {
    static func append(_ text: String, to out: inout ByteOutput) {
        var pending = text.startIndex
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        func flush(upTo end: String.Index) {
            if pending < end { out.write(String(text.unicodeScalars[pending..<end])) }
        }
        while i < scalars.endIndex {
            let s = scalars[i]
            var replacement: String?
            switch s {
            case "&": replacement = "&amp;"
            case "<": replacement = "&lt;"
            case ">": replacement = "&gt;"
            case "\"": replacement = "&quot;"
            case "_" where isEscapeSequence(scalars[i...]): replacement = "_x005F_"
            default:
                let v = s.value
                if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF {
                    replacement = "_x" + hex4(v) + "_"
                }
            }
            if let replacement {
                flush(upTo: i)
                out.write(replacement)
                pending = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        flush(upTo: scalars.endIndex)
    }

    static func escaped(_ text: String) -> String {
        var out = ByteOutput()
        append(text, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// `_xHHHH_` at the start of `s`.
    static func isEscapeSequence(_ s: Substring.UnicodeScalarView) -> Bool {
        let head = Array(s.prefix(7))
        guard head.count == 7, head[0] == "_", head[1] == "x", head[6] == "_" else { return false }
        return head[2...5].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Reverses the `_xHHHH_` escapes (for readers).
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
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
