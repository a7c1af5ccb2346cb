import JixiaoCore

/// A whole year's tables in one file: what a journalist downloads instead of fetching
/// department by department (`jixiao export --all`, the site's `/bulk/{year}.csv`).
/// - `.csv`: the long form of `TableCSV`, its head once, then every table's rows; the
///   部门名称 column says whose each row is.
/// - `.jsonl`: one compact table document per line (JSON Lines).
/// - `.xlsx`: one sheet per department, in the official layout.
public enum BulkFormat: String, CaseIterable, Sendable {
    case csv
    case jsonl
    case xlsx

    /// From a file name's extension.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        self.init(rawValue: fileName[fileName.index(after: dot)...].lowercased())
    }

    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .jsonl: "application/jsonl; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// Whether gzip makes it smaller (a workbook is deflated already).
    public var compresses: Bool { self != .xlsx }
}

/// Writes a bulk file a table at a time: each table is written and let go, so memory stays
/// that of the largest table, however many there are. The file appears at its path only
/// when `finish()` completes; an error, or `abandon()`, leaves nothing.
public final class BulkWriter {
    public let format: BulkFormat
    /// Where the tables go.
    private enum Sink {
        case csv(PartialFile)
        case jsonl(PartialFile)
        case book(WorkbookStream)
    }
    private let sink: Sink
    public private(set) var tableCount = 0
    public private(set) var projectCount = 0

    public init(_ path: String, format: BulkFormat) throws {
        self.format = format
        switch format {
        case .csv:
            let file = try PartialFile(path)
            try file.write(TableCSV.head)
            sink = .csv(file)
        case .jsonl:
            sink = .jsonl(try PartialFile(path))
        case .xlsx:
            sink = .book(try WorkbookStream(path))
        }
    }

    public func append(_ table: BudgetTable) throws {
        switch sink {
        case .csv(let file):
            try TableCSV.records(table) { try file.write($0) }
        case .jsonl(let file):
            // Compact JSON escapes every line break inside strings, and ends with one: a line per table.
            try TableJSONWriter.write(table) { try file.write($0) }
        case .book(let book):
            try book.append(XLSXSheet(table))
        }
        tableCount += 1
        projectCount += table.projectCount
    }

    public func finish() throws {
        switch sink {
        case .csv(let file), .jsonl(let file): try file.commit()
        case .book(let book): try book.finish()
        }
    }

    public func abandon() {
        switch sink {
        case .csv(let file), .jsonl(let file): file.abandon()
        case .book(let book): book.abandon()
        }
    }
}

/// Reads a bulk file back into its tables, each as `TableFormat` would read it alone.
public enum BulkReader {
    public static func read(_ bytes: [UInt8], format: BulkFormat, fileName: String? = nil) throws(FormatError) -> [ReadTable] {
        try read(InputBytes(bytes), format: format, fileName: fileName)
    }

    /// A year's file read for this (`InputBytes`): CSV and JSON lines are handed back as read.
    public static func read(_ input: InputBytes, format: BulkFormat, fileName: String? = nil) throws(FormatError) -> [ReadTable] {
        do throws(FormatError) {
            switch format {
            case .csv: return try csv(input)
            case .jsonl: return try jsonLines(input)
            case .xlsx: return try XLSXReader.readAll(input.bytes)
            }
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    /// Each non-empty line a table document; an error names the line.
    static func jsonLines(_ input: InputBytes) throws(FormatError) -> [ReadTable] {
        var tables: [ReadTable] = []
        var start = 0
        var line = 1
        while start < input.count {
            let (record, end) = input.withBytes { bytes in
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let record = bytes[start..<end]
                return (record.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) ? Array(record) : nil, end)
            }
            if let record {
                do {
                    tables.append(try TableJSON.read(record))
                } catch {
                    var located = error
                    located.line = line
                    throw located
                }
            }
            input.release(below: end)
            start = end + 1
            line += 1
        }
        return tables
    }

    /// The rows grouped by table: a new table begins where 部门名称, 年度, 表名 or 金额单位 changes.
    static func csv(_ input: InputBytes, batchSize: Int = TableCSVReader.defaultBatchSize) throws(FormatError) -> [ReadTable] {
        try TextDecoding.reading(input) { input, start in
            var reader = try TableCSVReader(input, start: start, batchSize: batchSize)
            var next = reader.firstRow
            var tables: [ReadTable] = []
            while let table = try reader.table(from: &next, grouped: true) { tables.append(table) }
            return tables
        }
    }
}
