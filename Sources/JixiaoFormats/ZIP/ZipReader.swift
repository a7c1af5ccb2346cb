/// Reads the directory of a ZIP archive held in memory and inflates its entries with zlib,
/// checking each entry's CRC-32. What a workbook from strangers may do wrong is the caller's
/// concern (`XLSXArchive`); this only refuses what is not a readable ZIP.
struct ZipReader {
    enum Failure: Error {
        case damaged
        case unsupported(String)
        case tooLarge(String)
    }

    struct Entry {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        // The end-of-central-directory record: within the last 64 KiB + 22 bytes (its comment).
        guard bytes.count >= 22 else { throw .damaged }
        var end = bytes.count - 22
        let earliest = max(0, bytes.count - 22 - 0xFFFF)
        while end >= earliest && Self.u32(bytes, end) != 0x0605_4B50 { end -= 1 }
        guard end >= earliest else { throw .damaged }
        let count = Int(Self.u16(bytes, end + 10))
        let directorySize = Int(Self.u32(bytes, end + 12))
        let directoryOffset = Int(Self.u32(bytes, end + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF { throw .unsupported("ZIP64 archives") }
        guard directoryOffset + directorySize <= end else { throw .damaged }
        var entries: [Entry] = []
        var at = directoryOffset
        for _ in 0..<count {
            guard at + 46 <= end, Self.u32(bytes, at) == 0x0201_4B50 else { throw .damaged }
            let nameLength = Int(Self.u16(bytes, at + 28))
            let extraLength = Int(Self.u16(bytes, at + 30))
            let commentLength = Int(Self.u16(bytes, at + 32))
            guard at + 46 + nameLength <= end else { throw .damaged }
            let entry = Entry(
                path: String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                method: Self.u16(bytes, at + 10),
                flags: Self.u16(bytes, at + 8),
                crc: Self.u32(bytes, at + 16),
                compressedSize: Int(Self.u32(bytes, at + 20)),
                uncompressedSize: Int(Self.u32(bytes, at + 24)),
                localHeaderOffset: Int(Self.u32(bytes, at + 42))
            )
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF {
                throw .unsupported("ZIP64 entries")
            }
            entries.append(entry)
            at += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    func entry(_ path: String) -> Entry? { entries.first { $0.path == path } }

    /// The entry's bytes, refused if it would inflate beyond `limit` or its declared size.
    func contents(_ entry: Entry, limit: Int) throws(Failure) -> [UInt8] {
        let start = try dataStart(entry)
        let declared = min(entry.uncompressedSize, limit)
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize <= declared, entry.compressedSize == entry.uncompressedSize else { throw .tooLarge(entry.path) }
            output = Array(bytes[start..<(start + entry.compressedSize)])
        case 8:
            let inflated = bytes.withUnsafeBytes { raw in
                Result { () throws(Deflate.InflateError) in
                    try Deflate.inflate(UnsafeRawBufferPointer(rebasing: raw[start..<(start + entry.compressedSize)]), limit: declared)
                }
            }
            switch inflated {
            case .success(let bytes): output = bytes
            case .failure(.tooLarge): throw .tooLarge(entry.path)
            case .failure(.damaged): throw .damaged
            }
        default:
            throw .unsupported("compression method \(entry.method)")
        }
        guard output.count == entry.uncompressedSize else { throw .damaged }
        let crc = output.withUnsafeBytes { Deflate.crc($0) }
        guard crc == entry.crc else { throw .damaged }
        return output
    }

    /// The entry's bytes in chunks of about `chunkBytes`, inflated as they are handed to
    /// `each`, which returns false to stop (a large sheet is never held whole). The size and
    /// CRC are checked at the end, so what `each` was given is provisional until this returns.
    func chunks(_ entry: Entry, limit: Int, chunkBytes: Int, _ each: ([UInt8]) -> Bool) throws(Failure) {
        let start = try dataStart(entry)
        let declared = min(entry.uncompressedSize, limit)
        var crc: UInt32 = 0
        var count = 0
        var stopped = false
        func take(_ chunk: [UInt8]) -> Bool {
            crc = chunk.withUnsafeBytes { Deflate.crc($0, continuing: crc) }
            count += chunk.count
            stopped = !each(chunk)
            return !stopped
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize <= declared, entry.compressedSize == entry.uncompressedSize else { throw .tooLarge(entry.path) }
            var offset = start
            while offset < start + entry.compressedSize && !stopped {
                let end = min(offset + chunkBytes, start + entry.compressedSize)
                _ = take(Array(bytes[offset..<end]))
                offset = end
            }
        case 8:
            let inflated = bytes.withUnsafeBytes { raw in
                Result { () throws(Deflate.InflateError) in
                    try Deflate.inflate(UnsafeRawBufferPointer(rebasing: raw[start..<(start + entry.compressedSize)]), limit: declared, chunkBytes: chunkBytes, take)
                }
            }
            switch inflated {
            case .success: break
            case .failure(.tooLarge): throw .tooLarge(entry.path)
            case .failure(.damaged): throw .damaged
            }
        default:
            throw .unsupported("compression method \(entry.method)")
        }
        guard stopped || (count == entry.uncompressedSize && crc == entry.crc) else { throw .damaged }
    }

    /// Where the entry's data starts, after its local header.
    private func dataStart(_ entry: Entry) throws(Failure) -> Int {
        if entry.flags & 1 != 0 { throw .unsupported("encrypted entries") }
        let at = entry.localHeaderOffset
        guard at + 30 <= bytes.count, Self.u32(bytes, at) == 0x0403_4B50 else { throw .damaged }
        let start = at + 30 + Int(Self.u16(bytes, at + 26)) + Int(Self.u16(bytes, at + 28))
        guard start + entry.compressedSize <= bytes.count else { throw .damaged }
        return start
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
}
