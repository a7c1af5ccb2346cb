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
        var done = 0
        while done < size {
            let n = Foundation.read(fd, memory + done, size - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        mapping = memory
        mappedLength = length
        count = done
        array = []
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

    /// True when every byte is valid UTF-8, checked on every core: pieces split where no
    /// character continues (a byte that is not 10xxxxxx), each checked on its own.
    public func isValidUTF8(from start: Int) -> Bool {
        withBytes { bytes in
            let length = count - start
            let pieces = ProcessInfo.activeCores > 1 && length >= 1 << 20 ? ProcessInfo.activeCores * 4 : 1
            var cuts = [start]
            for k in 1..<pieces {
                var cut = start + length / pieces * k
                // Back to where a character starts; four continuation bytes in a row are
                // invalid whatever piece checks them.
                for _ in 0..<3 where cut > cuts[cuts.count - 1] && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                cuts.append(max(cut, cuts[cuts.count - 1]))
            }
            cuts.append(count)
            return Array(0..<pieces).parallelMap(minimumChunk: 1) { k in
                UTF8Scan.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[cuts[k]..<cuts[k + 1]]))
            }.allSatisfy { $0 }
        }
    }
}
