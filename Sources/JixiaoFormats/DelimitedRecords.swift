import Foundation
import JixiaoCore

/// A delimited file split into records and cells, as byte ranges: the delimiter (tab or
/// comma) between cells, LF, CRLF or CR between records, and Excel-style quoting — a cell
/// that opens with `"` may hold delimiters and line breaks, with `""` for a quote.
///
/// Splitting makes no Strings: that happens later, per cell, where it can run on every core
/// and where a cell that is not UTF-8 shows the file is in another encoding.
///
/// A cell that opens with `"` but does not close the way Excel closes one (a quote followed
/// by more text, or no closing quote at all) was written by hand, not by Excel: it is read
/// again as plain text up to the next delimiter, so `"排头兵"是…` keeps its quotes.
struct DelimitedText: Sendable {
    /// A cell's trimmed bytes: a range of the source, or of `unescaped` for a quoted cell.
    struct Cell: Sendable {
        var range: Range<Int>
        var isUnescaped: Bool
        var isEmpty: Bool { range.isEmpty }
    }

    struct Record: Sendable {
        /// The physical line the record starts on.
        var line: Int
        var cells: [Cell]
        var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
    }

    let source: [UInt8]
    private(set) var unescaped: [UInt8] = []
    private(set) var records: [Record] = []

    /// The cell is not valid UTF-8 (the caller then tries the file as GB18030).
    struct NotUTF8: Error {}

    init(utf8 source: [UInt8], delimiter: UInt8) {
        self.init(utf8: TextDecoding.UTF8Text(bytes: source), delimiter: delimiter)
    }

    init(utf8 text: TextDecoding.UTF8Text, delimiter: UInt8) {
        source = text.bytes
        source.withUnsafeBufferPointer { scan($0, from: text.start, delimiter: delimiter) }
    }

    // MARK: Reading cells

    /// Runs `body` with the cells' bytes in reach. Readers working on many rows at once read
    /// through this: each access would otherwise retain and release the file's buffer, an
    /// atomic operation on one shared object that both cores would fight over.
    func withCells<R, E: Error>(_ body: (Cells) throws(E) -> R) throws(E) -> R {
        try source.withUnsafeBufferPointer { (source) throws(E) -> R in
            try unescaped.withUnsafeBufferPointer { (unescaped) throws(E) -> R in
                try body(Cells(source: source, unescaped: unescaped))
            }
        }
    }

    /// The cells' bytes, valid inside `withCells`.
    struct Cells: @unchecked Sendable {
        let source: UnsafeBufferPointer<UInt8>
        let unescaped: UnsafeBufferPointer<UInt8>

        func bytes(_ cell: Cell) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: (cell.isUnescaped ? unescaped : source)[cell.range])
        }

        func string(_ cell: Cell) throws(NotUTF8) -> String {
            if cell.isEmpty { return "" }
            guard let text = UTF8Scan.string(bytes(cell)) else { throw NotUTF8() }
            return text
        }

        func string(_ record: Record, _ index: Int) throws(NotUTF8) -> String {
            index < record.cells.count ? try string(record.cells[index]) : ""
        }

        /// The indicators of a 绩效指标 cell, parsed from its bytes (checked as UTF-8)
        /// without making the whole cell a String: the largest cell of a row, read once.
        func indicators(_ record: Record, _ index: Int) throws(NotUTF8) -> [Indicator] {
            guard index < record.cells.count, !record.cells[index].isEmpty else { return [] }
            let cell = bytes(record.cells[index])
            guard UTF8Scan.isValidUTF8(cell) else { throw NotUTF8() }
            return IndicatorCellGrammar.parse(utf8: cell)
        }
    }

    /// A record with its cells as Strings, for the few records read whole (headers, CSV).
    func strings(_ record: Record) throws(NotUTF8) -> DelimitedRecord {
        try withCells { (cells) throws(NotUTF8) -> DelimitedRecord in
            var strings: [String] = []
            strings.reserveCapacity(record.cells.count)
            for cell in record.cells { strings.append(try cells.string(cell)) }
            return DelimitedRecord(line: record.line, cells: strings)
        }
    }

    // MARK: Scanning

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8) {
        var position = start
        var line = 1
        var cells: [Cell] = []
        while position < b.count {
            let startLine = line
            position = Self.scanRecord(b, at: position, line: &line, delimiter: delimiter, cells: &cells, unescaped: &unescaped)
            records.append(Record(line: startLine, cells: cells))
        }
    }

    /// The record at `start` split at its delimiters by `memchr`, when it holds no quote and no
    /// CR before its LF or CRLF (most records): where the next record starts, or nil for any
    /// other record, which `scanRecord` then reads byte by byte.
    private static func plainRecord(_ b: UnsafeBufferPointer<UInt8>, at start: Int, delimiter: UInt8, cells: inout [Cell]) -> Int? {
        guard let (end, next) = plainRecordEnd(b, at: start) else { return nil }
        plainCells(b, start..<end, delimiter: delimiter, cells: &cells)
        return next
    }

    /// The cells of a record that holds no quote and no line break in `content` (its bytes
    /// before the LF or CRLF that ends it), split at its delimiters by `memchr`.
    static func plainCells(_ b: UnsafeBufferPointer<UInt8>, _ content: Range<Int>, delimiter: UInt8, cells: inout [Cell]) {
        cells.removeAll(keepingCapacity: true)
        guard let base = b.baseAddress else { return }
        var cellStart = content.lowerBound
        while let found = memchr(base + cellStart, Int32(delimiter), content.upperBound - cellStart) {
            let at = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            cells.append(Cell(range: UTF8Scan.trimLines(b, cellStart..<at), isUnescaped: false))
            cellStart = at + 1
        }
        cells.append(Cell(range: UTF8Scan.trimLines(b, cellStart..<content.upperBound), isUnescaped: false))
    }

    /// Where the record at `start` ends — its content, and past its LF or CRLF, the next
    /// record — when it holds no quote and no other CR; nil otherwise (or when no LF follows).
    private static func plainRecordEnd(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (content: Int, next: Int)? {
        guard let base = b.baseAddress, start < b.count, let found = memchr(base + start, Int32(lf), b.count - start) else { return nil }
        let next = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
        let end = contentEnd(b, start: start, next: next)
        guard memchr(base + start, Int32(quote), end - start) == nil, memchr(base + start, Int32(cr), end - start) == nil else { return nil }
        return (end, next)
    }

    /// Where the content of the record from `start` ends, when an LF (or CRLF) just before
    /// `next` ends it.
    static func contentEnd(_ b: UnsafeBufferPointer<UInt8>, start: Int, next: Int) -> Int {
        let lineFeed = next - 1
        return lineFeed > start && b[lineFeed - 1] == cr ? lineFeed - 1 : lineFeed
    }

    /// Where the record at `start` ends, as `scanRecord` finds it, without splitting it into
    /// cells: a cell that opens with a quote is read as `scanRecord` reads it (into `scratch`);
    /// elsewhere only delimiters and line breaks count.
    /// `plain` says whether the record is plain: no quote, no CR before the LF or CRLF that
    /// ends it (its cells are then `plainCells`).
    static func recordEnd(_ b: UnsafeBufferPointer<UInt8>, at start: Int, line: inout Int, delimiter: UInt8, scratch: inout [UInt8], plain: inout Bool) -> Int {
        // Most records hold no quote and no CR before their LF or CRLF: then that ends them,
        // and `memchr` finds all three many bytes at a time (a byte-by-byte pass over a 190 MB
        // CSV took half a second, on one core).
        if let (_, next) = plainRecordEnd(b, at: start) {
            line += 1
            plain = true
            return next
        }
        plain = false
        var position = start
        var atCellStart = true
        while position < b.count {
            let byte = b[position]
            if atCellStart && byte == quote {
                scratch.removeAll(keepingCapacity: true)
                if let quoted = quotedCell(b, at: position, line: &line, delimiter: delimiter, unescaped: &scratch) {
                    position = quoted.next
                    if quoted.endOfRecord { return position }
                    continue
                }
            }
            atCellStart = byte == delimiter
            if byte == lf || byte == cr {
                line += 1
                return afterLineBreak(b, position)
            }
            position += 1
        }
        return position
    }

    /// Splits the record at `position` into `cells` (a quoted cell's content appended to
    /// `unescaped`, which its range then points into); returns where the next record starts,
    /// with `line` moved past the line breaks the record holds.
    static func scanRecord(
        _ b: UnsafeBufferPointer<UInt8>, at start: Int, line: inout Int, delimiter: UInt8,
        cells: inout [Cell], unescaped: inout [UInt8]
    ) -> Int {
        cells.removeAll(keepingCapacity: true)
        if let next = plainRecord(b, at: start, delimiter: delimiter, cells: &cells) {
            line += 1
            return next
        }
        var position = start
        while true {
            if b[position] == Self.quote, let quoted = quotedCell(b, at: position, line: &line, delimiter: delimiter, unescaped: &unescaped) {
                cells.append(quoted.cell)
                position = quoted.next
                if quoted.endOfRecord { break }
                if position < b.count { continue }
                // A delimiter that ends the input leaves an empty last cell (as below);
                // reading on from here read past the end (found by fuzzing: `"a"<TAB>`).
                cells.append(Cell(range: position..<position, isUnescaped: false))
                break
            }
            let cellStart = position
            while position < b.count, b[position] != delimiter, b[position] != Self.lf, b[position] != Self.cr { position += 1 }
            cells.append(Cell(range: UTF8Scan.trimLines(b, cellStart..<position), isUnescaped: false))
            if position < b.count && b[position] == delimiter {
                position += 1
                if position < b.count { continue }
                cells.append(Cell(range: position..<position, isUnescaped: false))
                break
            }
            if position < b.count {
                position = Self.afterLineBreak(b, position)
                line += 1
            }
            break
        }
        return position
    }

    /// A cell in Excel quoting at `start`, or nil when it is not one.
    private static func quotedCell(
        _ b: UnsafeBufferPointer<UInt8>, at start: Int, line: inout Int, delimiter: UInt8, unescaped: inout [UInt8]
    ) -> (cell: Cell, next: Int, endOfRecord: Bool)? {
        var content: [UInt8] = []
        var lines = 0
        var i = start + 1
        while i < b.count {
            let byte = b[i]
            if byte == Self.quote {
                if i + 1 < b.count && b[i + 1] == Self.quote {
                    content.append(Self.quote)
                    i += 2
                    continue
                }
                // A closing quote must be followed by a delimiter, a line break or the end.
                let after = i + 1
                let next: Int
                let endOfRecord: Bool
                if after == b.count {
                    (next, endOfRecord) = (after, true)
                } else if b[after] == delimiter {
                    (next, endOfRecord) = (after + 1, false)
                } else if b[after] == Self.lf || b[after] == Self.cr {
                    (next, endOfRecord) = (Self.afterLineBreak(b, after), true)
                    lines += 1
                } else {
                    return nil
                }
                line += lines
                let base = unescaped.count
                unescaped.append(contentsOf: content)
                let range = unescaped.withUnsafeBufferPointer { UTF8Scan.trimLines($0, base..<unescaped.count) }
                return (Cell(range: range, isUnescaped: true), next, endOfRecord)
            }
            // CRLF and CR inside a cell become LF: the model holds one kind of line break.
            if byte == Self.cr {
                content.append(Self.lf)
                lines += 1
                i = Self.afterLineBreak(b, i)
                continue
            }
            if byte == Self.lf { lines += 1 }
            content.append(byte)
            i += 1
        }
        return nil
    }

    private static func afterLineBreak(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        b[i] == cr && i + 1 < b.count && b[i + 1] == lf ? i + 2 : i + 1
    }
}

/// One record with its cells as Strings.
struct DelimitedRecord {
    var line: Int
    var cells: [String]

    /// True when every cell is empty (a blank line, or a row of empty cells).
    var isBlank: Bool { cells.allSatisfy(\.isEmpty) }

    func cell(_ index: Int) -> String { index < cells.count ? cells[index] : "" }

    /// This record read as a header of `Column`s: where each stands. A cell that names no
    /// column, or a column named twice, is an error naming it — its column's content would
    /// otherwise be dropped without a word (`X绩效目标` for `绩效目标` lost every goal).
    func columns<Column: RawRepresentable & Hashable & CaseIterable>(required: [Column]) throws(FormatError) -> [Column: Int]
    where Column.RawValue == String {
        var index: [Column: Int] = [:]
        for (i, title) in cells.enumerated() where !title.trimmingSpaces().isEmpty {
            guard let column = Column(rawValue: title.trimmingSpaces()) else {
                throw FormatError(line: line, "the header's cell \(i + 1) \(quoted(title)) is not a column Jixiao reads (\(Column.allCases.map(\.rawValue).joined(separator: ", "))); rename or remove it")
            }
            if index[column] != nil { throw FormatError(line: line, "the header names the column \(column.rawValue) twice") }
            index[column] = i
        }
        if let missing = required.first(where: { index[$0] == nil }) {
            throw FormatError(line: line, "the header has no column \(missing.rawValue)")
        }
        return index
    }
}

/// Writes cells the way the official files and Excel do: quoted only when a cell holds the
/// delimiter, a line break or a quote.
enum DelimitedCell {
    static func append(_ cell: String, delimiter: UInt8, to out: inout ByteOutput) {
        var cell = cell
        cell.withUTF8 { append($0, delimiter: delimiter, to: &out) }
    }

    static func append(_ cell: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to out: inout ByteOutput) {
        // The bytes that force quoting are the quote, the line breaks and the delimiter: below
        // `highest`, so most bytes need one comparison. (Taking 0x22 as the highest left a
        // CSV's comma, 0x2C, unquoted: found by fuzzing.)
        var needsQuotes = false
        let highest = max(0x22, delimiter)
        for byte in cell where byte <= highest && (byte == 0x22 || byte == 0x0A || byte == 0x0D || byte == delimiter) {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            out.bytes.append(contentsOf: cell)
            return
        }
        out.write(byte: 0x22)
        for byte in cell {
            if byte == 0x22 { out.write(byte: 0x22) }
            out.write(byte: byte)
        }
        out.write(byte: 0x22)
    }
}
