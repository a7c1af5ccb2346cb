import JixiaoCore
@testable import JixiaoFormats
import Testing

/// The customer's own table, read and written.
@Suite struct SeedTableTests {
    let read = try! DisclosureTextReader.read(Fixtures.seedBytes, fileName: Fixtures.seedName)
    var table: BudgetTable { read.table }

    @Test func writingTheSeedGivesTheSeedBack() {
        #expect(DisclosureTextWriter.write(table) == Fixtures.seedCanonical)
    }

    @Test func header() {
        #expect(table.title == "项目支出绩效目标表（含转移支付项目）")
        #expect(table.department == "中国共产党广州市越秀区委员会组织部（部门）")
        #expect(table.moneyUnit == .wanYuan)
        #expect(table.fiscalYear == nil)
        #expect(table.total == Amounts(
            total: Money(fen: 1_980_400_000), fiscalAppropriation: Money(fen: 1_652_200_000),
            specialAccount: .zero, otherFunds: Money(fen: 328_200_000)
        ))
    }

    @Test func unitsAreFoundBySums() {
        #expect(table.units.map(\.name) == ["中国共产党广州市越秀区委员会组织部", "广州市越秀区高层次人才发展中心"])
        #expect(table.units.map(\.projects.count) == [10, 1])
        #expect(table.units[1].amounts.total == Money(fen: 3_000_000))
        for unit in table.units {
            #expect(unit.projects.reduce(Amounts.zero) { $0 + $1.amounts } == unit.amounts)
        }
        #expect(table.units.reduce(Amounts.zero) { $0 + $1.amounts } == table.total)
        #expect(read.lines.total == 10)
        #expect(read.lines.units == [11, 22])
        #expect(read.lines.projects == [Array(12...21), [23]])
    }

    @Test func projects() throws {
        let projects = Array(table.projects)
        #expect(projects.count == 11)
        let first = projects[0]
        #expect(first.name == "编外人员聘用经费")
        #expect(first.amounts.total.formatted(in: .wanYuan) == "11.00")
        #expect(first.goal.hasPrefix("通过聘用编外辅助人员"))
        let big = try #require(projects.first { $0.name == "2025年专项人才工作经费" })
        #expect(big.amounts.total == Money(fen: 1_528_000_000))
        #expect(big.indicators.count == 1)
        let transfer = try #require(projects.first { $0.name.contains("穗财行〔2023〕108号") })
        #expect(transfer.amounts.otherFunds == Money(fen: 24_240_000))
        #expect(transfer.amounts.fiscalAppropriation == .zero)
    }

    @Test func everyIndicatorFollowsTheGrammar() {
        let indicators = table.projects.flatMap(\.indicators)
        #expect(indicators.count == 32)
        for indicator in indicators {
            #expect(indicator.unparsedText == nil)
            #expect(indicator.primaryCategory != nil)
            #expect(indicator.secondaryCategory != nil)
            #expect(indicator.secondaryCategory.map { $0.primaries.contains(indicator.primaryCategory!) } == true)
            #expect(indicator.periodTarget != nil)
            #expect(indicator.level1?.code == indicator.primaryCategory?.guangdongCode)
            #expect(indicator.level2?.code == indicator.secondaryCategory?.guangdongCode)
        }
        // Numbering runs 1、2、3… in each project.
        for project in table.projects {
            #expect(project.indicators.map(\.ordinal) == project.indicators.indices.map { $0 + 1 })
        }
    }

    @Test func theTwoItemsWithOnlyAPeriodValue() {
        let periodOnly = table.projects.flatMap(\.indicators).filter { $0.annualTarget == nil }
        #expect(periodOnly.count == 2)
        for item in periodOnly {
            #expect(item.name == "经费使用范围")
            #expect(item.level2 == IndicatorLevel(code: "12", name: "质量指标"))
            #expect(item.periodTarget?.text == "按规定范围使用，不直接发给个人")
        }
    }

    @Test func theValueWithTwoTargets() throws {
        let item = try #require(table.projects.flatMap(\.indicators).first { $0.name == "赴帮扶地区开展调研考察次数" })
        #expect(item.annualTarget?.parts.map(\.subject) == ["帮扶省外被帮扶地区", "帮扶省内被帮扶地区"])
        #expect(item.annualTarget?.parts.map(\.number.description) == ["1", "2"])
        #expect(item.annualTarget?.parts.allSatisfy { $0.comparator == .atLeast && $0.unit == "次" } == true)
    }

    @Test func comparatorsOfTheSeed() {
        let parts = table.projects.flatMap(\.indicators).compactMap(\.periodTarget).flatMap(\.parts)
        #expect(Set(parts.map(\.comparator)) == [.atLeast, .atMost, .none])
        let qualitative = table.projects.flatMap(\.indicators).compactMap(\.periodTarget).filter { !$0.isQuantitative }.map(\.text)
        #expect(Set(qualitative) == ["有效提高", "是", "顺利通过考核", "按实际到村市县选调生人数补助", "按规定范围使用，不直接发给个人"])
    }
}
