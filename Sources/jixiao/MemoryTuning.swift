import Foundation

/// glibc gives freed memory back to the kernel eagerly and serves large arrays with fresh
/// mappings, so a conversion that builds and drops hundreds of megabytes spends much of its
/// system time zeroing new pages. A batch tool is better served by keeping what it freed:
/// the process is short-lived and its peak is what it is anyway.
enum MemoryTuning {
    static func forBatchWork() {
        #if os(Linux)
        // <malloc.h> is not part of Swift's Glibc module; these are its parameter numbers.
        let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3
        _ = glibcMallopt(mmapThreshold, 32 << 20)
        _ = glibcMallopt(trimThreshold, 1 << 30)
        _ = glibcMallopt(topPad, 64 << 20)
        #endif
    }

    /// Ends a command whose output is written and closed without freeing what it built: the
    /// kernel takes back the address space at once, while freeing a 100,000-project table
    /// String by String took 0.1–0.2 s, a tenth of a conversion. stdio is flushed (`exit`).
    static func exitSkippingTeardown(_ built: some Any) -> Never {
        withExtendedLifetime(built) { exit(EXIT_SUCCESS) }
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
