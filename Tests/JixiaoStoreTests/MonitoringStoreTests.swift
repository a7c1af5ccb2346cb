import Foundation
import JixiaoCore
import JixiaoStore
import JixiaoTestSupport
import Testing

/// Monitoring rounds and reports on both databases, each test on a database of its own (rounds
/// are per year, and the shared one holds other suites' years).
@Suite(.serialized) struct MonitoringStoreTests {
    static func open(_ backend: Backend) async throws -> (store: any TableRepository, department: String)? {
        guard let url = try TemporaryDatabase.fresh(backend) else { return nil }
        let store = try await Store.open(url)
        let seed = try RepositoryConformanceTests.seed()
        try await store.importTable(seed, year: 2025, replace: false, actor: "导入")
        return (store, seed.department)
    }

    static func entry(_ project: String, light: String?, initial: Int64 = 100_000, budget: Int64 = 100_000, spent: Int64?, note: String = "") -> MonitoringEntry {
        MonitoringEntry(unit: "单位", project: project, content: #"{"project":"\#(project)","correction":"\#(note)"}"#, light: light,
                        initialFen: initial, budgetFen: budget, spentFen: spent)
    }

    @Test(arguments: Backend.allCases) func aRoundOpensOncePerYearAndMonths(_ backend: Backend) async throws {
        guard let (store, _) = try await Self.open(backend) else { return }
        let monitoring = store.monitoring
        try await monitoring.open(year: 2025, month: 7, due: "2025-08-15", actor: "管理员")
        try await monitoring.open(year: 2025, month: 9, due: "2025-10-15", actor: "管理员")
        await #expect(throws: StoreError.alreadyExists("2025 年 1–7 月的监控已开启")) {
            try await monitoring.open(year: 2025, month: 7, due: "2025-08-20", actor: "管理员")
        }
        await #expect(throws: StoreError.notFound("2031 年度尚未开启")) { try await monitoring.open(year: 2031, month: 7, due: "2031-08-15", actor: "管理员") }
        #expect(try await monitoring.rounds().map { "\($0.year)/\($0.month) \($0.due)" } == ["2025/7 2025-08-15", "2025/9 2025-10-15"])
        try await monitoring.update(year: 2025, month: 7, due: "2025-08-31", published: true, actor: "管理员")
        let round = try #require(try await monitoring.round(year: 2025, month: 7))
        #expect(round.due == "2025-08-31" && round.publishedAt != nil)
        #expect(try await store.workflow.history(entity: "monitoring_round", id: "2025/7").map(\.record.action) == ["create", "update"])
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func anEntrySavesOnlyOverTheVersionItWasReadAt(_ backend: Backend) async throws {
        guard let (store, department) = try await Self.open(backend) else { return }
        let monitoring = store.monitoring
        try await monitoring.open(year: 2025, month: 7, due: "2025-08-15", actor: "管理员")
        let empty = try #require(try await monitoring.report(department: department, year: 2025, month: 7))
        #expect(empty.state == .draft && empty.version == 0 && empty.entries.isEmpty)
        #expect(try await monitoring.report(department: department, year: 2025, month: 8) == nil, "no such round")

        #expect(try await monitoring.save(Self.entry("甲项目", light: "red", spent: 100), department: department, year: 2025, month: 7, atVersion: 0, actor: "填报员") == 1)
        #expect(try await monitoring.save(Self.entry("甲项目", light: "green", spent: 90_000, note: "加快"), department: department, year: 2025, month: 7, atVersion: 1, actor: "填报员") == 2)
        // A second clerk who read version 1 is refused, told who saved and that nothing was kept.
        await #expect {
            try await monitoring.save(Self.entry("甲项目", light: "yellow", spent: 5), department: department, year: 2025, month: 7, atVersion: 1, actor: "另一人")
        } throws: { "\($0)".contains("已被 填报员 于") && "\($0)".contains("第 2 版") }
        // Two clerks starting the same project at once: one insert wins.
        async let a = Result { try await monitoring.save(Self.entry("乙项目", light: "red", spent: 1), department: department, year: 2025, month: 7, atVersion: 0, actor: "甲") }
        async let b = Result { try await monitoring.save(Self.entry("乙项目", light: "green", spent: 2), department: department, year: 2025, month: 7, atVersion: 0, actor: "乙") }
        #expect(await [a, b].filter { if case .success = $0 { true } else { false } }.count == 1)

        let report = try #require(try await monitoring.report(department: department, year: 2025, month: 7))
        #expect(report.entries.map(\.project) == ["甲项目", "乙项目"])
        #expect(report.entries[0].light == "green" && report.entries[0].spentFen == 90_000 && report.entries[0].version == 2)
        let history = try await store.workflow.history(entity: "monitoring_entry", id: "\(department)/2025/7/单位/甲项目")
        #expect(history.map(\.record.action) == ["create", "update"])
        #expect(history[0].record.before == nil && history[1].record.before?.contains("甲项目") == true && history[1].record.after?.contains("加快") == true)
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func theReportGoesThroughTheWorkflowAndLocksWhenSubmitted(_ backend: Backend) async throws {
        guard let (store, department) = try await Self.open(backend) else { return }
        let monitoring = store.monitoring
        try await monitoring.open(year: 2025, month: 7, due: "2025-08-15", actor: "管理员")
        try await monitoring.save(Self.entry("甲项目", light: "red", spent: 100), department: department, year: 2025, month: 7, atVersion: 0, actor: "填报员")
        try await monitoring.transition(department: department, year: 2025, month: 7, from: .draft, to: .submitted, actor: "填报员", comment: nil)
        await #expect { try await monitoring.save(Self.entry("甲项目", light: "green", spent: 9), department: department, year: 2025, month: 7, atVersion: 1, actor: "填报员") }
            throws: { "\($0)".contains("已是“已提交”状态") }
        await #expect { try await monitoring.transition(department: department, year: 2025, month: 7, from: .draft, to: .submitted, actor: "填报员", comment: nil) }
            throws: { "\($0)".contains("已不在“草稿”状态") }
        try await monitoring.transition(department: department, year: 2025, month: 7, from: .submitted, to: .returned, actor: "审核员", comment: "执行率偏低，请说明原因")
        try await monitoring.save(Self.entry("甲项目", light: "green", spent: 90_000), department: department, year: 2025, month: 7, atVersion: 1, actor: "填报员")
        try await monitoring.transition(department: department, year: 2025, month: 7, from: .returned, to: .submitted, actor: "填报员", comment: nil)
        try await monitoring.addComment(department: department, year: 2025, month: 7, project: "甲项目", author: "审核员", body: "已核实")
        try await monitoring.transition(department: department, year: 2025, month: 7, from: .submitted, to: .approved, actor: "审核员", comment: nil)
        let report = try #require(try await monitoring.report(department: department, year: 2025, month: 7))
        #expect(report.state == .approved && report.submittedAt != nil)
        let comments = try await monitoring.comments(department: department, year: 2025, month: 7)
        #expect(comments.map(\.body) == ["执行率偏低，请说明原因", "已核实"])
        #expect(comments[0].transition == .returned && comments[1].project == "甲项目")
        let states = try await store.workflow.history(entity: "monitoring_report", id: "\(department)/2025/7").compactMap(\.record.after)
        #expect(states.count == 4 && states.last?.contains("approved") == true)
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func aStepOrAnUploadOverContentChangedSinceIsRefused(_ backend: Backend) async throws {
        guard let (store, department) = try await Self.open(backend) else { return }
        let monitoring = store.monitoring
        try await monitoring.open(year: 2025, month: 7, due: "2025-08-15", actor: "管理员")
        try await monitoring.save(Self.entry("甲项目", light: "red", spent: 1), department: department, year: 2025, month: 7, atVersion: 0, actor: "填报员")
        let seen = MonitoringStore.contentStamp(try #require(try await monitoring.report(department: department, year: 2025, month: 7)).entries)
        // A save lands between the check and the submission: the submission is refused.
        try await monitoring.save(Self.entry("甲项目", light: "green", spent: 9), department: department, year: 2025, month: 7, atVersion: 1, actor: "另一人")
        await #expect { try await monitoring.transition(department: department, year: 2025, month: 7, from: .draft, to: .submitted, actor: "填报员", comment: nil, content: seen) }
            throws: { "\($0)".contains("又有修改") }
        let now = MonitoringStore.contentStamp(try #require(try await monitoring.report(department: department, year: 2025, month: 7)).entries)
        try await monitoring.transition(department: department, year: 2025, month: 7, from: .draft, to: .submitted, actor: "填报员", comment: nil, content: now)
        try await monitoring.transition(department: department, year: 2025, month: 7, from: .submitted, to: .draft, actor: "填报员", comment: nil)
        #expect(try await monitoring.report(department: department, year: 2025, month: 7)?.submittedAt == nil, "a withdrawn report is not submitted")
        // An upload made from a template of version 1 over version 2: nothing of it is kept.
        await #expect {
            try await monitoring.saveAll([(Self.entry("乙项目", light: "red", spent: 5), 0), (Self.entry("甲项目", light: "yellow", spent: 7), 1)],
                                         department: department, year: 2025, month: 7, actor: "填报员")
        } throws: { "\($0)".contains("“甲项目”在模板下载之后已被他人保存") }
        #expect(try await monitoring.report(department: department, year: 2025, month: 7)?.entries.map(\.project) == ["甲项目"])
        try await monitoring.saveAll([(Self.entry("乙项目", light: "red", spent: 5), 0), (Self.entry("甲项目", light: "yellow", spent: 7), 2)],
                                     department: department, year: 2025, month: 7, actor: "填报员")
        #expect(try await monitoring.report(department: department, year: 2025, month: 7)?.entries.map(\.version) == [3, 1])
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func theOverviewCountsLightsAndMoneyPerDepartment(_ backend: Backend) async throws {
        guard let (store, department) = try await Self.open(backend) else { return }
        var other = try RepositoryConformanceTests.seed()
        other.department = "另一个部门"
        try await store.importTable(other, year: 2025, replace: false, actor: "导入")
        let monitoring = store.monitoring
        try await monitoring.open(year: 2025, month: 7, due: "2025-08-15", actor: "管理员")
        for (name, light, budget, spent) in [("甲", "red", Int64(200_000), Int64(10_000)), ("乙", "green", 100_000, 80_000), ("丙", "blue", 100_000, 70_000), ("丁", nil, 100_000, nil)] as [(String, String?, Int64, Int64?)] {
            try await monitoring.save(Self.entry(name, light: light, budget: budget, spent: spent), department: department, year: 2025, month: 7, atVersion: 0, actor: "填报员")
        }
        try await monitoring.transition(department: department, year: 2025, month: 7, from: .draft, to: .submitted, actor: "填报员", comment: nil)
        let overview = try await monitoring.overview(year: 2025, month: 7)
        #expect(overview.map(\.department) == [department, "另一个部门"].sorted())
        let line = try #require(overview.first { $0.department == department })
        let table = try #require(try await store.listTables().first { $0.department == department })
        #expect(line.state == .submitted && line.started && line.submittedAt != nil)
        #expect(line.projectCount == table.projectCount && line.reportedCount == 4)
        let expectedInitial = table.total?.total.fen ?? -1
        #expect(line.initialFen == expectedInitial && line.budgetFen == line.initialFen + 100_000 && line.spentFen == 160_000)
        #expect(line.initialFen == table.total?.total.fen && line.budgetFen == line.initialFen + 100_000 && line.spentFen == 160_000)
        #expect(line.reportedBudgetFen == 400_000, "丁 reported no 执行数: its budget is not in the rate")
        let untouched = try #require(overview.first { $0.department == "另一个部门" })
        #expect(!untouched.started && untouched.reportedCount == 0 && untouched.spentFen == 0)
        #expect(try await monitoring.overview(year: 2025, month: 9).allSatisfy { !$0.started }, "a round not opened has no reports")
        try await store.close()
    }
}
