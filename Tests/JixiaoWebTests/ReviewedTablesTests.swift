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

    /// The page's content is rendered once for what it shows and kept with the table's entry
    /// (`Workspace.page`): each reader's forms still carry their own session's token, and what
    /// changes beside the table (a comment, a step) shows on the next view.
    @Test func aKeptPageCarriesEachReadersTokenAndWhatChangedBesideTheTable() async throws {
        try await DemoApp.with { setup in
            let path = "/workspace" + PublicSiteTests.tablePath(setup.demo.draftDepartment)
            let first = try await Browser.signedIn(setup.client, "reviewer")
            let second = try await Browser.signedIn(setup.client, "reviewer")
            func tokens(_ page: String) -> Set<String> {
                Set(page.components(separatedBy: #"name="_csrf" value=""#).dropFirst().map { String($0.prefix { $0 != "\"" }) })
            }
            let (one, two) = (try await first.get(path).text, try await second.get(path).text)
            let (mine, theirs) = (tokens(one), tokens(two))
            #expect(mine.count == 1 && theirs.count == 1 && mine != theirs, "one token a session, in every form of its page")
            #expect(one.components(separatedBy: #"name="_csrf""#).count > 2, "the page's forms (comment, sign-out) both carry it")
            #expect(!one.contains(CSRFSlots.marker) && !two.contains(CSRFSlots.marker))
            #expect(one.contains("建立本表") && !one.contains("草稿 → 草稿"), "the demo's draft has no step that changed nothing")

            // A comment changes no table version: the next view shows it all the same. Typed text
            // that reads like the marker stays text.
            #expect(try await first.submit(path + "/comments", from: path, [("body", "请核对 <csrf> 与 \u{0600}<csrf> 的写法"), ("project_id", "")]).status == .seeOther)
            let after = try await second.get(path).text
            #expect(after.contains("请核对 &lt;csrf&gt; 与 \u{0600}&lt;csrf&gt; 的写法"))
            #expect(tokens(after) == theirs)

            // The editor's page (its own rendering: forms to upload, to save each project, to
            // submit) carries the editor's token everywhere, the units' forms too.
            let editor = try await Browser.signedIn(setup.client, "editor1")
            let editing = try await editor.get(path).text
            #expect(tokens(editing).count == 1 && tokens(editing).isDisjoint(with: mine.union(theirs)))
            #expect(editing.components(separatedBy: #"name="_csrf""#).count > 4)
            #expect(!editing.contains(CSRFSlots.marker))
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
