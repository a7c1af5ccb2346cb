import Foundation
import Testing

/// `jixiao check`, `jixiao rules` and `jixiao score` as a reviewer runs them.
@Suite struct ReviewCommandTests {
    typealias CLI = CommandLineTests

    static func seedWith(_ replace: String, by replacement: String, in dir: URL) throws -> String {
        let seed = String(decoding: try Data(contentsOf: URL(fileURLWithPath: CLI.seed)), as: UTF8.self)
        let path = dir.appendingPathComponent("table.txt")
        try Data(seed.replacingOccurrences(of: replace, with: replacement).utf8).write(to: path)
        return path.path
    }

    @Test func theSeedChecksWithWarningsAndNoErrors() throws {
        let result = try CLI.run(["check", CLI.seed])
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasSuffix("0 errors, 20 warnings, 1 info\n"))
        #expect(text.contains("警告（20）"))
        #expect(text.contains("第20行 中国共产党广州市越秀区委员会组织部 › 2025年专项人才工作经费 › 绩效指标"))
        #expect(text.contains("[FEW-INDICATORS · 适当性]"))
        #expect(text.contains("建议："))
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        #expect(try CLI.run(["check", CLI.seed, "--strict"]).status == 1)
    }

    @Test func aWrongSumIsAnErrorWithExitOne() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.seedWith("购置经费\t5.10\t5.10", by: "购置经费\t5.10\t5.00", in: dir)
        let result = try CLI.run(["check", path])
        #expect(result.status == 1)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("错误（"))
        #expect(text.contains("第13行 中国共产党广州市越秀区委员会组织部 › 购置经费 › 总计"))
        #expect(text.contains("总计 5.10 万元 ≠ 财政拨款 + 财政专户拨款 + 其他资金 = 5.00 万元（相差 0.10 万元）"))
        #expect(text.contains("单位小计财政拨款 1,649.20 万元 ≠ 所属项目之和 1,649.10 万元"))
    }

    @Test func unreadableInputExitsTwoWithoutFindings() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.seedWith("编外人员聘用经费\t11.00", by: "编外人员聘用经费\t12,3a", in: dir)
        let result = try CLI.run(["check", path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("line 12, column 总计: \"12,3a\" is not an amount in 万元"))
    }

    @Test func aRulesFileTunesTheReview() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = dir.appendingPathComponent("rules.json")
        try Data(#"{"disabled": ["SATISFACTION-EXPECTED"], "severities": {"FEW-INDICATORS": "error"}}"#.utf8).write(to: rules)
        let result = try CLI.run(["check", CLI.seed, "--rules", rules.path])
        #expect(result.status == 1)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(!text.contains("SATISFACTION-EXPECTED"))
        #expect(text.hasSuffix("1 error, 18 warnings, 1 info\n"))
        try Data(#"{"disabled": ["NO-SUCH-RULE"]}"#.utf8).write(to: rules)
        let bad = try CLI.run(["check", CLI.seed, "--rules", rules.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown rule id \"NO-SUCH-RULE\""))
    }

    @Test func jsonFindingsMatchTheirSchema() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["check", CLI.seed, "--format", "json"])
        #expect(result.status == 0)
        let file = dir.appendingPathComponent("findings.json")
        try result.stdout.write(to: file)
        let schemas = CLI.packageRoot.appendingPathComponent("schemas")
        let validator = try CLI.runProgram("/usr/bin/env", ["python3", schemas.appendingPathComponent("validate.py").path,
                                                            schemas.appendingPathComponent("findings.schema.json").path, file.path])
        #expect(validator.status == 0, "\(validator.stderr)\(String(decoding: validator.stdout, as: UTF8.self))")
        let json = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect((json?["summary"] as? [String: Int]) == ["errors": 0, "warnings": 20, "info": 1])
    }

    @Test func rulesListsTheCatalogue() throws {
        let text = String(decoding: try CLI.run(["rules"]).stdout, as: UTF8.self)
        for id in ["SUM-PROJECT-ROW", "SUM-UNIT", "SUM-TOTAL", "GOAL-COPIED", "VAGUE-VALUE", "FEW-INDICATORS"] {
            #expect(text.contains(id))
        }
        let settings = try CLI.run(["rules", "--settings"])
        #expect(String(decoding: settings.stdout, as: UTF8.self).contains("\"largeProjectWanYuan\" : 500"))
    }

    @Test func scorePrintsTheSelfEvaluationTable() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let actuals = dir.appendingPathComponent("actuals.csv")
        try Data("""
        项目名称,指标序号,实际完成值,评价等级,评分比例,权重,偏差原因分析及改进措施,全年预算数,全年执行数
        购置经费,,,,,,,5.10,5.10
        购置经费,1,3台,,,,,,
        购置经费,2,97%,,,,,,
        编外人员聘用经费,,,,,,,11.00,10.45
        编外人员聘用经费,1,2人,,,,,,
        编外人员聘用经费,2,,达成,90%,,工作任务全部完成,,

        """.utf8).write(to: actuals)
        let result = try CLI.run(["score", CLI.seed, actuals.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("项目名称：购置经费"))
        #expect(text.contains("  1 | 产出指标 | 数量指标 | 购置设备数量 | ≥2台 | 3台 | 50.00 | 50.00 | "))
        #expect(text.contains("总分 90.00，等级：优"))
        #expect(text.contains("达到目标值 2 的 150%"))
        #expect(text.contains("  2 | 效益指标 | 社会效益 | 提高工作任务完成率 | 有效提高 | — | 30.00 | 27.00 | 工作任务全部完成"))
        #expect(text.contains("执行率 95.00%  得分 9.50"))

        try Data("项目名称,指标序号,实际完成值,评价等级\n不存在的项目,1,3台,\n".utf8).write(to: actuals)
        let missing = try CLI.run(["score", CLI.seed, actuals.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("项目 \"不存在的项目\" is not in"))
        try Data("项目名称,指标序号,实际完成值,评价等级\n购置经费,2,,很好\n".utf8).write(to: actuals)
        let badGrade = try CLI.run(["score", CLI.seed, actuals.path])
        #expect(badGrade.status == 2)
        #expect(badGrade.stderr.contains("line 2, column 评价等级: \"很好\" is not 达成, 部分达成 or 未达成"))
    }
}
