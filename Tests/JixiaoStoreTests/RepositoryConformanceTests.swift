import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import JixiaoSynthetic
import JixiaoTestSupport
import Testing

/// One conformance suite, run against both databases: SQLite in a temporary file, and the
/// PostgreSQL that `.ci/run` starts (JIXIAO_TEST_POSTGRES_URL). Under CI=true a missing
/// PostgreSQL fails the suite instead of skipping it. Tests on PostgreSQL share one database,
/// so each stores its tables under a department name of its own.
@Suite(.serialized) struct RepositoryConformanceTests {
    typealias Backend = JixiaoTestSupport.Backend

    /// A store on `backend` (`TemporaryDatabase`); nil when PostgreSQL is not configured
    /// outside CI (under CI=true its absence throws, failing the test).
    static func open(_ backend: Backend) async throws -> (any TableRepository)? {
        try await TemporaryDatabase.open(backend)
    }

    static func seed(unique: Bool = true) throws -> BudgetTable {
        var table = try SeedFixture.table
        if unique { table.department += "-" + UUID().uuidString.prefix(8) }
        return table
    }

    @Test(arguments: Backend.allCases) func theSeedComesBackIdentical(_ backend: Backend) async throws {
        guard let store = try await Self.open(backend) else { return }
        let seed = try Self.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "测试")
        let back = try await store.loadTable(department: seed.department, year: 2025)
        #expect(back == seed.filed(in: 2025))
        // And the disclosure text written from it is the original's with the year it is filed
        // under (the seed's title states none), which reads back to the same table.
        let text = try #require(back.map { DisclosureTextWriter.bytes($0) })
        let original = String(decoding: DisclosureTextWriter.bytes(seed), as: UTF8.self)
        #expect(String(decoding: text, as: UTF8.self) == original.replacingOccurrences(of: "\n\n单位：", with: "\n\n预算年度：2025\n\n单位："))
        #expect(try DisclosureTextReader.read(text).table == back)
        let listed = try await store.listTables().first { $0.department == seed.department }
        #expect(listed?.projectCount == 11 && listed?.unitCount == 2 && listed?.state == .draft)
        #expect(listed?.total?.total == Money(fen: 1_980_40 * 10_000 / 100 * 100))
        try await store.close()
    }

    /// A signed-in page asks for one department's tables, or one table, not the whole list.
    @Test(arguments: Backend.allCases) func theListNarrowsToADepartmentAndAYear(_ backend: Backend) async throws {
        guard let store = try await Self.open(backend) else { return }
        let seed = try Self.seed()
        var other = seed
        other.department += "-other"
        try await store.importTables([(seed, 2024), (seed, 2025), (other, 2025)], replace: false, actor: "测试")
        let mine = try await store.listTables(department: seed.department, year: nil)
        #expect(mine.map(\.fiscalYear) == [2024, 2025] && mine.allSatisfy { $0.department == seed.department })
        let one = try #require(try await store.summary(department: seed.department, year: 2025))
        #expect(one.fiscalYear == 2025 && one.projectCount == 11 && one.total == mine.last?.total)
        #expect(try await store.summary(department: seed.department, year: 2023) == nil)
        #expect(try await store.summary(department: seed.department + "x", year: 2025) == nil)
        let year2025 = try await store.listTables(department: nil, year: 2025).map(\.department)
        #expect(year2025.contains(seed.department) && year2025.contains(other.department))
        #expect(try await store.listTables().filter { $0.department.hasPrefix(seed.department) }.count == 3)
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func generatedTablesComeBackIdentical(_ backend: Backend) async throws {
        guard let store = try await Self.open(backend) else { return }
        for seed in UInt64(1)...3 {
            var generator = TableGenerator(seed: seed &+ UInt64(Date().timeIntervalSince1970))
            var table = generator.table(projects: 400, units: 7)
            table.department += "-" + UUID().uuidString.prefix(8)
            try await store.importTable(table, year: 2026, replace: false, actor: "测试")
            #expect(try await store.loadTable(department: table.department, year: 2026) == table.filed(in: 2026))
        }
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func reimportIsRefusedUnlessReplaced(_ backend: Backend) async throws {
        guard let store = try await Self.open(backend) else { return }
        let seed = try Self.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "甲")
        await #expect(throws: StoreError.alreadyStored(department: seed.department, year: 2025)) {
            try await store.importTable(seed, year: 2025, replace: false, actor: "甲")
        }
        var changed = seed
        changed.units[0].projects.removeLast()
        changed.units[0].amounts = changed.units[0].projects.reduce(Amounts.zero) { $0 + $1.amounts }
        try await store.importTable(changed, year: 2025, replace: true, actor: "乙")
        #expect(try await store.loadTable(department: seed.department, year: 2025) == changed.filed(in: 2025))
        let audit = try await store.auditLog(limit: 50).filter { $0.record.entityID == "\(seed.department)/2025" }
        #expect(audit.map(\.record.action) == ["replace", "import"])
        #expect(audit.first?.record.actor == "乙")
        // PostgreSQL's JSONB spaces the JSON its own way: compare without spaces.
        #expect(audit.first?.record.before?.replacingOccurrences(of: " ", with: "").contains("\"projects\":11") == true)
        #expect(audit.first?.record.after?.replacingOccurrences(of: " ", with: "").contains("\"projects\":10") == true)
        // A failed import leaves nothing: the same department-year is still the replaced one.
        #expect(try await store.listTables().filter { $0.department == seed.department }.map(\.projectCount) == [10])
        try await store.close()
    }

    /// Two people save the same project from the same version: one wins, the other is told
    /// who changed it, and nothing is lost.
    @Test(arguments: Backend.allCases) func concurrentUpdatesConflict(_ backend: Backend) async throws {
        guard let first = try await Self.open(backend) else { return }
        let second: any TableRepository
        if let sqlite = first as? SQLiteRepository {
            second = try await Store.open("sqlite:" + sqlite.path)
        } else {
            second = try #require(try await Self.open(backend))
        }
        let store = first
        let seed = try Self.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        let stored = try await store.projects(department: seed.department, year: 2025)
        let target = try #require(stored.first)
        #expect(target.version == 1)
        var a = target.project
        a.goal = "甲的修改"
        var b = target.project
        b.goal = "乙的修改"
        b.indicators.removeLast()
        func attempt(_ project: Project, _ actor: String, _ repository: any TableRepository) async -> Result<Int, any Error> {
            do { return .success(try await repository.updateProject(id: target.id, expectedVersion: 1, project, actor: actor)) } catch { return .failure(error) }
        }
        // Two connections (two repositories on the same database), at the same time.
        async let one = attempt(a, "甲", first)
        async let two = attempt(b, "乙", second)
        let results = await [one, two]
        let winners = results.compactMap { try? $0.get() }
        #expect(winners == [2])
        let loser = results.compactMap { result -> StoreError? in
            if case .failure(let error as StoreError) = result { return error }
            return nil
        }
        #expect(loser.count == 1)
        if case .conflict(let id, let expected, let found, let by, let at)? = loser.first {
            #expect(id == target.id && expected == 1 && found == 2 && at != nil)
            #expect(by == "甲" || by == "乙")
        } else {
            Issue.record("expected a conflict, got \(loser)")
        }
        let now = try #require(try await store.projects(department: seed.department, year: 2025).first)
        #expect(now.version == 2)
        #expect(now.project == a || now.project == b)
        // By entity: other suites write to the shared PostgreSQL log meanwhile.
        let audit = try await store.workflow.history(entity: "project", id: "\(target.id)").last
        #expect(audit?.record.action == "update")
        #expect(audit?.record.before?.contains(target.project.goal) == true)
        try await second.close()
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func migrationsRunOnceAndAgainIsNothing(_ backend: Backend) async throws {
        guard let store = try await Self.open(backend) else { return }
        #expect(try await store.appliedMigrations() == Array(1...Store.schemaVersion))
        #expect(try await store.migrate() == [])
        #expect(try await store.appliedMigrations() == Array(1...Store.schemaVersion))
        try await store.close()
    }

    @Test func badURLsAndUnreachableServersSayWhy() async throws {
        await #expect(throws: StoreError.badURL("mysql://x: not a database URL (sqlite:PATH or postgres://user:password@host:port/database)")) {
            _ = try await Store.open("mysql://x")
        }
        do {
            _ = try await Store.open("postgres://nobody:secret@127.0.0.1:1/x")
            Issue.record("connected to nothing")
        } catch let error as StoreError {
            #expect(error.description.hasPrefix("postgres://nobody:***@127.0.0.1:1/x: cannot connect"))
            #expect(!error.description.contains("secret"))
        }
        do {
            _ = try await Store.open("sqlite:/no/such/folder/x.sqlite")
            Issue.record("opened a database in a missing folder")
        } catch let error as StoreError {
            #expect(error.description == "sqlite:/no/such/folder/x.sqlite: the folder /no/such/folder does not exist")
        }
    }
}
