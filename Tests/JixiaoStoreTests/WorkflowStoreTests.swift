import Foundation
import JixiaoCore
import JixiaoStore
import Testing

/// Transitions, comments and history on both databases; and what a project's save does to
/// its unit's subtotal and the table's 合计.
@Suite(.serialized) struct WorkflowStoreTests {
    typealias Backend = RepositoryConformanceTests.Backend

    @Test(arguments: Backend.allCases) func aTransitionHappensOnceFromTheStateItNames(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let seed = try RepositoryConformanceTests.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        let workflow = store.workflow
        try await workflow.transition(department: seed.department, year: 2025, from: .draft, to: .submitted, actor: "clerk", comment: nil)
        // Two reviewers act on the submitted table at once: one returns it, the other's approval finds it moved.
        async let returned = Result(catching: {
            try await workflow.transition(department: seed.department, year: 2025, from: .submitted, to: .returned, actor: "甲", comment: "指标不够量化")
        })
        async let approved = Result(catching: {
            try await workflow.transition(department: seed.department, year: 2025, from: .submitted, to: .approved, actor: "乙", comment: nil)
        })
        let outcomes = await [returned, approved]
        #expect(outcomes.filter { if case .success = $0 { true } else { false } }.count == 1)
        let failure = try #require(outcomes.compactMap { if case .failure(let e) = $0 { e as? StoreError } else { nil } }.first)
        #expect("\(failure)".contains("已不在“已提交”状态"))
        let state = try await store.listTables().first { $0.department == seed.department }?.state
        #expect(state == .returned || state == .approved)
        // The loser left nothing behind: one state entry per transition that happened.
        let history = try await workflow.history(entity: "table", id: "\(seed.department)/2025")
        #expect(history.map(\.record.action) == ["import", "state", "state"])
        #expect(history.last?.record.after?.contains(state!.rawValue) == true)
        let comments = try await workflow.comments(department: seed.department, year: 2025)
        #expect(comments.count == (state == .returned ? 1 : 0))
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func commentsNameTheirProject(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let seed = try RepositoryConformanceTests.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        let project = try await store.projects(department: seed.department, year: 2025)[1]
        try await store.workflow.addComment(department: seed.department, year: 2025, projectID: project.id, author: "审核员", body: "年度指标值请写明单位")
        try await store.workflow.addComment(department: seed.department, year: 2025, projectID: nil, author: "审核员", body: "整体尚可")
        let comments = try await store.workflow.comments(department: seed.department, year: 2025)
        #expect(comments.map(\.body) == ["年度指标值请写明单位", "整体尚可"])
        #expect(comments[0].project == project.project.name && comments[1].project == nil && comments[0].transition == nil)
        await #expect(throws: StoreError.self) {
            try await store.workflow.addComment(department: "没有这个部门", year: 2025, projectID: nil, author: "x", body: "y")
        }
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func aSavedProjectRecomputesItsUnitAndTheTotal(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let seed = try RepositoryConformanceTests.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        let before = try #require(try await store.listTables().first { $0.department == seed.department })
        let target = try await store.projects(department: seed.department, year: 2025)[0]
        var project = target.project
        let added = Money(fen: 100_000_00) // 10 万元 more of fiscal appropriation
        project.amounts.fiscalAppropriation = project.amounts.fiscalAppropriation + added
        project.amounts.total = project.amounts.total + added
        _ = try await store.updateProject(id: target.id, expectedVersion: target.version, project, actor: "clerk")
        let table = try #require(try await store.loadTable(department: seed.department, year: 2025))
        #expect(table.total?.total == seed.total!.total + added)
        #expect(table.total?.fiscalAppropriation == seed.total!.fiscalAppropriation + added)
        let unit = try #require(table.units.first { $0.projects.contains { $0.name == project.name } })
        let original = try #require(seed.units.first { $0.name == unit.name })
        #expect(unit.amounts.total == original.amounts.total + added)
        let after = try #require(try await store.listTables().first { $0.department == seed.department })
        #expect(after.version == before.version + 1)
        let history = try await store.workflow.history(entity: "project", id: "\(target.id)")
        #expect(history.count == 1 && history[0].record.actor == "clerk")
        try await store.close()
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

extension WorkflowStoreTests {
    @Test(arguments: Backend.allCases) func projectsAndUnitsAreAddedMovedAndDeleted(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let seed = try RepositoryConformanceTests.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        let structure = store.structure
        let units = try await structure.units(department: seed.department, year: 2025)
        #expect(units.map(\.name) == seed.units.map(\.name))

        // A project added to the first unit comes last in it, and ids still pair with projects.
        let added = try await structure.addProject(unitID: units[0].id, name: "新增的项目", actor: "clerk")
        var table = try #require(try await store.loadTable(department: seed.department, year: 2025))
        #expect(table.units[0].projects.last?.name == "新增的项目")
        var stored = try await store.projects(department: seed.department, year: 2025)
        #expect(stored.map(\.project) == table.units.flatMap(\.projects))
        #expect(stored.first { $0.id == added }?.unitID == units[0].id)

        // Up once: it swaps with the project before it.
        try await structure.moveProject(id: added, .up, actor: "clerk")
        table = try #require(try await store.loadTable(department: seed.department, year: 2025))
        #expect(table.units[0].projects.dropLast().last?.name == "新增的项目")

        // Deleting a project with money recomputes its unit and the 合计.
        let victim = try #require(stored.first { $0.unitID == units[1].id })
        try await structure.deleteProject(id: victim.id, version: victim.version, before: victim.project, actor: "clerk")
        table = try #require(try await store.loadTable(department: seed.department, year: 2025))
        #expect(table.units[1].amounts.total == seed.units[1].amounts.total - victim.project.amounts.total)
        #expect(table.total?.total == seed.total!.total - victim.project.amounts.total)
        // A stale delete is refused.
        stored = try await store.projects(department: seed.department, year: 2025)
        let other = try #require(stored.first { $0.id != added })
        await #expect(throws: StoreError.self) {
            try await structure.deleteProject(id: other.id, version: other.version + 1, before: other.project, actor: "clerk")
        }

        // Units: add, rename, move to the top, delete only when empty.
        let unit = try await structure.addUnit(department: seed.department, year: 2025, name: "新单位", actor: "clerk")
        try await structure.renameUnit(id: unit, name: "新设单位", actor: "clerk")
        try await structure.moveUnit(id: unit, .up, actor: "clerk")
        try await structure.moveUnit(id: unit, .up, actor: "clerk")
        #expect(try await structure.units(department: seed.department, year: 2025).map(\.name).first == "新设单位")
        await #expect(throws: StoreError.invalid("这个资金使用单位下还有项目：先删除或移走项目，再删除单位")) {
            try await structure.deleteUnit(id: units[0].id, actor: "clerk")
        }
        try await structure.deleteUnit(id: unit, actor: "clerk")
        #expect(try await structure.units(department: seed.department, year: 2025).count == units.count)
        try await store.close()
    }
}

/// One business operation, one transaction (issue 15): an upload's three writes are kept
/// together, and when a later one fails nothing of the earlier ones is kept.
@Suite(.serialized) struct UnitOfWorkTests {
    typealias Backend = RepositoryConformanceTests.Backend

    @Test(arguments: Backend.allCases) func anUploadIsKeptWholeOrNotAtAll(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let seed = try RepositoryConformanceTests.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        try await store.workflow.transition(department: seed.department, year: 2025, from: .draft, to: .submitted, actor: "clerk", comment: nil)
        try await store.workflow.transition(department: seed.department, year: 2025, from: .submitted, to: .returned, actor: "审核", comment: "请量化指标")
        let comments = try await store.workflow.comments(department: seed.department, year: 2025)
        var mended = seed
        mended.units[0].projects[0].name = "上传后的项目"

        // A failing last step (a table that is not there): the import and the comments go too.
        var failing = UnitOfWork()
        failing.importTable(mended, year: 2025, replace: true, actor: "clerk")
        failing.restore(comments, department: seed.department, year: 2025)
        failing.setState(department: seed.department + "（不存在）", year: 2025, .returned, actor: "clerk")
        await #expect(throws: StoreError.unitOfWorkMissedARow) { try await store.commit(failing) }
        #expect(try await store.loadTable(department: seed.department, year: 2025) == seed.filed(in: 2025))
        #expect(try await store.summary(department: seed.department, year: 2025)?.state == .returned)
        #expect(try await store.workflow.comments(department: seed.department, year: 2025) == comments)
        let before = try await store.workflow.history(entity: "table", id: "\(seed.department)/2025")

        // An upload begun on a table that has moved since (another version) changes nothing.
        let current = try #require(try await store.summary(department: seed.department, year: 2025))
        var late = UnitOfWork()
        late.require(department: seed.department, year: 2025, state: .returned, version: current.version - 1)
        late.importTable(mended, year: 2025, replace: true, actor: "clerk")
        await #expect(throws: StoreError.unitOfWorkMissedARow) { try await store.commit(late) }
        #expect(try await store.loadTable(department: seed.department, year: 2025) == seed.filed(in: 2025))

        var upload = UnitOfWork()
        upload.require(department: seed.department, year: 2025, state: .returned, version: current.version)
        upload.importTable(mended, year: 2025, replace: true, actor: "clerk")
        upload.restore(comments, department: seed.department, year: 2025)
        upload.setState(department: seed.department, year: 2025, .returned, actor: "clerk")
        try await store.commit(upload)
        #expect(try await store.loadTable(department: seed.department, year: 2025) == mended.filed(in: 2025))
        #expect(try await store.summary(department: seed.department, year: 2025)?.state == .returned)
        let restored = try await store.workflow.comments(department: seed.department, year: 2025)
        #expect(restored.map(\.body) == comments.map(\.body) && restored.map(\.transition) == [.returned])
        let after = try await store.workflow.history(entity: "table", id: "\(seed.department)/2025")
        #expect(after.count == before.count + 2)
        #expect(after.suffix(2).map(\.record.action) == ["replace", "state"])
        #expect(after.last?.record.before?.contains("draft") == true && after.last?.record.after?.contains("returned") == true)
        try await store.close()
    }

    /// A new project and its audit entry are one transaction; the entry names the new id.
    @Test(arguments: Backend.allCases) func aNewProjectComesWithItsAuditEntry(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let seed = try RepositoryConformanceTests.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        let unit = try #require(try await store.structure.units(department: seed.department, year: 2025).first)
        let id = try await store.structure.addProject(unitID: unit.id, name: "新项目", actor: "clerk")
        let entries = try await store.workflow.history(entity: "project", id: "\(id)")
        #expect(entries.map(\.record.action) == ["create"] && entries.first?.record.after?.contains("新项目") == true)
        await #expect(throws: StoreError.notFound("spending unit -1")) { try await store.structure.addProject(unitID: -1, name: "无处安放", actor: "clerk") }
        try await store.close()
    }
}
