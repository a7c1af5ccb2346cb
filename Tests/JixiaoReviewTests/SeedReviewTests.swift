import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoReview
import JixiaoSynthetic
import JixiaoTestSupport
import Testing

enum Seed {
    static let read = try! DisclosureTextReader.read(try! SeedFixture.bytes, fileName: "seed.txt")
    static let findings = Review.run(read.table, lines: read.lines)

    static func findings(_ rule: String) -> [Finding] { findings.filter { $0.rule == rule } }
}

/// The customer's table: its sums hold, so no errors; the warnings are the real weaknesses
/// a reviewer would point out.
@Suite struct SeedReviewTests {
    @Test func noErrorsAndNoAmountFindings() {
        #expect(FindingCounts(Seed.findings).errors == 0)
        #expect(Seed.findings.filter { $0.dimension == .amounts }.isEmpty)
    }

    @Test func theLargeProjectWithOneIndicator() throws {
        let finding = try #require(Seed.findings("FEW-INDICATORS").first)
        #expect(Seed.findings("FEW-INDICATORS").count == 1)
        #expect(finding.location.project == "2025年专项人才工作经费")
        #expect(finding.location.line == 20)
        #expect(finding.message.contains("1,528.00 万元"))
    }

    @Test func budgetProcessMeasuresUsedAsOutputs() {
        let hits = Seed.findings("PROCESS-MEASURE-AS-OUTPUT")
        #expect(Set(hits.compactMap(\.location.line)) == [14, 16, 18, 19, 20])
        #expect(hits.contains { $0.message.contains("资金使用率") })
        #expect(hits.contains { $0.message.contains("经费及时下达率") })
    }

    @Test func theItemsWithOnlyAPeriodValue() {
        let hits = Seed.findings("TARGET-VALUE-MISSING")
        #expect(hits.count == 2)
        #expect(hits.allSatisfy { $0.location.field == "年度指标值" && $0.location.indicator == 2 && $0.message.contains("经费使用范围") })
    }

    @Test func vagueQualitativeValues() throws {
        let hit = try #require(Seed.findings("VAGUE-VALUE").first)
        #expect(hit.location.project == "编外人员聘用经费")
        #expect(hit.found == "有效提高")
    }

    @Test func theSecretProjectThatPublishesAnIndicator() throws {
        let hit = try #require(Seed.findings("SECRET-PUBLISHES-INDICATORS").first)
        #expect(Seed.findings("SECRET-PUBLISHES-INDICATORS").count == 1)
        #expect(hit.location.project == "购置经费（AK）")
        #expect(hit.location.line == 21)
    }

    @Test func goalsCopiedBetweenProjects() {
        let hits = Seed.findings("GOAL-COPIED")
        #expect(hits.map(\.location.line) == [16, 18])
        #expect(hits.allSatisfy { $0.message.contains("2023年下派选调生到村工作中中央财政补助资金") })
        // Not copies: every other goal is its own.
        #expect(Seed.findings("LABEL-PASTED").map(\.location.line) == [18])
        #expect(Seed.findings("LABEL-PASTED").first?.found == "年度总体绩效目标")
    }

    @Test func measurabilityOfOutputs() {
        let hits = Seed.findings("NOT-QUANTITATIVE")
        #expect(hits.count == 4)
        #expect(Set(hits.compactMap(\.found)) == ["按实际到村市县选调生人数补助", "按规定范围使用，不直接发给个人"])
    }

    /// Issue 16's rule changes fire nowhere on the customer's table or on the demo's generated
    /// tables (built as `DemoData` builds them), and the seed's measurability findings stay the four.
    @Test func theNewReadingsDoNotFireOnTheCorpus() {
        for rule in ["RATE-ABOVE-100", "COST-FLOOR"] { #expect(Seed.findings(rule).isEmpty, "\(rule)") }
        var demo: [Finding] = []
        for i in 0..<5 {
            var generator = TableGenerator(seed: UInt64(100 + i))
            demo += Review.run(generator.table(projects: 25 + 15 * i, units: 2 + i % 3, fiscalYear: 2025))
        }
        // The generator writes some values wrong on purpose: each hit must be one of those.
        let rates = demo.filter { $0.rule == "RATE-ABOVE-100" }.map { $0.found ?? "" }
        #expect(!rates.isEmpty && rates.allSatisfy { $0.range(of: #"^(大于|超过|高于|＞|>)100|[1-9][0-9]{2,}(\.[0-9]+)?(%|％|百分比)"#, options: .regularExpression) != nil }, "\(rates)")
        let floors = demo.filter { $0.rule == "COST-FLOOR" }.map { $0.found ?? "" }
        #expect(floors.allSatisfy { $0.contains("元") && $0.range(of: "≥|≧|⩾|＞|>|不低于|不少于|不小于|至少|达到|以上|大于|超过|高于", options: .regularExpression) != nil }, "\(floors)")
        // Timeliness values the generator writes as dates are not flagged as unmeasurable.
        let dates = demo.filter { $0.rule == "NOT-QUANTITATIVE" && Deadlines.look($0.found ?? "") }.map { $0.found ?? "" }
        #expect(dates.isEmpty, "\(dates)")
    }

    @Test func everyFindingIsLocatedAndExplained() {
        for finding in Seed.findings {
            #expect(finding.location.line != nil)
            #expect(finding.location.project != nil)
            #expect(!finding.fix.isEmpty)
        }
    }
}

@Suite struct SettingsTests {
    @Test func disabledRulesDoNotRun() throws {
        let settings = try ReviewSettings.merging(RulesFile(disabled: ["GOAL-COPIED", "VAGUE-VALUE"]))
        let rules = Set(Review.run(Seed.read.table, lines: Seed.read.lines, settings: settings).map(\.rule))
        #expect(!rules.contains("GOAL-COPIED") && !rules.contains("VAGUE-VALUE"))
        #expect(rules.contains("FEW-INDICATORS"))
    }

    @Test func severitiesAndThresholds() throws {
        var file = RulesFile()
        file.severities = ["FEW-INDICATORS": .error]
        file.largeProjectWanYuan = 250
        file.minimumIndicatorsForLargeProject = 5
        let findings = Review.run(Seed.read.table, lines: Seed.read.lines, settings: try ReviewSettings.merging(file))
        let few = findings.filter { $0.rule == "FEW-INDICATORS" }
        #expect(few.allSatisfy { $0.severity == .error })
        // 300.00 万元 with 4 indicators now counts too.
        #expect(Set(few.compactMap(\.location.project)) == ["2025年专项人才工作经费", "广州市重点产业人才开发培育工程工作经费"])
    }

    @Test func wordListsExtendOrReplace() throws {
        var file = RulesFile()
        file.vagueWords = ["顺利通过"]
        let extended = Review.run(Seed.read.table, settings: try ReviewSettings.merging(file)).filter { $0.rule == "VAGUE-VALUE" }
        #expect(Set(extended.compactMap(\.found)) == ["有效提高", "顺利通过考核"])
        file.replaceWordLists = true
        let replaced = Review.run(Seed.read.table, settings: try ReviewSettings.merging(file)).filter { $0.rule == "VAGUE-VALUE" }
        #expect(Set(replaced.compactMap(\.found)) == ["顺利通过考核"])
    }

    @Test func unknownRuleIdsAreRefused() {
        #expect(throws: RulesFileError.self) { try ReviewSettings.merging(RulesFile(disabled: ["NO-SUCH-RULE"])) }
        var file = RulesFile()
        file.copySharedShare = 2
        #expect(throws: RulesFileError.self) { try ReviewSettings.merging(file) }
    }
}

/// A test's own look at whether a value names a date (`10月`, `年底前`): independent of the
/// rule's `Deadline`, so the check above is not the rule checking itself.
enum Deadlines {
    static func look(_ text: String) -> Bool {
        text.range(of: #"[0-9０-９]+[年月日]|年底|月底|季度"#, options: .regularExpression) != nil
    }
}
