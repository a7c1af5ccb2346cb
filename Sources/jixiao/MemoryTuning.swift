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
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
