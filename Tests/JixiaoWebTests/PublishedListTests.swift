import Foundation
import JixiaoCore
import JixiaoStore
import JixiaoTestSupport
@testable import JixiaoWeb
import Synchronization
import Testing

/// The list of published tables that every public request reads (`PublishedTables`): when it
/// goes stale under load, the requests share one database read; `refresh()` (an administrator
/// saved the rule settings) makes the next request read anew.
@Suite struct PublishedListTests {
    /// A repository that counts how often the list is read, and can hold a read back.
    final class CountingRepository: TableRepository {
        let base: any TableRepository
        let reads = Atomic<Int>(0)

        init(_ base: any TableRepository) { self.base = base }

        func listTables(department: String?, year: Int?) async throws -> [TableSummary] {
            reads.add(1, ordering: .relaxed)
            // Long enough for every concurrent caller to arrive while the read is under way.
            try await Task.sleep(for: .milliseconds(200))
            return try await base.listTables(department: department, year: year)
        }

        func migrate() async throws -> [Int] { try await base.migrate() }
        func appliedMigrations() async throws -> [Int] { try await base.appliedMigrations() }
        func commit(_ work: UnitOfWork) async throws { try await base.commit(work) }
        func loadTable(department: String, year: Int) async throws -> BudgetTable? { try await base.loadTable(department: department, year: year) }
        func updateProject(id: Int64, expectedVersion: Int, _ project: Project, actor: String) async throws -> Int {
            try await base.updateProject(id: id, expectedVersion: expectedVersion, project, actor: actor)
        }
        func setState(department: String, year: Int, _ state: WorkflowState, actor: String) async throws -> Int {
            try await base.setState(department: department, year: year, state, actor: actor)
        }
        func recordAudit(_ entry: AuditRecord) async throws { try await base.recordAudit(entry) }
        func auditLog(limit: Int) async throws -> [AuditEntry] { try await base.auditLog(limit: limit) }
        func close() async throws { try await base.close() }
        var accounts: AccountStore { base.accounts }
        var workflow: WorkflowStore { base.workflow }
        var structure: StructureStore { base.structure }
        var publications: PublicationStore { base.publications }
        var siteSettings: SiteSettingsStore { base.siteSettings }
        var monitoring: MonitoringStore { base.monitoring }
    }

    @Test func concurrentRequestsShareOneReadAndRefreshReadsAgain() async throws {
        let store = try await Store.open(TemporaryDatabase.sqliteURL("list"))
        _ = try await DemoData.load(into: store, passwordCost: 4)
        let repository = CountingRepository(store)
        let tables = PublishedTables(repository: repository, listLifetime: .seconds(600))

        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<32 { group.addTask { try await tables.list().count } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(repository.reads.load(ordering: .relaxed) == 1)
        #expect(Set(counts).count == 1 && counts.first ?? 0 > 0, "every caller got the same published list")
        _ = try await tables.list()
        #expect(repository.reads.load(ordering: .relaxed) == 1, "fresh: no read")

        tables.refresh()
        #expect(tables.freshGeneration() == nil)
        _ = try await tables.list()
        #expect(repository.reads.load(ordering: .relaxed) == 2)
        #expect(tables.freshGeneration() != nil)
        try await store.close()
    }
}
