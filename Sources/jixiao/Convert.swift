import ArgumentParser
import Foundation
import JixiaoFormats

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a table between the disclosure text, JSON and CSV, or show it as an HTML page.",
        discussion: """
        Formats come from the file extensions (.txt/.tsv, .json, .csv; .html to write) unless --from/--to name
        them; '-' reads stdin or writes stdout. The output is written to a temporary file and
        renamed, so a failed conversion leaves no half-written file.

          jixiao convert 000_d01970435e92e0bf.txt table.json
          jixiao convert 000_d01970435e92e0bf.txt table.html
          cat table.json | jixiao convert - table.csv
        """
    )

    @Argument(help: "The table to read, or '-' for stdin.")
    var input: String

    @Argument(help: "The file to write, or '-' for stdout.")
    var output: String

    @Option(help: "The input format: text, json or csv.")
    var from: String?

    @Option(help: "The output format: text, json, csv, xlsx, html or pdf.")
    var to: String?

    @Flag(help: "Print how long reading and writing took, on stderr.")
    var timings = false

    func run() throws {
        try reportingInputFailures {
            let clock = ContinuousClock()
            let start = clock.now
            let format = try FileIO.outputFormat(output, option: to)
            let read = try FileIO.readTable(input, format: from)
            let readDone = clock.now
            defer {
                if timings {
                    FileHandle.standardError.write(Data("timings: read \(Seconds.text(readDone - start)) s, write \(Seconds.text(clock.now - readDone)) s\n".utf8))
                }
            }
            try FileIO.write(read.table, as: format, to: output)
        }
    }
}
