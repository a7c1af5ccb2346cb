import Foundation
import JixiaoTestSupport
import Testing

/// Writing onto a full disk — a 64 KB tmpfs — as each writer of the CLI does it: `convert` to
/// every format, `generate`, `export` of a year and `backup`. Each ends with a failing exit status
/// (1, or 2 where the store reports it) and a message naming its file and the full disk, and leaves nothing behind (no partial output, no
/// temporary file). Mounting takes root, which CI has; elsewhere the suite is skipped unless
/// CI=true, where it must run.
@Suite(.serialized) struct DiskFullTests {
    typealias CLI = CommandLineTests

    struct CannotMount: Error, CustomStringConvertible {
        var message: String
        var description: String { "CI=true but a tmpfs could not be mounted for the full-disk tests: \(message)" }
    }

    /// A mounted tmpfs of 64 KB, or nil where mounting is not allowed outside CI.
    static func fullDisk() throws -> URL? {
        let dir = try CLI.temporaryDirectory()
        let mounted = try ProcessRunner.run("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.path])
        guard mounted.status == 0 else {
            try? FileManager.default.removeItem(at: dir)
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw CannotMount(message: mounted.stderr) }
            return nil
        }
        return dir
    }

    static func unmount(_ dir: URL) {
        _ = try? ProcessRunner.run("/usr/bin/env", ["umount", dir.path])
        try? FileManager.default.removeItem(at: dir)
    }

    /// What `run` left: its status, its message, and the files now on the full disk.
    static func expectRefused(_ result: CLI.Result, writing file: URL, on disk: URL, _ what: String) throws {
        #expect(result.status == 1 || result.status == 2, "\(what): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.contains(file.lastPathComponent), "\(what) did not name its file: \(result.stderr)")
        #expect(result.stderr.contains("No space left on device") || result.stderr.contains("磁盘已满"), "\(what) did not say the disk is full: \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(what) trapped: \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty, "\(what) left files behind")
    }

    @Test func everyWriterRefusesAFullDiskAndLeavesNothing() throws {
        guard let disk = try Self.fullDisk() else { return }
        defer { Self.unmount(disk) }
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        // A table far larger than the disk (about 1.3 MB as text, 80 KB as a workbook).
        let big = work.appendingPathComponent("big.txt")
        #expect(try CLI.run(["generate", "--projects", "1000", "--seed", "7", big.path]).status == 0)

        for ext in ["txt", "json", "csv", "xlsx", "html"] {
            let out = disk.appendingPathComponent("big.\(ext)")
            try Self.expectRefused(try CLI.run(["convert", big.path, out.path]), writing: out, on: disk, "convert to .\(ext)")
        }
        let generated = disk.appendingPathComponent("generated.txt")
        try Self.expectRefused(try CLI.run(["generate", "--projects", "1000", generated.path]), writing: generated, on: disk, "generate")

        let database = "sqlite:" + work.appendingPathComponent("store.sqlite").path
        #expect(try CLI.run(["import", big.path, "--year", "2025", "--database", database]).status == 0)
        for ext in ["csv", "jsonl", "xlsx"] {
            let out = disk.appendingPathComponent("2025.\(ext)")
            try Self.expectRefused(try CLI.run(["export", "--year", "2025", "--all", "--database", database, out.path]), writing: out, on: disk, "export --all .\(ext)")
        }
        let backup = disk.appendingPathComponent("store.backup")
        try Self.expectRefused(try CLI.run(["backup", "--database", database, backup.path]), writing: backup, on: disk, "backup")
        // Room again: the same commands write whole files.
        Self.unmount(disk)
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        #expect(try CLI.run(["convert", big.path, disk.appendingPathComponent("big.json").path]).status == 0)
        #expect(try CLI.run(["backup", "--database", database, backup.path]).status == 0)
    }
}
