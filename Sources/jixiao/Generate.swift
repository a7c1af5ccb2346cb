import ArgumentParser
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
        """
    )

    @Option(help: "How many projects.")
    var projects: Int

    @Option(help: "How many spending units (default: one per 40 projects).")
    var units: Int?

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(help: "The output format: text, json or csv (default: from the extension).")
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
        let table = generator.table(projects: projects, units: units)
        try FileIO.write(table, as: format, to: output)
    }
}
