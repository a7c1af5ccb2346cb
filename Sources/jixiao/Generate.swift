import ArgumentParser
import JixiaoCore
import JixiaoFormats
import JixiaoSynthetic

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic synthetic table for tests and benchmarks.",
        discussion: """
        The same --seed gives the same table. Sums hold; every comparator spelling, quoted
        multi-line cells, 财政专户拨款, 其他资金 and 涉密 projects appear in large tables.

          jixiao generate --projects 100000 --seed 7 bench.txt
          jixiao generate --projects 20 --units 3 - --to json
          jixiao generate --projects 1000000 big.xlsx    (streamed: flat memory)
        """
    )

    @Option(help: "How many projects.")
    var projects: Int

    @Option(help: "How many spending units (default: one per 40 projects).")
    var units: Int?

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(help: "The output format: text, json, csv or xlsx (default: from the extension).")
    var to: String?

    @Argument(help: "The file to write, or '-' for stdout.")
    var output: String

    func validate() throws {
        guard projects > 0 else { throw ValidationError("--projects must be at least 1") }
        if let units, units < 1 { throw ValidationError("--units must be at least 1") }
    }

    func run() throws {
        let format = try FileIO.outputFormat(output, option: to)
        var generator = TableGenerator(seed: seed)
        if format == .xlsx && output != "-" {
            // Streamed: units are made as the sheet is written (twice: first for the 合计), so
            // a million-project workbook is written in the memory of a few thousand rows.
            let stream = generator.stream(projects: projects, units: units)
            let sheet = XLSXSheet(
                title: BudgetTable.standardTitle, department: stream.department, moneyUnit: .wanYuan,
                total: stream.total(), rowCount: stream.unitCount + stream.projectCount, units: stream.units
            )
            try XLSXWriter.write(sheets: [sheet], to: output)
            return
        }
        let table = generator.table(projects: projects, units: units)
        try FileIO.write(table, as: format, to: output)
    }
}
