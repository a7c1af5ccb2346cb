import Foundation
import JixiaoCore
import JixiaoTestSupport
import Testing
@testable import JixiaoStore

/// The audit log's hash chain (`AuditChain`) on both databases: sealed in order, every kind of
/// quiet rewrite found and named, two servers sealing at once making one chain, and retention
/// leaving a checkpoint the chain is checked from.
@Suite struct AuditChainTests {
    /// A database of the test's own (the chain is the whole log's), with a table and a few audited changes.
    static func store(_ backend: Backend) async throws -> (any TableRepository)? {
        guard let url = try TemporaryDatabase.fresh(backend) else { return nil }
        let store = try await Store.open(url)
        let seed = try SeedFixture.table
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        for state in [WorkflowState.submitted, .returned, .draft] {
            try await store.setState(department: seed.department, year: 2025, state, actor: "clerk")
        }
        let first = try #require(try await store.projects(department: seed.department, year: 2025).first)
        var project = first.project
        project.goal += "（修改）"
        _ = try await store.updateProject(id: first.id, expectedVersion: first.version, project, actor: "clerk")
        return store
    }

    @Test(arguments: Backend.allCases) func aSealedLogVerifiesAndEachRewriteIsNamed(_ backend: Backend) async throws {
        guard let store = try await Self.store(backend) else { return }
        let chain = store.auditChain
        let unsealed = try await chain.verify()
        #expect(unsealed.verified == 0 && unsealed.unsealed == 5 && unsealed.broken == nil)
        #expect(try await chain.seal() == 5)
        #expect(try await chain.seal() == 0)
        let intact = try await chain.verify()
        #expect(intact.verified == 5 && intact.unsealed == 0 && intact.broken == nil && intact.head.seq == 5)
        // Written after the seal: not yet in the chain, then sealed after the head.
        try await store.recordAudit(AuditRecord(actor: "admin", action: "open", entity: "fiscal_year", entityID: "2026"))
        #expect(try await chain.verify().unsealed == 1)
        try await chain.seal()
        #expect(try await chain.verify().head.seq == 6)

        let runner = store.workflow.runner
        // A field changed after sealing.
        _ = try await runner.transaction([SQLStatement("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3")])
        #expect(try await chain.verify().broken == .altered(seq: 3, id: try await Self.id(runner, seq: 3)))
        // …and its hash made again to match: the next entry's link no longer does.
        let rows = try await runner.rows("SELECT id, at, actor, action, entity, entity_id, CAST(before_state AS TEXT), CAST(after_state AS TEXT), prev_hash FROM audit_log WHERE seq = 3")
        let forged = AuditChain.hash(seq: 3, previous: try rows[0].text(8), try AuditChain.entry(rows[0]))
        _ = try await runner.transaction([SQLStatement("UPDATE audit_log SET hash = ? WHERE seq = 3", [.text(forged)])])
        #expect(try await chain.verify().broken == .link(seq: 4, id: try await Self.id(runner, seq: 4)))
        // An entry removed from the middle.
        _ = try await runner.transaction([SQLStatement("DELETE FROM audit_log WHERE seq = 2")])
        let missing = try await chain.verify()
        #expect(missing.broken == .missing(expected: 2, found: 3) && missing.verified == 1)
        try await store.close()
    }

    /// A seal of many entries goes in statements of a few sizes (500, 256, …, 1: SQLite keeps
    /// each text prepared) and makes one chain all the same.
    @Test(arguments: Backend.allCases) func manyEntriesAreSealedInStatementsOfAFewSizes(_ backend: Backend) async throws {
        guard let store = try await Self.store(backend) else { return }
        for n in 0..<772 {
            try await store.recordAudit(AuditRecord(actor: "admin", action: "open", entity: "fiscal_year", entityID: "\(2100 + n)"))
        }
        #expect(try await store.auditChain.seal() == 777) // 500 + 256 + 16 + 4 + 1
        let intact = try await store.auditChain.verify()
        #expect(intact.verified == 777 && intact.unsealed == 0 && intact.broken == nil && intact.head.seq == 777)
    }

    @Test(arguments: Backend.allCases) func twoServersSealingAtOnceMakeOneChain(_ backend: Backend) async throws {
        guard let url = try TemporaryDatabase.fresh(backend) else { return }
        let one = try await Store.open(url)
        let two = try await Store.open(url)
        for i in 0..<300 {
            try await (i % 2 == 0 ? one : two).recordAudit(AuditRecord(actor: "clerk\(i % 7)", action: "comment", entity: "table", entityID: "部门/\(i)"))
        }
        // Both seal in small steps, side by side, until nothing is left.
        async let a: Void = Self.seal(one, rounds: 40)
        async let b: Void = Self.seal(two, rounds: 40)
        _ = try await (a, b)
        while try await one.auditChain.seal() > 0 {}
        let result = try await one.auditChain.verify()
        #expect(result.verified == 300 && result.unsealed == 0 && result.broken == nil && result.head.seq == 300)
        try await one.close()
        try await two.close()
    }

    @Test(arguments: Backend.allCases) func retentionLeavesACheckpointTheChainIsCheckedFrom(_ backend: Backend) async throws {
        guard let store = try await Self.store(backend) else { return }
        let chain = store.auditChain
        try await chain.seal()
        let runner = store.workflow.runner
        // The first three entries are a year old.
        _ = try await runner.transaction([SQLStatement("UPDATE audit_log SET at = at - 31536000000 WHERE seq <= 3")])
        // (That rewrite is itself what the chain finds…)
        #expect(try await chain.verify().broken == .altered(seq: 1, id: try await Self.id(runner, seq: 1)))
        // …so make the log again as if they had been written then: reseal from scratch.
        _ = try await runner.transaction([SQLStatement("UPDATE audit_log SET seq = NULL, prev_hash = NULL, hash = NULL")])
        try await chain.seal()
        #expect(try await chain.verify().broken == nil)

        #expect(try await chain.prune(before: AuditChain.cutoff(days: 180), actor: "admin") == 3)
        try await chain.seal() // the prune's own entry
        let after = try await chain.verify()
        #expect(after.from.seq == 3 && after.verified == 3 && after.broken == nil && after.head.seq == 6)
        let entries = try await store.auditLog(limit: 10)
        #expect(entries.count == 3 && entries.first?.record.action == "prune" && entries.first?.record.actor == "admin")
        // Nothing older than the cutoff is left: pruning again removes nothing.
        #expect(try await chain.prune(before: AuditChain.cutoff(days: 180), actor: "admin") == 0)
        try await store.close()
    }

    static func seal(_ store: any TableRepository, rounds: Int) async throws {
        for _ in 0..<rounds { try await store.auditChain.seal(limit: 10) }
    }

    static func id(_ runner: any SQLRunner, seq: Int64) async throws -> Int64 {
        try await runner.rows("SELECT id FROM audit_log WHERE seq = ?", [.int(seq)]).firstInt()
    }
}
