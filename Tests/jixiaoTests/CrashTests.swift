import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JixiaoCore
import JixiaoTestSupport
import Testing
@testable import JixiaoStore
@testable import JixiaoWeb

/// `kill -9` of `jixiao serve` while clients save projects and move tables through the API, on
/// SQLite and PostgreSQL. After a restart: every save answered 2xx is there, nothing not
/// answered is half there (each project's version is one more than its updates in the audit
/// log, each subtotal the sum of its projects), no table stuck between states (its state is
/// the one its last state entry names), and the audit chain whole.
@Suite(.serialized) struct CrashTests {
    /// What the clients were told: the versions their saves were answered with, by project.
    final class Answers: Sendable {
        let saved = Mutex<[Int64: Int]>([:])
        let moves = Atomic<Int>(0)
        /// The last answer to a submit, for the message when none moved the table.
        let lastSubmit = Atomic<Int>(-1)
        let stop = Atomic<Bool>(false)
    }

    @Test(arguments: Backend.allCases) func killedMidWriteItComesBackWhole(_ backend: Backend) async throws {
        guard let url = try TemporaryDatabase.fresh(backend) else { return }
        let setup = try await Store.open(url)
        let demo = try await DemoData.load(into: setup, passwordCost: 4)
        func token(_ login: String) async throws -> String { try await ServerProcess.token(setup, login) }
        let (editor, returnedEditor, reviewer) = (try await token("editor1"), try await token("editor2"), try await token("reviewer"))
        let projects = Array(try await setup.projects(department: demo.draftDepartment, year: 2025).prefix(12))
        try await setup.close()

        var server = try await ServerProcess.start(url)
        let answers = Answers()
        func path(_ department: String) -> String {
            server.base + "/api/v1/tables/2025/" + department.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        }
        let draft = path(demo.draftDepartment), returned = path(demo.returnedDepartment)
        // Twelve clients each save one project as fast as they are answered; one moves the
        // returned table back and forth (editor submits, reviewer returns).
        let clients = DispatchGroup()
        for stored in projects {
            DispatchQueue.global().async(group: clients) {
                var version = stored.version
                var n = 0
                while !answers.stop.load(ordering: .relaxed) {
                    n += 1
                    let (status, body) = ServerProcess.send("PUT", "\(draft)/projects/\(stored.id)", token: editor, [
                        "version": version, "name": stored.project.name, "goal": "第 \(n) 次保存",
                        "amounts_fen": ["fiscal": 100_000 + n, "special": 0, "other": 0],
                        "indicators": [["level1": "1-产出指标", "level2": "11-数量指标", "name": "培训人数", "period": "≥\(n)人", "annual": "≥\(n)人"]],
                    ])
                    if status == 200, let saved = body["version"] as? Int {
                        version = saved
                        answers.saved.withLock { $0[stored.id] = max($0[stored.id] ?? 0, saved) }
                    } else if status == 0 {
                        return // the server is gone
                    }
                }
            }
        }
        DispatchQueue.global().async(group: clients) {
            while !answers.stop.load(ordering: .relaxed) {
                // A transition reviews the table first, which may wait for the pool the twelve
                // savers keep busy (bounded at 10 s by the server): waited for longer than that.
                let (submitted, _) = ServerProcess.send("POST", "\(returned)/transitions", token: returnedEditor, ["action": "submit"], timeout: 30)
                let (back, _) = ServerProcess.send("POST", "\(returned)/transitions", token: reviewer, ["action": "return", "comment": "再改改"], timeout: 30)
                answers.lastSubmit.store(submitted, ordering: .relaxed)
                if submitted == 200 { answers.moves.add(1, ordering: .relaxed) }
                if submitted == 0 || back == 0 { return }
            }
        }
        // Killed once both kinds of work are under way (a loaded machine takes a while), in the
        // middle of whatever is then on its way.
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline
                && (answers.moves.load(ordering: .relaxed) < 2 || answers.saved.withLock({ $0.values.reduce(0, +) }) < 2 * projects.count) {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        answers.stop.store(true, ordering: .relaxed)
        await withCheckedContinuation { continuation in clients.notify(queue: .global()) { continuation.resume() } }
        let saved = answers.saved.withLock { $0 }
        #expect(saved.values.reduce(0, +) > projects.count, "the clients saved before the kill (\(saved))")
        #expect(answers.moves.load(ordering: .relaxed) > 0, "no submit answered 200 (the last: \(answers.lastSubmit.load(ordering: .relaxed)))")

        // Back up on the same database.
        server = try await ServerProcess.start(url)
        defer { server.process.terminate() }
        let store = try await Store.open(url)
        for stored in try await store.projects(department: demo.draftDepartment, year: 2025) {
            let updates = try await store.workflow.history(entity: "project", id: "\(stored.id)").filter { $0.record.action == "update" }
            #expect(stored.version == 1 + updates.count, "project \(stored.id): version \(stored.version), \(updates.count) updates")
            if let answered = saved[stored.id] {
                // Answered: kept. At most the one save on its way when the server died beyond it.
                #expect(stored.version >= answered && stored.version <= answered + 1, "project \(stored.id): answered \(answered), stored \(stored.version)")
                #expect(stored.project.goal.hasPrefix("第 ") && stored.project.amounts.total == stored.project.amounts.fiscalAppropriation)
            }
        }
        for summary in try await store.listTables() {
            let table = try #require(try await store.loadTable(department: summary.department, year: summary.fiscalYear))
            for unit in table.units { #expect(unit.amounts.total == unit.projects.reduce(Money.zero) { $0 + $1.amounts.total }) }
            let states = try await store.workflow.history(entity: "table", id: "\(summary.department)/\(summary.fiscalYear)").filter { $0.record.action == "state" }
            if let last = states.last?.record.after {
                #expect(last.contains("\"\(summary.state.rawValue)\""), "\(summary.department) is \(summary.state) but its last state entry says \(last)")
            }
        }
        // The new server seals what the killed one had not; the chain holds.
        try await Task.sleep(for: .milliseconds(1500))
        let chain = try await store.auditChain.verify()
        #expect(chain.broken == nil && chain.unsealed == 0 && chain.verified > 0)
        try await store.close()
    }
}
