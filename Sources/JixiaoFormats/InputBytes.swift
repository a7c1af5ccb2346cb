import Foundation
import JixiaoCore

/// An input's bytes for a reader that goes through them once, front to back, and gives back
/// to the system what it has read as it goes (`release(below:)`).
///
/// Why: reading a 100,000-project CSV (197 MB) held the whole file while the whole table was
/// built beside it, 458 MiB at its peak; issue 17 asks for 400. A file is mapped, not copied:
/// its pages come straight from the kernel's cache, with no copy and no zeroed memory to fill
/// (a tenth of reading a CSV or JSON file), and the pages behind the reader are dropped. Bytes
/// that came as an array (an upload, stdin, a test) are read where they are and nothing is
/// handed back, since the array may be shared.
///
/// A mapped file that another program shortens while it is read would stop the process with
/// SIGBUS where the reader touches the lost pages; the command line reports that as an input
/// failure (`reportShrunkenInputs`), never a crash.
public final class InputBytes: @unchecked Sendable {
    public let count: Int
    /// The file's mapping, or nil for an array's bytes.
    private let mapping: UnsafeMutableRawPointer?
    private let mappedLength: Int
    private let array: [UInt8]
    /// Everything below this offset has been handed back (a multiple of the page size).
    private(set) var released = 0

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Bytes that stay where they are; `release` does nothing for them.
    public init(_ bytes: [UInt8]) {
        array = bytes
        count = bytes.count
        mapping = nil
        mappedLength = 0
    }

    /// The file at `path`, mapped for reading; nil when it is not a regular file that can be
    /// read. An empty file is bytes of none.
    public init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        array = []
        guard size > 0 else {
            (mapping, mappedLength, count) = (nil, 0, 0)
            return
        }
        guard let memory = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), memory != MAP_FAILED else { return nil }
        // Read front to back: the kernel reads further ahead.
        madvise(memory, size, MADV_SEQUENTIAL)
        (mapping, mappedLength, count) = (memory, size, size)
    }

    /// Makes SIGBUS — a mapped input shortened by another program while it was read — end the
    /// process with the input failures' status (2) and a message, instead of a crash. Only
    /// what a signal handler may do: one `write`, then `_exit`. Nothing has been written then:
    /// every command reads its inputs whole before it writes, and writes through a temporary
    /// file renamed at the end (`AtomicFile`).
    public static func reportShrunkenInputs() {
        signal(SIGBUS) { _ in
            let message: StaticString = "jixiao: an input file was shortened by another program while it was read; nothing was written\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(2)
        }
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

    /// Hands back the whole pages below `offset`: the reader is past them for good (reading
    /// them again would read the file again). Readers call this only for bytes they have made
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
