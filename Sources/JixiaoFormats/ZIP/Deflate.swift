import CZlib

/// Raw deflate (RFC 1951) and CRC-32 through the system zlib.
///
/// A large entry is compressed as independent pieces on every core, the way pigz does it: each
/// piece but the last ends with a sync flush (an empty stored block, byte-aligned, not final),
/// so the pieces concatenated are one valid deflate stream, and their CRCs combine with
/// `crc32_combine`. A piece loses only the 32 KiB of history before it.
enum Deflate {
    struct Piece: Sendable {
        var compressed: [UInt8]
        var crc: UInt32
        var rawCount: Int
    }

    /// zlib's default level, for the sheet XML and the small parts alike. Level 1 was three
    /// times as fast but left the workbook 1.8 times rustpy-xlsxwriter's size (issue 17);
    /// at level 6, split on two cores, a 100,000-project sheet still deflates in about 0.8 s.
    static let standard: Int32 = 6

    static func piece(_ raw: UnsafeRawBufferPointer, level: Int32, final: Bool) -> Piece {
        var stream = z_stream()
        // windowBits -15: raw deflate, no zlib header; memLevel 8 is zlib's default.
        let status = deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit2 failed (\(status))")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(raw.count))) + 16
        var output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
            stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(raw.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(bound)
            let result = deflate(&stream, final ? Z_FINISH : Z_SYNC_FLUSH)
            // The output buffer holds deflateBound bytes, so one call always completes.
            precondition(result == (final ? Z_STREAM_END : Z_OK) && stream.avail_in == 0, "zlib deflate failed (\(result))")
            initialized = bound - Int(stream.avail_out)
        }
        output.shrinkToFitIfWasteful()
        return Piece(compressed: output, crc: crc(raw), rawCount: raw.count)
    }

    static func piece(_ raw: [UInt8], level: Int32, final: Bool) -> Piece {
        raw.withUnsafeBytes { piece($0, level: level, final: final) }
    }

    static func crc(_ raw: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = uLong(previous)
        var offset = 0
        // zlib takes a 32-bit length.
        while offset < raw.count {
            let length = min(raw.count - offset, 1 << 30)
            crc = crc32(crc, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(length))
            offset += length
        }
        return UInt32(crc)
    }

    static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        UInt32(crc32_combine(uLong(first), uLong(second), off_t(secondLength)))
    }

    enum InflateError: Error {
        /// The stream would produce more than the limit.
        case tooLarge
        case damaged
    }

    /// Inflates a raw deflate stream into at most `limit` bytes (the size the archive
    /// declares): a stream that would produce more is refused before it takes more memory.
    static func inflate(_ compressed: UnsafeRawBufferPointer, limit: Int) throws(InflateError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .damaged }
        defer { inflateEnd(&stream) }
        var failure: InflateError?
        // One byte beyond the limit tells a stream that lies about its size from one that fits.
        let capacity = limit + 1
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            stream.next_in = UnsafeMutablePointer(mutating: compressed.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(compressed.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(capacity)
            let result = zlib.inflate(&stream, Z_FINISH)
            initialized = capacity - Int(stream.avail_out)
            if initialized > limit { failure = .tooLarge }
            else if result != Z_STREAM_END { failure = .damaged }
        }
        if let failure { throw failure }
        return output
    }
}

extension Deflate {
    /// Inflates a raw deflate stream a chunk at a time, so that a large entry (a sheet) is
    /// never held whole: `each` gets up to `chunkBytes` at a time and returns false to stop;
    /// the whole may not exceed `limit` bytes (the size the archive declares).
    static func inflate(_ compressed: UnsafeRawBufferPointer, limit: Int, chunkBytes: Int, _ each: ([UInt8]) -> Bool) throws(InflateError) {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .damaged }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: compressed.bindMemory(to: Bytef.self).baseAddress)
        var remaining = compressed.count
        var produced = 0
        var finished = false
        while !finished {
            // zlib counts input in 32-bit lengths: feed at most 1 GiB at a time.
            if stream.avail_in == 0 && remaining > 0 {
                let feed = min(remaining, 1 << 30)
                stream.avail_in = uInt(feed)
                remaining -= feed
            }
            var status: Int32 = Z_OK
            let chunk = [UInt8](unsafeUninitializedCapacity: chunkBytes) { buffer, initialized in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(chunkBytes)
                status = zlib.inflate(&stream, Z_NO_FLUSH)
                initialized = chunkBytes - Int(stream.avail_out)
            }
            produced += chunk.count
            if produced > limit { throw .tooLarge }
            switch status {
            case Z_STREAM_END: finished = true
            case Z_OK, Z_BUF_ERROR:
                // No progress with all input given: the stream ended before its end.
                if chunk.isEmpty && stream.avail_in == 0 && remaining == 0 { throw .damaged }
            default: throw .damaged
            }
            if !chunk.isEmpty && !each(chunk) { return }
        }
    }
}

private enum zlib {
    static func inflate(_ stream: inout z_stream, _ flush: Int32) -> Int32 { CZlib.inflate(&stream, flush) }
}

extension Array where Element == UInt8 {
    /// Gives back the slack of a buffer sized for the worst case when it is large.
    mutating func shrinkToFitIfWasteful() {
        if capacity - count > 1 << 16 { self = withUnsafeBufferPointer { Array($0) } }
    }
}
