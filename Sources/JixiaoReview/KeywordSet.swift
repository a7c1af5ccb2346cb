import JixiaoCore

/// Words to look for in cell text (vague values, process measures, labels, 涉密 …), kept as
/// UTF-8 so searching compares bytes. A review searches every goal and value of a table for
/// every word of several lists, so a text is scanned once for all the words: a bitmap of the
/// words' first two bytes says at which positions any word can start, and only there are the
/// words compared.
struct KeywordSet: Sendable {
    private let words: [(text: String, bytes: [UInt8])]
    /// Bit `b0 << 8 | b1` is set when some word starts with bytes b0 b1.
    private let starts: [UInt64]
    /// Words of one byte, which the bitmap cannot describe.
    private let hasOneByteWord: Bool

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
            let key = Int(bytes[0]) << 8 | Int(bytes[1])
            starts[key >> 6] |= 1 << UInt64(key & 63)
        }
        self.starts = starts
        self.hasOneByteWord = oneByte
    }

    /// The longest word found in the texts (in the first text that holds one).
    func first(in texts: String...) -> String? {
        for text in texts where !text.isEmpty {
            if let found = UTF8Scan.withBytes(text, longestWord(in:)) { return found }
        }
        return nil
    }

    private func longestWord(in b: UTF8Scan.Bytes) -> String? {
        var best: Int?
        if hasOneByteWord {
            for (index, word) in words.enumerated() where word.bytes.count < 2 && word.bytes.withUnsafeBufferPointer({ UTF8Scan.contains(b, $0) }) {
                best = min(best ?? index, index)
            }
        }
        guard b.count >= 2 else { return best.map { words[$0].text } }
        for i in 0..<(b.count - 1) {
            let key = Int(b[i]) << 8 | Int(b[i + 1])
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
