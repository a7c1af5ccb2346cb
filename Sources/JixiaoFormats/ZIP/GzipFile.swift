import CZlib
import Foundation

/// A file gzipped (RFC 1952) beside itself, a megabyte at a time, through the system zlib: a
/// year's bulk CSV is kept on disk in both forms and sent gzipped to a client that takes it.
public enum GzipFile {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `source` gzipped to `path` (whole or not at all); returns the compressed size.
    @discardableResult
    public static func compress(_ source: String, to path: String, level: Int32 = 6) throws -> Int {
        guard let input = FileHandle(forReadingAtPath: source) else { throw Failure(description: "\(source): cannot open it") }
        defer { try? input.close() }
        let output = try PartialFile(path)
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            output.abandon()
            throw Failure(description: "zlib could not start a gzip stream")
        }
        defer { deflateEnd(&stream) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        do {
            var finished = false
            while !finished {
                let chunk = try input.read(upToCount: 1 << 20) ?? Data()
                finished = chunk.isEmpty
                var plain = [UInt8](chunk)
                try plain.withUnsafeMutableBufferPointer { plain in
                    stream.next_in = plain.baseAddress
                    stream.avail_in = uInt(plain.count)
                    repeat {
                        let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                            stream.next_out = out.baseAddress
                            stream.avail_out = uInt(out.count)
                            return deflate(&stream, finished ? Z_FINISH : Z_NO_FLUSH)
                        }
                        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                            throw Failure(description: "\(path): zlib deflate failed (\(status))")
                        }
                        let produced = buffer.count - Int(stream.avail_out)
                        try buffer.withUnsafeBytes { try output.write(UnsafeRawBufferPointer(rebasing: $0[..<produced])) }
                    } while stream.avail_out == 0
                }
            }
            try output.commit()
        } catch {
            output.abandon()
            throw error
        }
        return output.count
    }
}
