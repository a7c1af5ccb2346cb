import Foundation
import JixiaoCore
import JixiaoStore
import Testing

/// Publications on both databases: each 公开 keeps the table as published, numbered; a table
/// published before they were kept gets its first one when it is reopened for correction,
/// dated by its 公开 in the audit log; an upload that replaces the table keeps them.
@Suite(.serialized) struct PublicationStoreTests {
    typealias Backend = RepositoryConformanceTests.Backend

    static func content(_ table: BudgetTable, _ text: String) -> PublishedContent {
        PublishedContent(content: text, unitCount: table.units.count, projectCount: table.projectCount, total: table.total)
    }

    @Test(arguments: Backend.allCases) func publicationsAreKeptAndNumbered(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let seed = try RepositoryConformanceTests.seed()
        let department = seed.department
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        // Published the old way (no publication kept): none listed.
        try await store.setState(department: department, year: 2025, .published, actor: "老审核")
        #expect(try await store.publications.revisions(department: department, year: 2025).isEmpty)

        // Reopened for correction: its first publication is kept from the table as it stands,
        // dated by the audit log's 公开 and credited to whoever published it.
        let published = try #require(try await store.history(department, .published))
        let publishedVersion = try #require(try await store.summary(department: department, year: 2025)?.version)
        try await store.workflow.transition(department: department, year: 2025, from: .published, to: .returned, actor: "审核", comment: "更正",
                                            atVersion: publishedVersion, publication: .keep(Self.content(seed, "第一版")), action: "correct")
        var all = try await store.publications.revisions(department: department, year: 2025)
        #expect(all.map(\.summary.revision) == [1] && all[0].publishedAt == published.at && all[0].publishedBy == "老审核")
        #expect(all[0].summary.version == publishedVersion, "kept at the version it was published at")
        #expect(all[0].summary.projectCount == seed.projectCount && all[0].summary.total == seed.total && all[0].summary.state == .published)
        #expect(try await store.publications.content(department: department, year: 2025, revision: 1) == "第一版")

        // Reopening again does not keep it twice; publishing keeps the next one.
        try await store.workflow.transition(department: department, year: 2025, from: .returned, to: .approved, actor: "审核", comment: nil)
        // 公开 without the content is refused: what is public must be kept.
        await #expect(throws: StoreError.self) {
            try await store.workflow.transition(department: department, year: 2025, from: .approved, to: .published, actor: "公开人", comment: nil)
        }
        // Content read at an older version is refused as stale, nothing kept.
        let approvedVersion = try #require(try await store.summary(department: department, year: 2025)?.version)
        await #expect(throws: StoreError.self) {
            try await store.workflow.transition(department: department, year: 2025, from: .approved, to: .published, actor: "公开人", comment: nil,
                                                atVersion: approvedVersion - 1, publication: .publish(Self.content(seed, "旧的")))
        }
        let version = try await store.workflow.transition(department: department, year: 2025, from: .approved, to: .published, actor: "公开人", comment: nil,
                                                          atVersion: approvedVersion, publication: .publish(Self.content(seed, "第二版")))
        all = try await store.publications.revisions(department: department, year: 2025)
        #expect(all.map(\.summary.revision) == [1, 2] && all[1].summary.version == version && all[1].publishedBy == "公开人")
        #expect(all[1].firstPublishedAt == published.at)
        try await store.workflow.transition(department: department, year: 2025, from: .published, to: .returned, actor: "审核", comment: "再更正",
                                            publication: .keep(Self.content(seed, "不应保存")), action: "correct")
        #expect(try await store.publications.revisions(department: department, year: 2025).count == 2)
        // The audit entry names the step (PostgreSQL's jsonb re-spells the text, hence decoded).
        let after = try #require(try await store.workflow.history(entity: "table", id: "\(department)/2025").last?.record.after)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(after.utf8)) == ["state": "returned", "action": "correct"])
        // The list of every publication holds this department's newest among the others'.
        #expect(try await store.publications.all().filter { $0.summary.department == department }.map(\.summary.revision) == [1, 2])

        // An upload that replaces the table (a new row) keeps what was published.
        try await store.importTable(seed, year: 2025, replace: true, actor: "上传")
        #expect(try await store.publications.revisions(department: department, year: 2025).map(\.summary.revision) == [1, 2])
        #expect(try await store.publications.content(department: department, year: 2025, revision: 2) == "第二版")
        #expect(try await store.publications.content(department: department, year: 2025, revision: 3) == nil)

        // 撤回公开 marks the newest publication, and only it.
        try await store.workflow.transition(department: department, year: 2025, from: .draft, to: .approved, actor: "审核", comment: nil)
        try await store.workflow.transition(department: department, year: 2025, from: .approved, to: .published, actor: "公开人", comment: nil,
                                            publication: .publish(Self.content(seed, "第三版")))
        try await store.workflow.transition(department: department, year: 2025, from: .published, to: .returned, actor: "公开人", comment: "误公开",
                                            publication: .withdraw, action: "unpublish")
        let withdrawn = try await store.publications.revisions(department: department, year: 2025)
        #expect(withdrawn.map(\.summary.revision) == [1, 2, 3] && withdrawn.map { $0.withdrawnAt != nil } == [false, false, true])
        try await store.close()
    }
}

extension TableRepository {
    /// The audit entry that moved the table to `state`, the newest.
    func history(_ department: String, _ state: WorkflowState) async throws -> AuditEntry? {
        try await workflow.history(entity: "table", id: "\(department)/2025").last { $0.record.action == "state" && $0.record.after?.contains(state.rawValue) == true }
    }
}
