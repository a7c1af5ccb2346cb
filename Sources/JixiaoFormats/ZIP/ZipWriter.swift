import Foundation

/// Writes a ZIP archive (APPNOTE 6.3, the subset OOXML packages use): deflated entries with
/// UTF-8 names, sizes and CRCs in the local headers (patched in place once an entry is
/// written, so no data descriptors), then the central directory. Entries stream to the file:
/// a large one arrives as deflated pieces and is never whole in memory.
struct ZipWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private struct Entry {
        var name: [UInt8]
        var offset: UInt64
        var crc: UInt32 = 0
        var compressed: UInt64 = 0
        var raw: UInt64 = 0
    }

    /// The file as messages name it.
    private let path: String
    private let descriptor: Int32
    private var offset: UInt64 = 0
    private var entries: [Entry] = []
    private var open: Entry?
    private let time: UInt16
    private let date: UInt16

    /// Writes to `path`; messages name `reportedAs` (the file the person asked for, when
    /// `path` is a temporary beside it).
    init(path: String, reportedAs: String? = nil) throws(Failure) {
        self.path = reportedAs ?? path
        descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "\(self.path): cannot create it: \(String(cString: strerror(errno)))") }
        (date, time) = Self.dosDateTime(Date())
    }

    /// Closes the file without finishing it (the caller removes it).
    func abandon() { close(descriptor) }

    /// A small entry, compressed whole.
    mutating func add(_ name: String, _ bytes: [UInt8]) throws(Failure) {
        try begin(name)
        try append(Deflate.piece(bytes, level: Deflate.standard, final: true))
        try end()
    }

    mutating func add(_ name: String, _ text: String) throws(Failure) {
        try add(name, Array(text.utf8))
    }

    mutating func begin(_ name: String) throws(Failure) {
        precondition(open == nil, "an entry is already open")
        let entry = Entry(name: Array(name.utf8), offset: offset)
        open = entry
        try write(localHeader(entry))
    }

    /// The next piece of the open entry, in order; the last was made with `final: true`.
    mutating func append(_ piece: Deflate.Piece) throws(Failure) {
        guard var entry = open else { preconditionFailure("no entry is open") }
        entry.crc = entry.raw == 0 ? piece.crc : Deflate.combine(entry.crc, piece.crc, secondLength: piece.rawCount)
        entry.raw += UInt64(piece.rawCount)
        entry.compressed += UInt64(piece.compressed.count)
        open = entry
        try write(piece.compressed)
    }

    mutating func end() throws(Failure) {
        guard let entry = open else { preconditionFailure("no entry is open") }
        open = nil
        guard entry.raw < UInt64(UInt32.max), entry.compressed < UInt64(UInt32.max) else {
            throw Failure(description: "\(path): the entry \(String(decoding: entry.name, as: UTF8.self)) passes 4 GiB, beyond what a ZIP without ZIP64 extensions holds")
        }
        var fields = ByteFields()
        fields.u32(entry.crc)
        fields.u32(UInt32(entry.compressed))
        fields.u32(UInt32(entry.raw))
        // CRC-32 and both sizes stand at offset 14 of the local header.
        let written = fields.bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(entry.offset + 14)) }
        guard written == fields.bytes.count else { throw Failure(description: "\(path): cannot write: \(String(cString: strerror(errno)))") }
        entries.append(entry)
    }

    /// Writes the central directory and closes the file.
    mutating func finish() throws(Failure) {
        defer { close(descriptor) }
        let directoryStart = offset
        for entry in entries { try write(centralHeader(entry)) }
        guard offset < UInt64(UInt32.max), entries.count < 0xFFFF else {
            throw Failure(description: "\(path): the archive passes 4 GiB or 65,535 entries, beyond what a ZIP without ZIP64 extensions holds")
        }
        var end = ByteFields()
        end.u32(0x0605_4B50)
        end.u16(0); end.u16(0) // this disk, the directory's disk
        end.u16(UInt16(entries.count)); end.u16(UInt16(entries.count))
        end.u32(UInt32(offset - directoryStart))
        end.u32(UInt32(directoryStart))
        end.u16(0) // comment length
        try write(end.bytes)
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw Failure(description: "\(path): cannot write: \(String(cString: strerror(errno)))")
        }
    }

    private func localHeader(_ entry: Entry) -> [UInt8] {
        var h = ByteFields()
        h.u32(0x0403_4B50)
        h.u16(20) // version needed: deflate
        h.u16(1 << 11) // the name is UTF-8
        h.u16(8) // deflate
        h.u16(time); h.u16(date)
        h.u32(0); h.u32(0); h.u32(0) // CRC and sizes, patched by `end`
        h.u16(UInt16(entry.name.count)); h.u16(0)
        h.bytes += entry.name
        return h.bytes
    }

    private func centralHeader(_ entry: Entry) -> [UInt8] {
        var h = ByteFields()
        h.u32(0x0201_4B50)
        h.u16(20); h.u16(20) // made by, needed
        h.u16(1 << 11); h.u16(8)
        h.u16(time); h.u16(date)
        h.u32(entry.crc); h.u32(UInt32(entry.compressed)); h.u32(UInt32(entry.raw))
        h.u16(UInt16(entry.name.count)); h.u16(0); h.u16(0) // name, extra, comment
        h.u16(0); h.u16(0); h.u32(0) // disk, internal and external attributes
        h.u32(UInt32(entry.offset))
        h.bytes += entry.name
        return h.bytes
    }

    private mutating func write(_ bytes: [UInt8]) throws(Failure) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        offset += UInt64(bytes.count)
    }

    /// MS-DOS date and time, the only timestamp a plain ZIP header has (local time, 2 s steps).
    static func dosDateTime(_ date: Date) -> (date: UInt16, time: UInt16) {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = max(1980, min(2107, c.year ?? 1980))
        let d = UInt16((year - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
        let t = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        return (d, t)
    }
}

/// Little-endian header fields.
struct ByteFields {
    var bytes: [UInt8] = []
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((v >> UInt32(shift)) & 0xFF)) } }
}
