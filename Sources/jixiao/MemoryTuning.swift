import CMalloc
import Foundation

/// How the C allocator should treat what the program frees: a batch command keeps it, a
/// server gives it back.
enum MemoryTuning {
    /// glibc gives freed memory back to the kernel eagerly and serves large arrays with fresh
    /// mappings, so a conversion that builds and drops hundreds of megabytes spends much of its
    /// system time zeroing new pages. A batch tool is better served by keeping what it freed:
    /// the process is short-lived and its peak is what it is anyway.
    static func forBatchWork() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
        _ = mallopt(M_TOP_PAD, 64 << 20)
    }

    /// A server runs for months: what a burst of requests freed goes back to the system. With
    /// the batch settings above (a 1 GiB trim threshold and a 64 MiB pad) `jixiao serve` grew
    /// from 77 to 180 MiB resident in a 10-minute soak while malloc held 34 MiB of it. With
    /// glibc's defaults instead, each page's few hundred KiB of text came from a fresh mapping
    /// or a heap grown and trimmed again, and the signed-in table page fell from 1,100 to 680
    /// requests a second. So: large blocks from the heap, up to 32 MiB kept between trims, two
    /// arenas (requests run on a few threads), and every 15 s a trim that returns the free
    /// pages of every arena, not only their tops (a walk of the free lists, well under a
    /// millisecond at this size).
    static func forServing() -> Task<Void, Never> {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 32 << 20)
        _ = mallopt(M_ARENA_MAX, 2)
        return Task.detached(priority: .background) {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                _ = malloc_trim(0)
            }
        }
    }

    /// Ends a command whose output is written and closed without freeing what it built: the
    /// kernel takes back the address space at once, while freeing a 100,000-project table
    /// String by String took 0.1–0.2 s, a tenth of a conversion. stdio is flushed (`exit`).
    static func exitSkippingTeardown(_ built: some Any) -> Never {
        withExtendedLifetime(built) { exit(EXIT_SUCCESS) }
    }
}
