import Foundation
import JixiaoCore

/// The forms a table travels in that Jixiao reads and writes.
public enum TableFormat: String, CaseIterable, Sendable {
    /// The disclosure text (tab-separated), as published.
    case text
    case json
    case csv
    /// The official-looking page; written, not read.
    case html
    /// An Excel workbook in the official layout, a table a sheet (`XLSXReader.readOne` picks one).
    case xlsx
    /// The HTML page printed by Chromium; written, not read.
    case pdf

    /// The formats Jixiao reads as well as writes.
    public static let readable: [TableFormat] = [.text, .json, .csv, .xlsx]

    /// The format a file name's extension names (`.txt`, `.tsv`, `.json`, `.csv`, …): the same
    /// words as the options.
    public init?(fileName: String) {
        self.init(name: (fileName as NSString).pathExtension)
    }

    /// The format a `--from`/`--to` option names (`text`, `txt`, `tsv`, `json`, `csv`).
    public init?(name: String) {
        switch name.lowercased() {
        case "text", "txt", "tsv": self = .text
        case "json": self = .json
        case "csv": self = .csv
        case "html", "htm": self = .html
        case "xlsx": self = .xlsx
        case "pdf": self = .pdf
        default: return nil
        }
    }

    /// `inflateLimit` caps what a workbook may inflate to (an upload passes a department-sized cap).
    /// A workbook's sheet is chosen by `XLSXReader.readOne` (its one sheet, or `department`'s).
    public func read(_ bytes: [UInt8], fileName: String? = nil, department: String? = nil,
                     inflateLimit: Int = XLSXArchive.maximumTotalBytes) throws(FormatError) -> ReadTable {
        switch self {
        case .text: try DisclosureTextReader.read(bytes, fileName: fileName)
        case .json: try TableJSON.read(bytes, fileName: fileName)
        case .csv: try TableCSV.read(bytes, fileName: fileName)
        case .html: throw FormatError(file: fileName, "Jixiao writes HTML but does not read it; read the table from its text, JSON, CSV or Excel form")
        case .xlsx: try XLSXReader.readOne(bytes, fileName: fileName, department: department, inflateLimit: inflateLimit)
        case .pdf: throw FormatError(file: fileName, "Jixiao writes PDF but does not read it; read the table from its text, JSON, CSV or Excel form")
        }
    }

    /// Whether this format's reader goes through a file once and hands back what it has read
    /// (`InputBytes`): the file is then read for it rather than as an array.
    public var readsHandingBack: Bool { self == .csv || self == .json }

    /// The table from a file read for it (`InputBytes`); CSV and JSON hand it back as read.
    public func read(_ input: InputBytes, fileName: String? = nil) throws(FormatError) -> ReadTable {
        switch self {
        case .json: try TableJSON.read(input, fileName: fileName)
        case .csv: try TableCSV.read(input, fileName: fileName)
        default: try read(input.bytes, fileName: fileName)
        }
    }

    /// The table in this format, as bytes (workbooks and PDFs pass through a temporary file);
    /// `pretty` indents JSON for people.
    public func write(_ table: BudgetTable, pretty: Bool = false) throws -> [UInt8] {
        switch self {
        case .text: DisclosureTextWriter.bytes(table)
        case .json: TableJSON.write(table, pretty: pretty)
        case .csv: TableCSV.write(table)
        case .html: Array(TableHTML.page(table).utf8)
        case .xlsx: try TemporaryFile.bytes(suffix: ".xlsx") { try XLSXWriter.write([table], to: $0) }
        case .pdf: try PDFPrinter.bytes(table)
        }
    }

    /// Writes the table to `path`, whole or not at all: the text in parts (never joined),
    /// the CSV, compact JSON and HTML in batches, a workbook streamed, a PDF printed; the rest from bytes through `AtomicFile`.
    public func write(_ table: BudgetTable, toFile path: String, pretty: Bool = false) throws {
        switch self {
        case .text: try AtomicFile.write(parts: DisclosureTextWriter.parts(table), to: path)
        case .csv: try AtomicFile.write(to: path) { try TableCSV.write(table, to: $0) }
        case .xlsx: try XLSXWriter.write([table], to: path)
        case .pdf: try PDFPrinter.write(table, to: path)
        case .json where !pretty: try AtomicFile.write(to: path) { file in try TableJSONWriter.write(table) { try file.write($0) } }
        case .html: try AtomicFile.write(to: path) { file in try TableHTML.page(table) { try file.write($0) } }
        case .json: try AtomicFile.write(write(table, pretty: pretty), to: path)
        }
    }
}

/// Bytes of a file some writer makes at a path, through a temporary file.
enum TemporaryFile {
    static func bytes(suffix: String, _ write: (String) throws -> Void) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-\(UUID().uuidString)\(suffix)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(path)
        guard let bytes = FileBytes.read(path) else {
            throw AtomicFile.WriteError(description: "\(path): cannot read back what was just written")
        }
        return bytes
    }
}

/// Reads a whole file into bytes (one copy, not Data and then an Array).
public enum FileBytes {
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        // Not zeroed first: `read` fills it (zeroing 190 MB was a pass of its own). A file that
        // shrank while read keeps what was there.
        return [UInt8](unsafeUninitializedCapacity: Int(info.st_size)) { buffer, initialized in
            var done = 0
            while done < buffer.count {
                let n = Foundation.read(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            initialized = done
        }
    }
}

extension TableFormat {
    /// The format of bytes whose name says nothing (stdin): a workbook is a ZIP archive, JSON
    /// opens with `{`, the long CSV with its header, anything else is read as disclosure text.
    public static func recognise(_ bytes: [UInt8]) -> TableFormat {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        var body = bytes[...]
        if body.starts(with: TableCSV.byteOrderMark) { body = body.dropFirst(3) }
        guard let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return .text }
        if first == UInt8(ascii: "{") { return .json }
        if body.starts(with: Array((TableCSV.Column.title.rawValue + ",").utf8)) { return .csv }
        return .text
    }
}
