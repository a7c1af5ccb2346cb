import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoReview

struct Monitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mid-year monitoring (绩效运行监控): each project's warning lights and findings.",
        discussion: """
        REPORT is a CSV with the header
          项目名称,指标序号,截至目前完成值,全年预计完成值,完成目标可能性,偏差原因,纠偏措施,全年预算数,执行数,全年预计执行数
        A row without 指标序号 carries the project's money (in the table's unit); other rows an
        indicator's progress. 完成目标可能性 is 确定能, 有可能 or 完全不可能; 偏差原因 lists
        经费保障, 制度保障, 人员保障, 硬件条件保障 or 其他 separated by 、, the words after a ：.
        Lights: money by q = 预算执行率 ÷ (N ÷ 12), targets by c (docs/domain.md §9); the
        thresholds come from the rules file's "monitoring" (moneyRed, moneyYellow, targetRed,
        targetYellow, targetBlue, in %). Exit status as check: 0 without errors, 1 with errors
        (or warnings, with --strict), 2 when the table, the report or the rules cannot be read.

          jixiao monitor 000_d01970435e92e0bf.txt report.csv
          jixiao monitor table.txt report.csv --month 9 --format json
          jixiao monitor table.txt --template > report.csv
        """
    )

    @Argument(help: "The table (any format Jixiao reads).")
    var table: String

    @Argument(help: "The report: a CSV, or the template filled in Excel (.xlsx).")
    var report: String?

    @Option(help: "The round runs to the end of this month (1–12).")
    var month = 7

    @Option(help: "text or json.")
    var format: Check.OutputFormat = .text

    @Option(help: "A JSON rules file (thresholds under \"monitoring\", severities, disabled rules).")
    var rules: String?

    @Flag(help: "Treat warnings as failures (exit status 1).")
    var strict = false

    @Flag(help: "Print the report template of the table (every project and indicator) instead.")
    var template = false

    func validate() throws {
        guard (1...12).contains(month) else { throw ValidationError("--month is a month from 1 to 12") }
        guard template || report != nil else { throw ValidationError("give the report CSV, or --template to print one") }
    }

    func run() throws {
        var failed = false
        try reportingInputFailures {
            let settings = try RulesFileLoader.settings(rules)
            let read = try FileIO.readTable(table, format: nil)
            guard let report else {
                FileHandle.standardOutput.write(Data(MonitoringCSV.write(read.table)))
                return
            }
            let progress: [ProjectPlace: ProjectProgress]
            do {
                let bytes = try FileIO.readBytes(report)
                progress = report.lowercased().hasSuffix(".xlsx") ? try MonitoringCSV.readWorkbook(bytes, table: read.table, fileName: report)
                    : try MonitoringCSV.read(bytes, table: read.table, fileName: report)
            } catch let error as FormatError {
                throw InputFailure(error.description)
            }
            let projects = MonitoringReview.evaluate(read.table, report: progress, month: month, settings: settings)
            switch format {
            case .json: FileHandle.standardOutput.write(try JSONOutput.encode(projects))
            case .text: print(MonitoringText.render(projects, table: read.table, month: month), terminator: "")
            }
            let findings = projects.flatMap(\.findings)
            failed = findings.contains { $0.severity == .error } || (strict && findings.contains { $0.severity == .warning })
        }
        if failed { throw ExitCode(1) }
    }
}
