import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import JixiaoSynthetic

/// What `jixiao serve --demo` (or an empty database) starts with: the customer's own FY2025
/// table, published, and generated departments over two fiscal years in every workflow state,
/// so each page has something to show.
public enum DemoData {
    public static func load(into repository: any TableRepository) async throws -> [String] {
        guard let url = Bundle.module.url(forResource: "000_d01970435e92e0bf", withExtension: "txt"),
              let bytes = FileManager.default.contents(atPath: url.path) else {
            throw StoreError.notFound("the demo table (000_d01970435e92e0bf.txt) in the program's resources")
        }
        let seed = try DisclosureTextReader.read(Array(bytes)).table
        var loaded: [(BudgetTable, Int, WorkflowState)] = [(seed, 2025, .published)]
        let states: [WorkflowState] = [.published, .approved, .submitted, .draft, .returned]
        for (i, state) in states.enumerated() {
            for year in [2024, 2025] {
                var generator = TableGenerator(seed: UInt64(100 + i))
                var table = generator.table(projects: 25 + 15 * i, units: 2 + i % 3, fiscalYear: year)
                table.fiscalYear = year
                loaded.append((table, year, year == 2024 ? .published : state))
            }
        }
        var names: [String] = []
        for (table, year, state) in loaded {
            try await repository.importTable(table, year: year, replace: true, actor: "demo")
            try await repository.setState(department: table.department, year: year, state, actor: "demo")
            names.append("\(year) \(table.department)（\(state.title)）")
        }
        return names
    }
}
