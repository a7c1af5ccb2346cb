import ArgumentParser
import Foundation
import JixiaoFormats

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a table between the disclosure text, JSON, CSV and Excel, or show it as an HTML page or PDF.",
        discussion: """
        Formats come from the file extensions (.txt/.tsv, .json, .csv, .xlsx; .html and .pdf to
        write) unless --from/--to name them; '-' reads stdin or writes stdout. The output is
        written to a temporary file and renamed, so a failed conversion leaves no half-written
        file.

        Several tables go into one Excel workbook, a sheet each (the bulk export of many
        departments); a workbook of several sheets gives back all of them as a workbook, or
        one of them (--sheet) in any format.

          jixiao convert 000_d01970435e92e0bf.txt table.xlsx
          jixiao convert 000_d01970435e92e0bf.txt table.pdf
          jixiao convert 财政局.txt 教育局.json 卫健委.xlsx 全区.xlsx
          jixiao convert 全区.xlsx --sheet 2 教育局.csv
          cat table.json | jixiao convert - table.csv
        """
    )

    @Argument(help: "The table(s) to read ('-' for stdin), then the file to write ('-' for stdout).")
    var paths: [String] = []

    @Option(help: "The input format: text, json, csv or xlsx.")
    var from: String?

    @Option(help: "The output format: text, json, csv, xlsx, html or pdf.")
    var to: String?

    @Option(help: "The sheet of an Excel workbook to read: its name, or its number from 1.")
    var sheet: String?

    @Flag(help: "Print how long reading and writing took, on stderr.")
    var timings = false

    @Flag(help: "Indent JSON for people to read (compact by default).")
    var pretty = false

    func validate() throws {
        guard paths.count >= 2 else { throw ValidationError("name the table to read and the file to write") }
    }

    func run() throws {
        try reportingInputFailures {
            let clock = ContinuousClock()
            let start = clock.now
            let output = paths.last!
            let inputs = paths.dropLast()
            let format = try FileIO.outputFormat(output, option: to)
            var tables: [ReadTable] = []
            for input in inputs {
                tables += try FileIO.readTables(input, format: from, sheet: sheet, all: format == .xlsx)
            }
            let readDone = clock.now
            if tables.count == 1 {
                try FileIO.write(tables[0].table, as: format, to: output, pretty: pretty)
            } else if format == .xlsx && output != "-" {
                try XLSXWriter.write(tables.map(\.table), to: output)
            } else {
                throw ValidationError("\(tables.count) tables go only into an Excel workbook (.xlsx, a sheet each); write them one by one for \(format)")
            }
            if timings {
                FileHandle.standardError.write(Data("timings: read \(Seconds.text(readDone - start)) s, write \(Seconds.text(clock.now - readDone)) s\n".utf8))
            }
            MemoryTuning.exitSkippingTeardown(tables)
        }
    }
}
