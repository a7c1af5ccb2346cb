import Foundation
import JixiaoCore
import JixiaoFormats
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
            try await repository.setState(department: table.department, year: year, state, actor: "demo")
            // Published as stored (the year filed in, the title as read back).
            // Once: a demo started again on its database must not look corrected.
            if state == .published, try await repository.publications.revisions(department: table.department, year: year).isEmpty,
               let stored = try await repository.loadTable(department: table.department, year: year) {
                try await repository.publications.record(PublishedContent(stored), department: table.department, year: year, actor: "demo")
            }
            names.append("\(year) \(table.department)（\(state.title)）")
        }
        let draft = byState[.draft]!, returned = byState[.returned]!
        let logins = !accounts ? [] : try await FirstAccounts.demo(repository.accounts, editorsOf: [draft, returned, seed.department], passwordCost: passwordCost)
        return Loaded(tables: names, logins: logins, draftDepartment: draft, returnedDepartment: returned, seedDepartment: seed.department)
    }
}
