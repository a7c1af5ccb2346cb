import Foundation
import JixiaoCore

/// An input's bytes for a reader that goes through them once, front to back, and gives back
/// to the system what it has read as it goes (`release(below:)`).
///
/// Why: reading a 100,000-project CSV (197 MB) held the whole file while the whole table was
/// built beside it, 458 MiB at its peak; issue 17 asks for 400. A file read from disk lives
/// in memory mapped for it alone, whose pages can be handed back; bytes that came as an array
/// (an upload, stdin, a test) are read where they are and nothing is handed back, since the
/// array may be shared.
public final class InputBytes: @unchecked Sendable {
    public let count: Int
    /// The file's own mapping, or nil for an array's bytes.
    private let mapping: UnsafeMutableRawPointer?
    private let mappedLength: Int
    private let array: [UInt8]
    /// Everything below this offset has been handed back (a multiple of the page size).
    private var released = 0

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Bytes that stay where they are; `release` does nothing for them.
    public init(_ bytes: [UInt8]) {
        array = bytes
        count = bytes.count
        mapping = nil
        mappedLength = 0
    }

    /// The file at `path` read into memory of its own; nil when it is not a regular file that
    /// can be read. A file that shrinks while read keeps what was there.
    public init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        // Anonymous memory, not the file mapped: a mapped file that another program truncates
        // stops the reader with SIGBUS, and no input may do that.
        let length = max(Self.pageSize, (size + Self.pageSize - 1) / Self.pageSize * Self.pageSize)
        guard let memory = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED else { return nil }
        mapping = memory
        mappedLength = length
        count = Self.read(fd, size: size, into: memory)
        array = []
    }

    /// Reads the file in pieces on every core (each core then takes the page faults and the
    /// zeroing of the pages it fills, half the wall time of one `read` on two cores); returns
    /// how many bytes were read before the first piece that came back short.
    private static func read(_ fd: Int32, size: Int, into memory: UnsafeMutableRawPointer) -> Int {
        let piece = 8 << 20
        let pieces = (size + piece - 1) / piece
        let target = UnsafeSendableRaw(base: memory)
        let got = Array(0..<pieces).parallelMap(minimumChunk: 1) { k -> Int in
            let start = k * piece
            let wanted = min(piece, size - start)
            var done = 0
            while done < wanted {
                let n = pread(fd, target.base + start + done, wanted - done, off_t(start + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            return done
        }
        var count = 0
        for (k, n) in got.enumerated() {
            count = k * piece + n
            if n < min(piece, size - k * piece) { break }
        }
        return count
    }

    deinit {
        if let mapping { munmap(mapping, mappedLength) }
    }

    /// Runs `body` with the bytes in reach.
    public func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        if let mapping {
            return try body(UnsafeBufferPointer(start: mapping.assumingMemoryBound(to: UInt8.self), count: count))
        }
        return try array.withUnsafeBufferPointer { (bytes) throws(E) -> R in try body(bytes) }
    }

    /// The bytes as an array, for the readers that take one (a copy, for a file's bytes).
    public var bytes: [UInt8] {
        mapping == nil ? array : withBytes { Array($0) }
    }

    /// Hands back the whole pages below `offset`: the reader is past them for good. Reading
    /// them again gives zeros, never a fault; readers call this only for bytes they have made
    /// into values already, and before any retry that reads the input again has been ruled
    /// out (`TableCSVReader` checks the whole input is UTF-8 before it starts).
    public func release(below offset: Int) {
        guard let mapping else { return }
        let end = min(offset, count) / Self.pageSize * Self.pageSize
        guard end > released else { return }
        madvise(mapping + released, end - released, MADV_DONTNEED)
        released = end
    }
}

/// The mapping crosses into the reading threads, each writing its own piece.
private struct UnsafeSendableRaw: @unchecked Sendable { let base: UnsafeMutableRawPointer }
