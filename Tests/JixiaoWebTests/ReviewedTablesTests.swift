import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import JixiaoTestSupport
import Testing
@testable import JixiaoWeb

/// The signed-in pages keep each table reviewed and rendered once per version
/// (`ReviewedTables`). What another server (or `jixiao import`) writes to the same database
/// must show on the next view all the same: the key is the version read from the database on
/// every request, never a time.
@Suite struct ReviewedTablesTests {
    @Test(arguments: [Backend.sqlite, .postgres])
    func aChangeMadeBesideThisServerShowsOnTheNextView(_ backend: Backend) async throws {
        try await DemoApp.with(backend) { setup in
            let (store, demo) = (setup.store, setup.demo)
            let path = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let reviewer = try await Browser.signedIn(setup.client, "reviewer")
            let before = try await reviewer.get(path).text
            let stored = try await store.projects(department: demo.draftDepartment, year: 2025)
            let first = try #require(stored.first)
            #expect(before.contains(first.project.name))

            // A save through the repository, as another server behind the same database makes it:
            // a new name and a goal the review finds wanting (empty).
            var changed = first.project
            changed.name = "另一台服务器改过的项目"
            changed.goal = ""
            _ = try await store.updateProject(id: first.id, expectedVersion: first.version, changed, actor: "elsewhere")
            let after = try await reviewer.get(path).text
            // (A generated table may give two projects one name: the old name is counted, not looked for.)
            #expect(after.contains("另一台服务器改过的项目")
                    && after.components(separatedBy: first.project.name).count < before.components(separatedBy: first.project.name).count)
            #expect(after.components(separatedBy: "GOAL-MISSING").count > before.components(separatedBy: "GOAL-MISSING").count,
                    "the review ran again on the new version")

            // The whole table replaced (`jixiao import --replace`): its version moves on from the
            // old one's, so nothing kept for the old content is taken for the new.
            let version = try #require(try await store.summary(department: demo.draftDepartment, year: 2025)).version
            var table = try #require(try await store.loadTable(department: demo.draftDepartment, year: 2025))
            table.units[0].projects[0].name = "替换后的项目"
            try await store.importTable(table, year: 2025, replace: true, actor: "elsewhere")
            #expect(try #require(try await store.summary(department: demo.draftDepartment, year: 2025)).version > version)
            #expect(try await reviewer.get(path).text.contains("替换后的项目"))
        }
    }

    @Test func theKeptTablesStayWithinTheirCapacity() async throws {
        try await DemoApp.with { setup in
            let tables = PublishedTables(repository: setup.store)
            let reviewed = ReviewedTables(repository: setup.store, tables: tables, capacity: 60)
            let summaries = try await setup.store.listTables().filter { $0.fiscalYear == 2025 }
            var made: [ReviewedTables.Entry] = []
            for summary in summaries { made.append(try await reviewed.entry(summary)) }
            // Asked again: the newest is kept (the same entry), the oldest went to make room.
            let newest = try await reviewed.entry(summaries.last!)
            #expect(newest === made.last!)
            let oldest = try await reviewed.entry(summaries.first!)
            #expect(oldest !== made.first!)
            #expect(oldest.findings == made.first!.findings && oldest.table == made.first!.table)
        }
    }
}
