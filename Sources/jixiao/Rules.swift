import ArgumentParser
import Foundation
import JixiaoReview

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the review rules, or print the default settings as a rules file to edit.",
        discussion: """
          jixiao rules                       the catalogue: id, severity, dimension, title, what it checks
          jixiao rules --format json
          jixiao rules --settings > rules.json   then edit, and: jixiao check TABLE --rules rules.json
        """
    )

    @Option(help: "text or json.")
    var format: Check.OutputFormat = .text

    @Flag(help: "Print the default settings (thresholds, word lists) as a rules file.")
    var settings = false

    func run() throws {
        if settings {
            FileHandle.standardOutput.write(try JSONOutput.encode(ReviewSettings()))
            return
        }
        switch format {
        case .json:
            FileHandle.standardOutput.write(try JSONOutput.encode(RuleCatalogue.descriptions))
        case .text:
            print("\(RuleCatalogue.rules.count) 条审核规则（错误使表不成立；警告、提示为公开表中可能合理存在的问题）\n")
            for rule in RuleCatalogue.descriptions { print(rule.line(severity: rule.defaultSeverity) + "\n") }
        }
    }
}
