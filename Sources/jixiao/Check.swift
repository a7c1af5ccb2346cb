import ArgumentParser
import Foundation
import JixiaoFormats
import JixiaoReview

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review a table (智能审核): findings with rule, severity, location and fix.",
        discussion: """
        Reads any format Jixiao reads. Exit status: 0 when there are no errors (warnings are
        allowed), 1 when there are errors (or warnings, with --strict), 2 when the table or the
        rules file cannot be read.

          jixiao check 000_d01970435e92e0bf.txt
          jixiao check table.json --format json > findings.json
          jixiao check table.txt --rules bureau-rules.json --strict
        """
    )

    @Argument(help: "The table to review, or '-' for stdin.")
    var input: String

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "A JSON rules file: disabled rules, severities, thresholds, word lists (see 'jixiao rules --settings').")
    var rules: String?

    @Flag(help: "Treat warnings as failures (exit status 1).")
    var strict = false

    @Option(help: "The sheet of an Excel workbook to review: its name, or its number from 1.")
    var sheet: String?

    @Option(help: "The input format: text, json, csv or xlsx (default: from the extension).")
    var from: String?

    @Flag(help: "Print how long reading, reviewing and reporting took, on stderr.")
    var timings = false

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        var failed = false
        try reportingInputFailures {
            let clock = ContinuousClock()
            let settings = try RulesFileLoader.settings(rules)
            let start = clock.now
            let read = try FileIO.readTable(input, format: from, sheet: sheet)
            let readDone = clock.now
            let findings = Review.run(read.table, lines: read.lines, settings: settings)
            let reviewDone = clock.now
            let report = ReviewReport(file: input == "-" ? nil : input, table: read.table, findings: findings)
            switch format {
            case .text: print(report.text, terminator: "")
            case .json: FileHandle.standardOutput.write(try JSONOutput.encode(report))
            }
            if timings {
                FileHandle.standardError.write(Data("timings: read \(Seconds.text(readDone - start)) s, review \(Seconds.text(reviewDone - readDone)) s, report \(Seconds.text(clock.now - reviewDone)) s, \(findings.count) findings\n".utf8))
            }
            failed = report.summary.errors > 0 || (strict && report.summary.warnings > 0)
        }
        if failed { throw ExitCode(1) }
    }
}

/// Reads `--rules FILE` into settings; a bad file is unreadable input (exit status 2).
enum RulesFileLoader {
    static func settings(_ path: String?) throws -> ReviewSettings {
        guard let path else { return ReviewSettings() }
        let bytes = try FileIO.readBytes(path)
        let file: RulesFile
        do {
            file = try JSONDecoder().decode(RulesFile.self, from: Data(bytes))
        } catch {
            throw InputFailure("\(path): not a rules file: \(error)")
        }
        do {
            return try ReviewSettings.merging(file)
        } catch {
            throw InputFailure("\(path): \(error)")
        }
    }
}

enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }
}

/// Durations for `--timings`: seconds with milliseconds.
enum Seconds {
    static func text(_ d: Duration) -> String {
        String(format: "%.3f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}
