import Foundation
import Synchronization

/// Writes a file so that readers never see half of it: into a temporary file beside the
/// target, then renamed over it (atomic on one file system). A conversion that fails or is
/// killed leaves the old file, or none. No fsync: this guards against interrupted runs, not
/// power loss, and syncing a 70 MB table would double the time of a conversion.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(parts: [bytes], to: path)
    }

    public static func write(parts: [[UInt8]], to path: String) throws {
        try write(to: path) { file in
            for part in parts { try file.write(part) }
        }
    }

    /// `path` written piece by piece by `body`, seen only when `body` has finished.
    public static func write(to path: String, _ body: (PartialFile) throws -> Void) throws {
        let file = try PartialFile(path)
        do {
            try body(file)
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    /// The name of the temporary file beside `path`, hidden and unique.
    static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
    }
}

/// A file being written piece by piece (a year's bulk export, table after table), seen at its
/// path only once `commit()` renames it there; `abandon()` removes it. At most a few pieces
/// are in memory, written behind the caller.
public final class PartialFile: @unchecked Sendable {
    public let path: String
    let temporary: String
    /// Owned by `queue` while writes are in flight; by the caller once they have drained.
    private var descriptor: Int32
    /// Bytes handed to the file so far.
    public private(set) var count = 0

    /// Writes behind the caller: the next piece is made (on every core) while the one before
    /// goes to the kernel — copying 190 MB of JSON into the page cache on the one thread that
    /// also waited for the pieces was a third of writing it. In order; at most `inFlight`
    /// pieces held. A write that failed is reported by the next call.
    private let queue = DispatchQueue(label: "jixiao.partial-file")
    private let slots = DispatchSemaphore(value: PartialFile.inFlight)
    private static let inFlight = 4
    private let failure = Mutex<AtomicFile.WriteError?>(nil)

    public init(_ path: String) throws {
        self.path = path
        temporary = AtomicFile.temporaryPath(beside: path)
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw Self.failure(path, "create a file beside it") }
    }

    deinit {
        // Neither committed nor abandoned (an error thrown past the owner): nothing is left behind.
        if descriptor >= 0 { abandon() }
    }

    public func write(_ bytes: [UInt8]) throws {
        precondition(descriptor >= 0, "the file was already committed or abandoned")
        try reportFailure()
        count += bytes.count
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            let error = bytes.withUnsafeBytes { writeNow($0) }
            if let error { failure.withLock { $0 = error } }
        }
    }

    /// Bytes the caller keeps: written once the pieces before them are.
    public func write(_ raw: UnsafeRawBufferPointer) throws {
        precondition(descriptor >= 0, "the file was already committed or abandoned")
        try drain()
        if let error = writeNow(raw) {
            abandon()
            throw error
        }
        count += raw.count
    }

    private func writeNow(_ raw: UnsafeRawBufferPointer) -> AtomicFile.WriteError? {
        var written = 0
        while written < raw.count {
            let n = Foundation.write(descriptor, raw.baseAddress! + written, raw.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                return Self.failure(path, "write")
            }
            written += n
        }
        return nil
    }

    /// Waits for the writes in flight; throws (abandoning the file) if one failed.
    private func drain() throws {
        queue.sync {}
        try reportFailure()
    }

    private func reportFailure() throws {
        guard let error = failure.withLock({ $0 }) else { return }
        abandon()
        throw error
    }

    /// Puts the file at its path, replacing what was there.
    public func commit() throws {
        precondition(descriptor >= 0, "the file was already committed or abandoned")
        try drain()
        close(descriptor)
        descriptor = -1
        guard rename(temporary, path) == 0 else {
            let error = Self.failure(path, "replace it")
            unlink(temporary)
            throw error
        }
    }

    public func abandon() {
        guard descriptor >= 0 else { return }
        queue.sync {}
        close(descriptor)
        descriptor = -1
        unlink(temporary)
    }

    static func failure(_ path: String, _ what: String) -> AtomicFile.WriteError {
        AtomicFile.WriteError(description: "\(path): cannot \(what): \(String(cString: strerror(errno)))")
    }
}
