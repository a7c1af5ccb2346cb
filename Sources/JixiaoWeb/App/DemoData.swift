import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoStore
import JixiaoSynthetic

/// What `jixiao serve --demo` (or an empty database) starts with: the customer's own FY2025
/// table, published, and generated departments over two fiscal years in every workflow state,
/// so each page has something to show; and one account per role (`FirstAccounts.demo`).
public enum DemoData {
    public struct Loaded: Sendable {
        /// `2025 某部门（草稿）` for each table loaded.
        public var tables: [String]
        public var logins: [FirstAccounts.Login]
        /// The departments whose 2025 table is a draft and returned: the demo editors' (A and B).
        public var draftDepartment: String
        public var returnedDepartment: String
        public var seedDepartment: String
    }

    /// `accounts: false` loads the tables only: an installation that merely started empty must
    /// not get accounts whose password is printed in the README.
    public static func load(into repository: any TableRepository, accounts: Bool = true, passwordCost: Int = 12) async throws -> Loaded {
        guard let bytes = FileManager.default.contents(atPath: Resources.url("demo/000_d01970435e92e0bf.txt").path) else {
            throw StoreError.notFound("the demo table (000_d01970435e92e0bf.txt) in the program's resources")
        }
        let seed = try DisclosureTextReader.read(Array(bytes)).table
        var loaded: [(BudgetTable, Int, WorkflowState)] = [(seed, 2025, .published)]
        let states: [WorkflowState] = [.published, .approved, .submitted, .draft, .returned]
        var byState: [WorkflowState: String] = [:]
        for (i, state) in states.enumerated() {
            for year in [2024, 2025] {
                var generator = TableGenerator(seed: UInt64(100 + i))
                var table = generator.table(projects: 25 + 15 * i, units: 2 + i % 3, fiscalYear: year)
                table.fiscalYear = year
                loaded.append((table, year, year == 2024 ? .published : state))
                byState[state] = table.department
            }
        }
        var names: [String] = []
        for (table, year, state) in loaded {
            try await repository.importTable(table, year: year, replace: true, actor: "demo")
            // Only a change: a new table is a draft already (setting it again wrote 草稿 → 草稿 into
            // its timeline), while a replaced one keeps the state it had.
            if try await repository.summary(department: table.department, year: year)?.state != state {
                try await repository.setState(department: table.department, year: year, state, actor: "demo")
            }
            // Published as stored (the year filed in, the title as read back).
            // Once: a demo started again on its database must not look corrected.
            if state == .published, try await repository.publications.revisions(department: table.department, year: year).isEmpty,
               let stored = try await repository.loadTable(department: table.department, year: year) {
                try await repository.publications.record(PublishedContent(stored), department: table.department, year: year, actor: "demo")
            }
            names.append("\(year) \(table.department)（\(state.title)）")
        }
        try await monitoring(repository, seed: seed, approved: byState[.approved]!)
        let draft = byState[.draft]!, returned = byState[.returned]!
        let logins = !accounts ? [] : try await FirstAccounts.demo(repository.accounts, editorsOf: [draft, returned, seed.department], passwordCost: passwordCost)
        return Loaded(tables: names, logins: logins, draftDepartment: draft, returnedDepartment: returned, seedDepartment: seed.department)
    }

    /// A 2025 round of 1–7月: the customer's own report as a clerk half-filled it (a draft with
    /// red lights and errors to mend), and one department's, filled and submitted.
    static func monitoring(_ repository: any TableRepository, seed: BudgetTable, approved: String) async throws {
        let monitoring = repository.monitoring
        guard try await monitoring.round(year: 2025, month: 7) == nil else { return }
        try await monitoring.open(year: 2025, month: 7, due: "2025-08-15", actor: "demo")
        guard let bytes = FileManager.default.contents(atPath: Resources.url("demo/monitoring-2025-07.csv").path),
              let table = try await repository.loadTable(department: seed.department, year: 2025) else { return }
        try await save(try MonitoringCSV.read(Array(bytes), table: table), of: table, repository)
        guard let other = try await repository.loadTable(department: approved, year: 2025) else { return }
        // Spending from a fifth to nine tenths of the budget, targets reached in step: every light shows.
        var report: [ProjectPlace: ProjectProgress] = [:]
        for (u, unit) in other.units.enumerated() {
            for (p, project) in unit.projects.enumerated() {
                let share = Int64(20 + (u * 7 + p * 13) % 70)
                var progress = ProjectProgress(project: project.name, spent: Money(fen: project.amounts.total.fen / 100 * share))
                if share < 35 { progress.deviation = DeviationReason(causes: [.funding], text: "资金下达较晚") }
                for (i, indicator) in project.indicators.enumerated() {
                    let number = indicator.ordinal ?? i + 1
                    guard let part = indicator.annualTarget?.parts.first,
                          case let (scaled, false) = part.number.significand.multipliedReportingOverflow(by: share + 20) else {
                        progress.indicators.append(IndicatorProgress(ordinal: number, likelihood: share > 40 ? .certain : .possible))
                        continue
                    }
                    let reached = ExactDecimal(significand: scaled, scale: part.number.scale + 2)
                    progress.indicators.append(IndicatorProgress(ordinal: number, reached: "\(reached)\(part.unit)", likelihood: share > 30 ? .certain : .possible))
                }
                report[ProjectPlace(u: u, p: p)] = progress
            }
        }
        try await save(report, of: other, repository)
        try await monitoring.transition(department: approved, year: 2025, month: 7, from: .draft, to: .submitted, actor: "demo", comment: nil)
    }

    private static func save(_ report: [ProjectPlace: ProjectProgress], of table: BudgetTable, _ repository: any TableRepository) async throws {
        let settings = ReviewSettings()
        let names = MonitoredReport.storedNames(in: table)
        let entries = try report.sorted { $0.key < $1.key }.map { place, progress in
            let unit = table.units[place.u]
            let lit = MonitoringReview.evaluate(unit.projects[place.p], unit: unit.name, progress: progress, month: 7, moneyUnit: table.moneyUnit, settings: settings)
            return try MonitoredReport.entry(progress, at: place, of: table, name: names[place] ?? unit.projects[place.p].name, light: lit.light)
        }
        try await repository.monitoring.saveAll(entries.map { ($0, nil) }, department: table.department, year: 2025, month: 7, actor: "demo")
    }
}
