import Foundation
import JixiaoCore

/// A worksheet read as it inflates, so that memory holds a segment of it, not all of it: the
/// inflated bytes gather until a segment's worth (`segmentBytes`) is there, the segment is cut
/// before its last `<row r=` (a row that names its number needs nothing before it), and its
/// rows are scanned on every core (`SpreadsheetXML.pieces`), each going straight from XML to a
/// table row; what follows the cut waits for the next chunk. The heading (title, 部门名称, 单位,
/// header row) is found in the first rows. The rows then go through the same unit detection
/// as the disclosure text.
///
/// A sheet with a comment or a CDATA section could hold the bytes `<row r=` in it: from the
/// first one seen, the rest is read as one piece at the end, as `pieces` does.
struct SheetStream {
    let shared: [String]
    /// Inflated bytes not yet scanned, and where they start in the sheet (for messages).
    private var pending: [UInt8] = []
    private var offset = 0
    private var heading: (heading: TableHeading, headerRow: Int)?
    private var rows: [Row] = []
    private var cuttable = true

    /// Enough for every core to have several pieces to scan, and no more.
    static var defaultSegmentBytes: Int { max(16 << 20, ProcessInfo.activeCores * 4 * (4 << 20)) }
    let segmentBytes: Int

    init(shared: [String], segmentBytes: Int = defaultSegmentBytes) {
        self.shared = shared
        self.segmentBytes = segmentBytes
    }

    mutating func add(_ chunk: [UInt8]) throws(FormatError) {
        pending += chunk
        if pending.count >= segmentBytes { try scan(final: false) }
    }

    mutating func finish() throws(FormatError) -> ReadTable {
        try scan(final: true)
        guard let heading else { throw FormatError("no header row in the sheet") } // scan(final:) throws the reason first
        return try heading.heading.assemble(rows)
    }

    private mutating func scan(final: Bool) throws(FormatError) {
        if cuttable {
            cuttable = pending.withUnsafeBufferPointer { b in
                UTF8Scan.firstIndex(of: "<!--", in: b) == nil && UTF8Scan.firstIndex(of: "<![CDATA[", in: b) == nil
            }
        }
        var end = pending.count
        if !final {
            guard cuttable else { return }
            guard let cut = Self.lastRowStart(pending), cut > 0 else {
                // Rows that do not name their number cannot be cut apart: the rest is read whole.
                cuttable = false
                return
            }
            end = cut
        }
        let segment = end == pending.count ? pending : Array(pending[..<end])
        if heading == nil {
            guard let found = try Self.heading(segment, shared: shared, final: final, offset: offset) else { return }
            heading = found
        }
        let (columns, unit, headerRow, shared) = (heading!.heading.columns, heading!.heading.unit, heading!.headerRow, shared)
        let base = offset
        let results = SpreadsheetXML.pieces(segment).parallelMap(minimumChunk: 1) { piece in
            Result { () throws(FormatError) -> [Row] in
                var rows: [Row] = []
                try SpreadsheetXML.scan(segment, piece, shared: shared, offset: base) { cells throws(FormatError) in
                    if cells.number > headerRow && !cells.isBlank { rows.append(try XLSXReader.row(cells, columns, unit)) }
                    return true
                }
                return rows
            }
        }
        for result in results { rows += try result.get() }
        offset += end
        pending = end == pending.count ? [] : Array(pending[end...])
    }

    /// The heading in the segment's first rows; nil when they may still be coming (the
    /// segment ended before row `headerSearchLimit` and more of the sheet follows).
    private static func heading(_ segment: [UInt8], shared: [String], final: Bool, offset: Int) throws(FormatError) -> (heading: TableHeading, headerRow: Int)? {
        var top: [SpreadsheetXML.RowCells] = []
        try SpreadsheetXML.scan(segment, 0..<segment.count, shared: shared, offset: offset) { row in
            top.append(row)
            return row.number <= DisclosureTextReader.headerSearchLimit
        }
        let morePossible = !final && (top.last?.number ?? 0) <= DisclosureTextReader.headerSearchLimit
        do {
            let heading = try TableHeading.find(count: top.count, recordWord: "row") { i in
                let record = DelimitedRecord(line: top[i].number, cells: top[i].strings)
                return record.isBlank ? nil : record
            }
            return (heading, top[heading.bodyStart - 1].number)
        } catch {
            if morePossible { return nil }
            if let error = error as? FormatError { throw error }
            throw FormatError("\(error)") // the records here are Strings already: nothing else can fail
        }
    }

    /// Where the last `<row r=` in `bytes` starts.
    private static func lastRowStart(_ bytes: [UInt8]) -> Int? {
        let tag = Array("<row r=".utf8)
        return bytes.withUnsafeBufferPointer { b -> Int? in
            var i = b.count - tag.count
            while i >= 0 {
                if b[i] == 0x3C && b[i + 1] == 0x72 && UTF8Scan.matches(b, at: i, tag, end: b.count) { return i }
                i -= 1
            }
            return nil
        }
    }
}
