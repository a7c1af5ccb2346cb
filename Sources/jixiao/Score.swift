import ArgumentParser
import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoReview

struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score year-end self-evaluation (绩效自评): the 项目支出绩效自评表 of each project.",
        discussion: """
        ACTUALS is a CSV with the header
          项目名称,指标序号,实际完成值,评价等级,评分比例,权重,偏差原因分析及改进措施,全年预算数,全年执行数
        A row without 指标序号 gives the project's 全年预算数 and 全年执行数; other rows give an
        indicator's 实际完成值, or for a qualitative one its 评价等级 (达成/部分达成/未达成) and
        评分比例 within the band. Default weights: 预算执行率 10, 产出 50, 效益 30, 满意度 10.

          jixiao score 000_d01970435e92e0bf.txt actuals.csv
          jixiao score table.txt actuals.csv --output 60 --benefit 20 --reverse ratio --format json
        """
    )

    @Argument(help: "The table (any format Jixiao reads).")
    var table: String

    @Argument(help: "The actuals CSV.")
    var actuals: String

    @Option(help: "text or json.")
    var format: Check.OutputFormat = .text

    @Option(help: "Weight of 预算执行率.") var budgetExecution: Double = 10
    @Option(help: "Weight of 产出指标.") var output: Double = 50
    @Option(help: "Weight of 效益指标.") var benefit: Double = 30
    @Option(help: "Weight of 满意度指标.") var satisfaction: Double = 10
    @Option(help: "Reverse targets past the target: linear (national) or ratio (t/a).") var reverse: String = "linear"

    func run() throws {
        try reportingInputFailures {
            guard let formula = ReverseFormula(rawValue: reverse) else { throw ValidationError("--reverse is linear or ratio") }
            var settings = ScoringSettings()
            settings.budgetExecution = budgetExecution
            settings.output = output
            settings.benefit = benefit
            settings.satisfaction = satisfaction
            settings.reverseFormula = formula
            let read = try FileIO.readTable(table, format: nil)
            let unit = read.table.moneyUnit
            let reported: [ProjectActuals]
            do {
                reported = try ActualsCSV.read(try FileIO.readBytes(actuals), unit: unit, fileName: actuals)
            } catch let error as FormatError {
                throw InputFailure(error.description)
            }
            let scores: [ProjectScore]
            do {
                scores = try ActualsMatching.score(reported, in: read.table, settings: settings)
            } catch {
                throw InputFailure("\(actuals): \(error) (\(table))")
            }
            switch format {
            case .json: FileHandle.standardOutput.write(try JSONOutput.encode(scores))
            case .text: print(SelfEvaluationText.render(scores, unit: unit), terminator: "")
            }
        }
    }
}
