import ArgumentParser

@main
struct Jixiao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao",
        abstract: "绩效 — read, write and understand 项目支出绩效目标表 (project expenditure performance-target tables).",
        discussion: """
        Examples:
          jixiao convert seed.txt seed.json          the disclosure text as JSON open data
          jixiao convert seed.json - --to text       JSON back to the official text, on stdout
          jixiao convert seed.txt seed.csv           long-form CSV, one row per indicator
          jixiao generate --projects 1000 big.txt    a realistic synthetic table

        Exit status: 0 on success, 2 when an input cannot be read (the message names the file,
        line and column), 1 on other failures.
        """,
        subcommands: [Convert.self, Check.self, Rules.self, Score.self, Generate.self]
    )

    static func main() {
        MemoryTuning.forBatchWork()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}
