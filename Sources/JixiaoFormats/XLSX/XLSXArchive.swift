import Foundation
import JixiaoCore

/// An .xlsx opened with the guards a file from strangers needs: entries whose path climbs out
/// (`..`, absolute), archives that inflate far beyond their size (zip bombs, judged by the
/// sizes the entries declare and by the bytes actually inflated), and XML with a DTD (entity
/// expansion). Each is refused with a clear message before it costs memory.
public struct XLSXArchive {
    /// Limits a table's workbook stays far below: a 1,000,000-project workbook is about 1 GiB
    /// of sheet XML compressed eightfold.
    static let maximumEntryBytes = 2 << 30
    public static let maximumTotalBytes = 4 << 30
    static let maximumRatio = 200

    private let zip: ZipReader

    /// `inflateLimit` caps what all entries together may inflate to. A file on the command line
    /// may be a province's million-project workbook; an upload is one department's, and a
    /// padded bomb keeps under the ratio check (2.6 MiB that honestly inflates to 500 MiB), so
    /// the web app passes a cap that fits a real department's workbook. Entries cannot inflate
    /// beyond the sizes they declare (checked while inflating), so the declared sum bounds the
    /// memory.
    init(_ bytes: [UInt8], inflateLimit: Int = maximumTotalBytes) throws(FormatError) {
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw FormatError("not an Excel workbook (.xlsx is a ZIP archive; this file is not one)")
        }
        do {
            zip = try ZipReader(bytes)
        } catch {
            throw Self.describe(error)
        }
        var total = 0
        for entry in zip.entries {
            let path = entry.path
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") || path.contains("\\..") {
                throw FormatError("refused: the workbook holds an entry whose path leaves the archive (\(quoted(path)))")
            }
            let size = entry.uncompressedSize
            total += size
            if size > Self.maximumEntryBytes || total > min(inflateLimit, Self.maximumTotalBytes) {
                throw FormatError("refused: the workbook would inflate to more than \(Self.describe(bytes: min(inflateLimit, Self.maximumTotalBytes))) (a zip bomb?)")
            }
            let compressed = max(entry.compressedSize, 1)
            if size > 16 << 20 && size / compressed > Self.maximumRatio {
                throw FormatError("refused: \(quoted(path)) inflates \(size / compressed) times its size (a zip bomb?)")
            }
        }
    }

    func contains(_ path: String) -> Bool { zip.entry(path) != nil }

    /// An entry's bytes, inflated with the declared size as a hard limit and checked for DTDs.
    func bytes(_ path: String) throws(FormatError) -> [UInt8] {
        guard let entry = zip.entry(path) else { throw FormatError("not an Excel workbook: it has no \(path)") }
        let data: [UInt8]
        do {
            data = try zip.contents(entry, limit: Self.maximumEntryBytes)
        } catch .tooLarge {
            throw FormatError("refused: \(quoted(path)) inflates beyond the size it declares (a zip bomb?)")
        } catch .damaged {
            throw FormatError("not a readable Excel workbook: \(quoted(path)) is damaged")
        } catch {
            throw Self.describe(error)
        }
        if Self.hasDTD(data) { throw Self.dtdRefused(path) }
        return data
    }

    /// An entry's bytes a chunk at a time, inflated as they are handed on (a sheet is never
    /// held whole), with the same limits and the DTD check on every chunk and the bytes that
    /// end the one before (so no `<!DOCTYPE` hides across a boundary).
    func chunks(_ path: String, chunkBytes: Int = 4 << 20, _ each: ([UInt8]) throws(FormatError) -> Void) throws(FormatError) {
        guard let entry = zip.entry(path) else { throw FormatError("not an Excel workbook: it has no \(path)") }
        var tail: [UInt8] = []
        var failure: FormatError?
        do {
            try zip.chunks(entry, limit: Self.maximumEntryBytes, chunkBytes: chunkBytes) { chunk in
                do throws(FormatError) {
                    if Self.hasDTD(tail + chunk.prefix(16)) || Self.hasDTD(chunk) { throw Self.dtdRefused(path) }
                    tail = Array(chunk.suffix(16))
                    try each(chunk)
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch .damaged {
            throw FormatError("not a readable Excel workbook: \(quoted(path)) is damaged")
        } catch {
            throw Self.describe(error)
        }
        if let failure { throw failure }
    }

    static func dtdRefused(_ path: String) -> FormatError {
        FormatError("refused: \(quoted(path)) declares a DTD, which a workbook never needs (entity expansion attack?)")
    }

    private static func describe(_ failure: ZipReader.Failure) -> FormatError {
        switch failure {
        case .damaged: FormatError("not a readable Excel workbook: the ZIP archive is damaged")
        case .unsupported(let what): FormatError("not a readable Excel workbook: it uses \(what), which Excel does not write for a table this size")
        case .tooLarge(let path): FormatError("refused: \(quoted(path)) inflates beyond the size it declares (a zip bomb?)")
        }
    }

    static func describe(bytes: Int) -> String {
        bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : "\(bytes >> 20) MiB"
    }

    /// `<!DOCTYPE` or `<!ENTITY` anywhere in the part: a DTD placed after a long comment is a
    /// DTD still (looking only at the first 4 KiB let one through). `!` is rare in a sheet, so
    /// memchr finds the few candidates at memory speed.
    static func hasDTD(_ data: [UInt8]) -> Bool {
        data.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            var i = 0
            while i < b.count, let found = memchr(base + i, Int32(UInt8(ascii: "!")), b.count - i) {
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if at > 0 && b[at - 1] == UInt8(ascii: "<") && (matches(b, at + 1, "DOCTYPE") || matches(b, at + 1, "ENTITY")) { return true }
                i = at + 1
            }
            return false
        }
    }

    private static func matches(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ word: StaticString) -> Bool {
        guard at + word.utf8CodeUnitCount <= b.count else { return false }
        for k in 0..<word.utf8CodeUnitCount where b[at + k] != word.utf8Start[k] { return false }
        return true
    }
}
