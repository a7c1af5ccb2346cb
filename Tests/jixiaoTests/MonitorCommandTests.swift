import Foundation
import JixiaoTestSupport
import Testing

/// `jixiao monitor` as a department's clerk and a finance reviewer run it on the seed's
/// mid-year report (Tests/JixiaoFormatsTests/Fixtures/monitoring-2025-07.csv).
@Suite struct MonitorCommandTests {
    typealias CLI = CommandLineTests
    static let report = SeedFixture.fixtures.appendingPathComponent("monitoring-2025-07.csv").path

    static func write(_ text: String) throws -> (dir: URL, path: String) {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("report.csv")
        try Data(text.utf8).write(to: path)
        return (dir, path.path)
    }

    @Test func theSeedsReportLightsEveryProjectAndFailsOnItsErrors() throws {
        let result = try CLI.run(["monitor", CLI.seed, Self.report])
        #expect(result.status == 1, "two errors")
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.contains("1–7月（序时进度 58.33%，金额单位：万元）"))
        #expect(text.contains("【红灯】编外人员聘用经费"))
        #expect(text.contains("预算执行率 22.73%  q 38.96%  红灯"))
        #expect(text.contains("指标1 购置设备数量 | 年度指标值 ≥2台 | 截至目前 1台 | 全年预计 2台 | 确定能 | 数量 c=85.71% | 绿灯"))
        #expect(text.contains("MON-MONEY-NO-REASON"))
        #expect(text.contains("MON-NO-CORRECTION"))
        #expect(text.hasSuffix("合计：11 个项目，红灯 2，黄灯 1，蓝灯 0，绿灯 2，未亮灯 6；错误 2，警告 14，提示 0\n"))
    }

    @Test func jsonListsEachProjectWithItsLightsAndFindings() throws {
        let result = try CLI.run(["monitor", CLI.seed, Self.report, "--format", "json"])
        #expect(result.status == 1)
        let projects = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(projects.count == 11)
        let cooperation = try #require(projects.first { $0["name"] as? String == "对口协作工作经费" })
        #expect(cooperation["light"] as? String == "red")
        #expect(cooperation["moneyLight"] as? String == "red")
        #expect(cooperation["executionRate"] as? Double == 0.2)
        let indicators = try #require(cooperation["indicators"] as? [[String: Any]])
        #expect(indicators.map { $0["number"] as? Int } == [1, 2, 3, 4])
        #expect(indicators.map { $0["light"] as? String } == ["red", "blue", nil, nil])
        #expect(indicators[1]["c"] as? Double ?? 0 > 1.71)
        #expect(indicators[2]["c"] == nil, "a qualitative target has no c")
        let rules = (cooperation["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("MON-MONEY-NO-REASON") && rules.contains("MON-NO-CORRECTION"))
        let unreported = try #require(projects.first { $0["name"] as? String == "2025年专项人才工作经费" })
        #expect(unreported["light"] == nil && unreported["reported"] as? Bool == false)
    }

    @Test func laterMonthsRaiseTheBar() throws {
        // 4.00 of 5.10 by July is ahead (q 134 %); by December it is 78 %: yellow.
        let result = try CLI.run(["monitor", CLI.seed, Self.report, "--month", "12", "--format", "json"])
        let projects = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
        #expect(projects.first { $0["name"] as? String == "购置经费" }?["moneyLight"] as? String == "yellow")
        #expect(try CLI.run(["monitor", CLI.seed, Self.report, "--month", "13"]).status != 0)
    }

    @Test func anUnknownProjectOrIndicatorNamesTheRowAndExitsTwo() throws {
        let header = "项目名称,指标序号,截至目前完成值,全年预计完成值,完成目标可能性,偏差原因,纠偏措施,全年预算数,执行数,全年预计执行数\n"
        for (body, message) in [
            ("购置经费,,,,,,,,1.00,\n不存在的项目,,,,,,,,1.00,\n", "line 3, column 项目名称: \"不存在的项目\" is not a project of the table"),
            ("购置经费,9,1台,,,,,,,\n", "line 2, column 指标序号: \"购置经费\" has no indicator 9 (it has 2)"),
            ("购置经费,1,1台,,大概能,,,,,\n", "line 2, column 完成目标可能性: \"大概能\" is not 确定能, 有可能 or 完全不可能"),
            ("购置经费,,,,,,,,1.2.3,\n", "line 2, column 执行数: \"1.2.3\" is not an amount in 万元"),
            ("购置经费,1,1台,,,,,,,\n购置经费,1,2台,,,,,,,\n", "line 3, column 指标序号: indicator 1 of \"购置经费\" is reported twice"),
            ("购置经费,,,,,,,,-1.00,\n", "line 2, column 执行数: \"-1.00\" is negative"),
        ] {
            let (dir, path) = try Self.write(header + body)
            defer { try? FileManager.default.removeItem(at: dir) }
            let result = try CLI.run(["monitor", CLI.seed, path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("report.csv: " + message), "\(body): \(result.stderr)")
            #expect(result.stdout.isEmpty, "nothing half-printed")
        }
    }

    @Test func theTemplateListsEveryIndicatorAndReadsBackAsNothingReported() throws {
        let template = try CLI.run(["monitor", CLI.seed, "--template"])
        #expect(template.status == 0)
        let text = String(decoding: template.stdout, as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}项目序号,资金使用单位,项目名称,指标序号,指标名称,年度指标值,截至目前完成值,全年预计完成值,完成目标可能性,偏差原因,纠偏措施,年初预算数,全年预算数,执行数,全年预计执行数,版本\r\n"))
        #expect(text.split(separator: "\r\n").count == 1 + 11 + 32, "a header, a money row a project, a row an indicator")
        let (dir, path) = try Self.write(text)
        defer { try? FileManager.default.removeItem(at: dir) }
        let read = try CLI.run(["monitor", CLI.seed, path])
        #expect(read.status == 0)
        #expect(String(decoding: read.stdout, as: UTF8.self).hasSuffix("未亮灯 11；错误 0，警告 11，提示 0\n"))
    }
}
