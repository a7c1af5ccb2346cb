import ArgumentParser
import Foundation
import JixiaoFormats

@main
struct Jixiao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao",
        abstract: "绩效 — read, write and understand 项目支出绩效目标表 (project expenditure performance-target tables).",
        discussion: """
        Examples:
          jixiao convert seed.txt seed.json          the disclosure text as JSON open data
          jixiao convert seed.json - --to text       JSON back to the official text, on stdout
          jixiao convert seed.txt seed.csv           long-form CSV, one row per indicator
          jixiao generate --projects 1000 big.txt    a realistic synthetic table
          jixiao import seed.txt                     store it (sqlite:./jixiao.sqlite by default)
          jixiao list                                the stored tables

        Exit status: 0 on success, 2 when an input cannot be read (the message names the file,
        line and column), 1 on other failures.
        """,
        version: Jixiao.version,
        subcommands: [Convert.self, Check.self, Rules.self, Score.self, Monitor.self, Generate.self, Import.self, Export.self, List.self, Serve.self, Audit.self, BackupCommand.self, RestoreCommand.self]
    )

    static func main() async {
        InputBytes.reportShrunkenInputs()
        do {
            let arguments: [String]
            do {
                arguments = try ConfigFile.expanding(Array(CommandLine.arguments.dropFirst()))
            } catch let problem as ConfigFile.Problem {
                FileHandle.standardError.write(Data("jixiao: \(problem)\n".utf8))
                Foundation.exit(2)
            }
            var command = try parseAsRoot(arguments)
            // `serve` tunes its own (`MemoryTuning.forServing`).
            if !(command is Serve) { MemoryTuning.forBatchWork() }
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
