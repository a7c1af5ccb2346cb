import Foundation

/// One record (row) of a delimited file and the physical line it starts on.
struct DelimitedRecord {
    var line: Int
    /// The cells, unquoted, line breaks inside them folded to `\n`, trimmed of spaces.
    var cells: [String]

    /// True when every cell is empty (a blank line, or a row of empty cells).
    var isBlank: Bool { cells.allSatisfy(\.isEmpty) }

    func cell(_ index: Int) -> String { index < cells.count ? cells[index] : "" }
}

/// Splits UTF-8 bytes into records of cells: the delimiter (tab or comma) between cells,
/// LF, CRLF or CR between records, and Excel-style quoting — a cell that opens with `"`
/// may hold delimiters and line breaks, with `""` for a quote.
///
/// A cell that opens with `"` but does not close the way Excel closes one (a quote followed
/// by more text, or no closing quote at all) was written by hand, not by Excel: it is read
/// again as plain text up to the next delimiter, so `"排头兵"是…` keeps its quotes.
struct DelimitedRecords: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private var position = 0
    private var line = 1

    init(utf8 bytes: [UInt8], delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    mutating func next() -> DelimitedRecord? {
        guard position < bytes.count else { return nil }
        let startLine = line
        var cells: [String] = []
        cells.reserveCapacity(8)
        while true {
            let (cell, ended) = readCell()
            cells.append(cell)
            if ended { break }
        }
        return DelimitedRecord(line: startLine, cells: cells)
    }

    /// Reads one cell; `endOfRecord` is true when a line break or the end of input follows it.
    private mutating func readCell() -> (String, endOfRecord: Bool) {
        if position < bytes.count && bytes[position] == Self.quote, let quoted = readQuotedCell() {
            return quoted
        }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == delimiter {
                let cell = Self.trimmedString(bytes[start..<position])
                position += 1
                return (cell, false)
            }
            if byte == Self.lf || byte == Self.cr {
                let cell = Self.trimmedString(bytes[start..<position])
                consumeLineBreak()
                return (cell, true)
            }
            position += 1
        }
        return (Self.trimmedString(bytes[start..<position]), true)
    }

    /// A cell in Excel quoting, or nil (with the position unchanged) when it is not one.
    private mutating func readQuotedCell() -> (String, endOfRecord: Bool)? {
        let savedPosition = position
        let savedLine = line
        var content: [UInt8] = []
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Self.quote {
                if position + 1 < bytes.count && bytes[position + 1] == Self.quote {
                    content.append(Self.quote)
                    position += 2
                    continue
                }
                // A closing quote must be followed by a delimiter, a line break or the end.
                let after = position + 1
                if after == bytes.count {
                    position = after
                    return (Self.trimmedString(normalizingLineBreaks(content)[...]), true)
                }
                if bytes[after] == delimiter {
                    position = after + 1
                    return (Self.trimmedString(normalizingLineBreaks(content)[...]), false)
                }
                if bytes[after] == Self.lf || bytes[after] == Self.cr {
                    position = after
                    consumeLineBreak()
                    return (Self.trimmedString(normalizingLineBreaks(content)[...]), true)
                }
                break
            }
            if byte == Self.lf || (byte == Self.cr && !(position + 1 < bytes.count && bytes[position + 1] == Self.lf)) {
                line += 1
            }
            content.append(byte)
            position += 1
        }
        position = savedPosition
        line = savedLine
        return nil
    }

    private mutating func consumeLineBreak() {
        if bytes[position] == Self.cr && position + 1 < bytes.count && bytes[position + 1] == Self.lf {
            position += 2
        } else {
            position += 1
        }
        line += 1
    }

    /// CRLF and CR inside a cell become LF: the model holds one kind of line break.
    private func normalizingLineBreaks(_ content: [UInt8]) -> [UInt8] {
        guard content.contains(Self.cr) else { return content }
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var i = 0
        while i < content.count {
            if content[i] == Self.cr {
                out.append(Self.lf)
                if i + 1 < content.count && content[i + 1] == Self.lf { i += 1 }
            } else {
                out.append(content[i])
            }
            i += 1
        }
        return out
    }

    /// The cell as a String without surrounding spaces (ASCII, ideographic U+3000, NBSP)
    /// or line breaks.
    static func trimmedString(_ slice: ArraySlice<UInt8>) -> String {
        var start = slice.startIndex
        var end = slice.endIndex
        while start < end {
            let width = spaceWidth(slice, at: start)
            if width == 0 { break }
            start += width
        }
        while end > start {
            let width = spaceWidthBefore(slice, end: end, start: start)
            if width == 0 { break }
            end -= width
        }
        return String(decoding: slice[start..<end], as: UTF8.self)
    }

    private static func spaceWidth(_ s: ArraySlice<UInt8>, at i: Int) -> Int {
        let b = s[i]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
        if b == 0xE3, i + 2 < s.endIndex, s[i + 1] == 0x80, s[i + 2] == 0x80 { return 3 } // U+3000
        if b == 0xC2, i + 1 < s.endIndex, s[i + 1] == 0xA0 { return 2 } // U+00A0
        return 0
    }

    private static func spaceWidthBefore(_ s: ArraySlice<UInt8>, end: Int, start: Int) -> Int {
        let b = s[end - 1]
        if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
        if b == 0x80, end - 3 >= start, s[end - 3] == 0xE3, s[end - 2] == 0x80 { return 3 }
        if b == 0xA0, end - 2 >= start, s[end - 2] == 0xC2 { return 2 }
        return 0
    }
}

/// Writes cells the way the official files and Excel do: quoted only when a cell holds the
/// delimiter, a line break or a quote.
enum DelimitedCell {
    static func append(_ cell: String, delimiter: Character, to out: inout String) {
        var needsQuotes = false
        for byte in cell.utf8 where byte == 0x22 || byte == 0x0A || byte == 0x0D || byte == delimiter.asciiValue {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            out.append(cell)
            return
        }
        out.append("\"")
        out.append(cell.replacingOccurrences(of: "\"", with: "\"\""))
        out.append("\"")
    }
}
