import JixiaoCore

/// Words to look for in cell text (vague values, process measures, labels, 涉密 …), kept as
/// UTF-8 so searching compares bytes. A review searches every goal and value of a table for
/// every word of several lists, so a text is scanned once for all the words: a bitmap of the
/// words' first characters says at which positions any word can start, and only there are
/// the words compared.
struct KeywordSet: Sendable {
    private let words: [(text: String, bytes: [UInt8])]
    /// Bit `key(c)` is set when some word starts with the character c.
    private let starts: [UInt64]
    /// Words of one byte, which the bitmap does not describe.
    private let hasOneByteWord: Bool

    /// The low 16 bits of the code point of the character at `i` (exact for the BMP, where
    /// every Chinese word starts), or 0 where no character starts.
    @inline(__always)
    private static func key(_ b: UTF8Scan.Bytes, _ i: Int) -> Int {
        let x = Int(b[i])
        if x < 0x80 { return x }
        if x < 0xC0 || i + 1 >= b.count { return 0 }
        if x < 0xE0 { return (x & 0x1F) << 6 | Int(b[i + 1] & 0x3F) }
        if i + 2 >= b.count { return 0 }
        return ((x & 0x0F) << 12 | Int(b[i + 1] & 0x3F) << 6 | Int(b[i + 2] & 0x3F)) & 0xFFFF
    }

    /// Longer words first, so the most specific one is reported.
    init(_ words: [String]) {
        let sorted = words.filter { !$0.isEmpty }.sorted { $0.utf8.count > $1.utf8.count }
        self.words = sorted.map { ($0, Array($0.utf8)) }
        var starts = [UInt64](repeating: 0, count: 65_536 / 64)
        var oneByte = false
        for (_, bytes) in self.words {
            if bytes.count < 2 {
                oneByte = true
                continue
            }
            let key = bytes.withUnsafeBufferPointer { Self.key($0, 0) }
            starts[key >> 6] |= 1 << UInt64(key & 63)
        }
        self.starts = starts
        self.hasOneByteWord = oneByte
    }

    /// The longest word found in the text.
    func first(in text: String) -> String? {
        text.isEmpty ? nil : UTF8Scan.withBytes(text, longestWord(in:))
    }

    private func longestWord(in b: UTF8Scan.Bytes) -> String? {
        var best: Int?
        if hasOneByteWord {
            for (index, word) in words.enumerated() where word.bytes.count < 2 && word.bytes.withUnsafeBufferPointer({ UTF8Scan.contains(b, $0) }) {
                best = min(best ?? index, index)
            }
        }
        guard b.count >= 2 else { return best.map { words[$0].text } }
        for i in 0..<(b.count - 1) where b[i] & 0xC0 != 0x80 {
            let key = Self.key(b, i)
            guard starts[key >> 6] & (1 << UInt64(key & 63)) != 0 else { continue }
            for (index, word) in words.enumerated() where index < (best ?? Int.max) {
                if UTF8Scan.matches(b, at: i, word.bytes, end: b.count) {
                    best = index
                    break
                }
            }
        }
        return best.map { words[$0].text }
    }
}
