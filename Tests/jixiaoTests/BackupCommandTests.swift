import Foundation
import Synchronization
import JixiaoCore
import JixiaoSynthetic
import JixiaoTestSupport
import Testing
@testable import JixiaoStore

/// `jixiao backup` taken while another process keeps saving, `jixiao restore` into a new
/// database, and `jixiao audit verify` on what came back: a consistent state of one moment
/// (every subtotal the sum of its projects, every project's version one more than its
/// updates in the audit log, the audit chain whole), on SQLite and PostgreSQL.
@Suite(.serialized) struct BackupCommandTests {
    typealias CLI = CommandLineTests

    @Test(arguments: Backend.allCases) func aBackupTakenDuringWritesRestoresConsistent(_ backend: Backend) async throws {
        guard let source = try TemporaryDatabase.fresh(backend), let target = try TemporaryDatabase.fresh(backend) else { return }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await Store.open(source)
        var generator = TableGenerator(seed: 18)
        let table = generator.table(projects: 40, units: 3, fiscalYear: 2025)
        try await store.importTable(try SeedFixture.table, year: 2025, replace: false, actor: "导入")
        try await store.importTable(table, year: 2025, replace: false, actor: "导入")
        try await store.auditChain.seal()

        // Another writer saves the generated table's projects over and over meanwhile.
        let counted = Atomic<Int>(0)
        let writing = Task {
            var saves = 0
            do {
                while !Task.isCancelled {
                    for stored in try await store.projects(department: table.department, year: 2025) {
                        var project = stored.project
                        project.goal = "第 \(saves) 次保存"
                        _ = try await store.updateProject(id: stored.id, expectedVersion: stored.version, project, actor: "clerk")
                        saves += 1
                        counted.store(saves, ordering: .relaxed)
                    }
                }
            } catch where Task.isCancelled {
                // Stopped mid-save: that save may or may not have been kept.
            }
            return saves
        }
        // Once the writer is under way (a loaded machine takes a while to start it).
        for _ in 0..<300 where counted.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(100)) }
        let backup = dir.appendingPathComponent("jixiao.backup").path
        let before = counted.load(ordering: .relaxed)
        // Run off the tasks' threads: a blocking wait there would stop the writer too.
        let taken = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try CLI.run(["backup", backup, "--database", source]) }) }
        }
        let after = counted.load(ordering: .relaxed)
        // The writer was saving before the backup began and goes on after it ended: it ran
        // throughout (how many of its saves land inside the backup's window is the machine's timing).
        for _ in 0..<300 where counted.load(ordering: .relaxed) == after { try await Task.sleep(for: .milliseconds(100)) }
        writing.cancel()
        let saves = try await writing.value
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(before > 0 && saves > after, "the writer saved before the backup (\(before)) and went on after it (\(after) → \(saves))")
        try await store.close()
        #expect(!FileManager.default.fileExists(atPath: backup + ".partial-\(getpid())"))

        let restored = try CLI.run(["restore", backup, "--database", target])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(String(decoding: restored.stdout, as: UTF8.self).contains("2 tables"))
        let copy = try await Store.open(target)
        for summary in try await copy.listTables() {
            let loaded = try #require(try await copy.loadTable(department: summary.department, year: 2025))
            for unit in loaded.units {
                #expect(unit.amounts.total == unit.projects.reduce(Money.zero) { $0 + $1.amounts.total })
            }
            if let total = loaded.total { #expect(total.total == loaded.units.reduce(Money.zero) { $0 + $1.amounts.total }) }
            for project in try await copy.projects(department: summary.department, year: 2025) {
                let updates = try await copy.workflow.history(entity: "project", id: "\(project.id)").filter { $0.record.action == "update" }
                #expect(project.version == 1 + updates.count, "project \(project.id): version \(project.version), \(updates.count) updates")
            }
        }
        let kept = try await copy.workflow.auditLog(AuditQuery(actor: "clerk", limit: 5_000)).count
        #expect(kept > 0 && kept <= saves + 1)
        try await copy.close()

        let verified = try CLI.run(["audit", "verify", "--database", target])
        #expect(verified.status == 0 && String(decoding: verified.stdout, as: UTF8.self).contains("audit log intact"), "\(verified.stderr)")
        // A database that has tables is not restored over without --replace.
        let again = try CLI.run(["restore", backup, "--database", target])
        #expect(again.status == 2 && again.stderr.contains("--replace"))

        // An entry rewritten in the restored database: verify names it and fails.
        let tampered = try await Store.open(target)
        _ = try await tampered.workflow.runner.transaction([SQLStatement("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2")])
        try await tampered.close()
        let broken = try CLI.run(["audit", "verify", "--no-seal", "--database", target])
        #expect(broken.status == 1 && String(decoding: broken.stdout, as: UTF8.self).contains("entry #2"))
    }

    @Test func aFileThatIsNoBackupIsRefusedAndNothingWritten() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bogus = dir.appendingPathComponent("notes.txt")
        try Data("not a database".utf8).write(to: bogus)
        let target = "sqlite:" + dir.appendingPathComponent("new.sqlite").path
        let refused = try CLI.run(["restore", bogus.path, "--database", target])
        #expect(refused.status == 2 && refused.stderr.contains("not a backup"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("new.sqlite").path))
        let missing = try CLI.run(["backup", dir.appendingPathComponent("b").path, "--database", "sqlite:" + dir.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 2 && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("b").path))
    }
}
