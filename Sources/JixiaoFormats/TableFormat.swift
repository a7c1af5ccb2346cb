import Foundation
import JixiaoCore

/// The forms a table travels in that Jixiao reads and writes.
public enum TableFormat: String, CaseIterable, Sendable {
    /// The disclosure text (tab-separated), as published.
    case text
    case json
    case csv

    /// The format a file name's extension names (`.txt`, `.tsv`, `.json`, `.csv`).
    public init?(fileName: String) {
        let ext = (fileName as NSString).pathExtension.lowercased()
        switch ext {
        case "txt", "tsv", "text": self = .text
        case "json": self = .json
        case "csv": self = .csv
        default: return nil
        }
    }

    /// The format a `--from`/`--to` option names (`text`, `txt`, `tsv`, `json`, `csv`).
    public init?(name: String) {
        switch name.lowercased() {
        case "text", "txt", "tsv": self = .text
        case "json": self = .json
        case "csv": self = .csv
        default: return nil
        }
    }

    public func read(_ bytes: [UInt8], fileName: String? = nil) throws(FormatError) -> ReadTable {
        switch self {
        case .text: try DisclosureTextReader.read(bytes, fileName: fileName)
        case .json: try TableJSON.read(bytes, fileName: fileName)
        case .csv: try TableCSV.read(bytes, fileName: fileName)
        }
    }

    public func write(_ table: BudgetTable) -> [UInt8] {
        switch self {
        case .text: Array(DisclosureTextWriter.write(table).utf8)
        case .json: TableJSON.write(table)
        case .csv: TableCSV.write(table)
        }
    }
}

/// Writes a file so that readers never see half of it: into a temporary file beside the
/// target, then renamed over it (atomic on one file system).
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

extension TableFormat {
    /// The format of bytes whose name says nothing (stdin): JSON opens with `{`, the long CSV
    /// with its header, anything else is read as disclosure text.
    public static func recognise(_ bytes: [UInt8]) -> TableFormat {
        var body = bytes[...]
        if body.starts(with: TableCSV.byteOrderMark) { body = body.dropFirst(3) }
        guard let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return .text }
        if first == UInt8(ascii: "{") { return .json }
        if body.starts(with: Array((TableCSV.Column.title.rawValue + ",").utf8)) { return .csv }
        return .text
    }
}
