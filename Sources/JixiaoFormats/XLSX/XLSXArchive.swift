import Foundation
import ZIPFoundation

/// An .xlsx opened with the guards a file from strangers needs: entries whose path climbs out
/// (`..`, absolute), archives that inflate far beyond their size (zip bombs, judged by the
/// sizes the entries declare and by the bytes actually inflated), and XML with a DTD (entity
/// expansion). Each is refused with a clear message before it costs memory.
struct XLSXArchive {
    /// Limits a table's workbook stays far below: a 1,000,000-project workbook is about 1 GiB
    /// of sheet XML compressed eightfold.
    static let maximumEntryBytes: UInt64 = 2 << 30
    static let maximumTotalBytes: UInt64 = 4 << 30
    static let maximumRatio: UInt64 = 200

    private let archive: Archive

    init(_ bytes: [UInt8]) throws(FormatError) {
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw FormatError("not an Excel workbook (.xlsx is a ZIP archive; this file is not one)")
        }
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw FormatError("not a readable Excel workbook: the ZIP archive is damaged")
        }
        var total: UInt64 = 0
        for entry in archive {
            let path = entry.path
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") || path.contains("\\..") {
                throw FormatError("refused: the workbook holds an entry whose path leaves the archive (\(quoted(path)))")
            }
            let size = UInt64(entry.uncompressedSize)
            total += size
            if size > Self.maximumEntryBytes || total > Self.maximumTotalBytes {
                throw FormatError("refused: the workbook would inflate to more than \(Self.maximumTotalBytes >> 30) GiB (a zip bomb?)")
            }
            let compressed = max(UInt64(entry.compressedSize), 1)
            if size > 16 << 20 && size / compressed > Self.maximumRatio {
                throw FormatError("refused: \(quoted(path)) inflates \(size / compressed) times its size (a zip bomb?)")
            }
        }
    }

    func contains(_ path: String) -> Bool { archive[path] != nil }

    /// An entry's bytes, inflated with the declared size as a hard limit and checked for DTDs.
    func bytes(_ path: String) throws(FormatError) -> Data {
        guard let entry = archive[path] else { throw FormatError("not an Excel workbook: it has no \(path)") }
        let limit = min(UInt64(entry.uncompressedSize), Self.maximumEntryBytes)
        var data = Data()
        data.reserveCapacity(Int(limit))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if UInt64(data.count + chunk.count) > limit { throw Overflow() }
                data.append(chunk)
            }
        } catch is Overflow {
            throw FormatError("refused: \(quoted(path)) inflates beyond the size it declares (a zip bomb?)")
        } catch {
            throw FormatError("not a readable Excel workbook: \(quoted(path)) is damaged")
        }
        if Self.hasDTD(data) {
            throw FormatError("refused: \(quoted(path)) declares a DTD, which a workbook never needs (entity expansion attack?)")
        }
        return data
    }

    private struct Overflow: Error {}

    /// `<!DOCTYPE` or `<!ENTITY` before the root element.
    static func hasDTD(_ data: Data) -> Bool {
        let head = data.prefix(4096)
        let doctype = Data("<!DOCTYPE".utf8), entity = Data("<!ENTITY".utf8)
        return head.range(of: doctype) != nil || head.range(of: entity) != nil
    }
}
