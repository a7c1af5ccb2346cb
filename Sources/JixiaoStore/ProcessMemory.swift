import CMalloc
import Foundation
import GRDBSQLite

/// Where the process's memory is, for `/metrics`: resident (what the kernel counts), in use by
/// malloc (what the program holds), and SQLite's own (its page caches and statements). A
/// soak's growing RSS is then told apart: SQLite's caches filling, memory held (a leak), or
/// memory freed but not given back to the system (the allocator's arenas).
public enum ProcessMemory {
    /// Resident set size in bytes, from /proc/self/statm; nil where there is none.
    public static var resident: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Bytes malloc has handed out and not had back (glibc's `mallinfo2`).
    public static var mallocInUse: Int? {
        let info = mallinfo2()
        return Int(info.uordblks + info.hblkhd)
    }

    /// Bytes SQLite holds (all its connections in this process).
    public static var sqlite: Int { Int(sqlite3_memory_used()) }
}
