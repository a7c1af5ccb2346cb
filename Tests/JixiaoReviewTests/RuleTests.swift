import Foundation
import JixiaoCore
import JixiaoReview
import Testing

/// A small table a careful department would file: every rule stays silent on it.
enum CleanTable {
    static func money(_ wan: Int64) -> Money { Money(fen: wan * 1_000_000) }

    static func amounts(_ wan: Int64) -> Amounts {
        Amounts(total: money(wan), fiscalAppropriation: money(wan), specialAccount: .zero, otherFunds: .zero)
    }

    static func indicator(_ n: Int, _ l1: String, _ c1: String, _ l2: String, _ c2: String, _ name: String, _ value: String) -> Indicator {
        Indicator(ordinal: n, level1: IndicatorLevel(code: c1, name: l1), level2: IndicatorLevel(code: c2, name: l2), name: name,
                  periodTarget: TargetValue(text: value), annualTarget: TargetValue(text: value))
    }

    static var table: BudgetTable {
        let projects = [
            Project(name: "安全巡查经费", amounts: amounts(600), goal: "开展辖区安全巡查，全年巡查不少于120次，及时整改发现的问题。", indicators: [
                indicator(1, "产出指标", "1", "数量指标", "11", "完成巡查次数", "≥120次"),
                indicator(2, "产出指标", "1", "时效指标", "13", "问题整改按期完成率", "≥95%"),
                indicator(3, "效益指标", "2", "社会效益", "22", "辖区安全事故下降率", "≥10%"),
                indicator(4, "满意度指标", "3", "服务对象满意度", "31", "服务对象满意度", "≥90%"),
            ]),
            Project(name: "消防设施维护经费", amounts: amounts(200), goal: "维护辖区消防设施，保证设施完好可用，降低火灾风险。", indicators: [
                indicator(1, "产出指标", "1", "数量指标", "11", "维护消防设施数量", "≥300套"),
                indicator(2, "产出指标", "1", "质量指标", "12", "设施完好率", "≥98%"),
                indicator(3, "效益指标", "2", "社会效益", "22", "火灾发生率下降", "≥5%"),
            ]),
        ]
        let unit = SpendingUnit(name: "广州市越秀区应急管理局", amounts: amounts(800), projects: projects)
        return BudgetTable(department: "广州市越秀区应急管理局（部门）", total: amounts(800), units: [unit])
    }
}

/// A mutation of the clean table that one rule must catch.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let rule: String
    let severity: Severity
    let mutate: @Sendable (inout BudgetTable) -> Void
    var testDescription: String { rule }

    init(_ rule: String, _ severity: Severity, _ mutate: @escaping @Sendable (inout BudgetTable) -> Void) {
        self.rule = rule
        self.severity = severity
        self.mutate = mutate
    }
}

@Suite struct RuleTests {
    static let cases: [RuleCase] = [
        RuleCase("SUM-PROJECT-ROW", .error) { $0.units[0].projects[0].amounts.otherFunds = CleanTable.money(1) },
        RuleCase("SUM-PROJECT-ROW", .warning) { $0.units[0].projects[0].amounts.total.fen += 10_000 },
        RuleCase("SUM-UNIT", .error) { $0.units[0].amounts = CleanTable.amounts(799); $0.total = CleanTable.amounts(799) },
        RuleCase("SUM-UNIT", .warning) {
            let off = Amounts(total: Money(fen: 800_010_000), fiscalAppropriation: Money(fen: 800_010_000), specialAccount: .zero, otherFunds: .zero)
            $0.units[0].amounts = off
            $0.total = off
        },
        RuleCase("SUM-TOTAL", .error) { $0.total = CleanTable.amounts(900) },
        RuleCase("SUM-TOTAL", .info) { $0.total = nil },
        RuleCase("GOAL-MISSING", .warning) { $0.units[0].projects[0].goal = "" },
        RuleCase("INDICATORS-MISSING", .warning) { $0.units[0].projects[0].indicators = [] },
        RuleCase("OUTPUT-MISSING", .warning) { $0.units[0].projects[0].indicators.removeFirst(2); renumber(&$0) },
        RuleCase("BENEFIT-MISSING", .warning) { $0.units[0].projects[0].indicators.remove(at: 2); renumber(&$0) },
        RuleCase("SATISFACTION-EXPECTED", .warning) {
            $0.units[0].projects[0].goal = "为辖区困难群众发放补助，保障基本生活。"
            $0.units[0].projects[0].indicators.removeLast()
        },
        RuleCase("TARGET-VALUE-MISSING", .warning) { $0.units[0].projects[0].indicators[0].annualTarget = nil },
        RuleCase("NUMBERING", .warning) { $0.units[0].projects[0].indicators[2].ordinal = 4 },
        RuleCase("LEVEL-MISMATCH", .error) { $0.units[0].projects[0].indicators[2].level1 = IndicatorLevel(code: "1", name: "产出指标") },
        RuleCase("UNKNOWN-LEVEL", .warning) { $0.units[0].projects[0].indicators[0].level2 = IndicatorLevel(code: "19", name: "其他指标") },
        RuleCase("CODE-MISMATCH", .warning) { $0.units[0].projects[0].indicators[2].level2 = IndicatorLevel(code: "21", name: "社会效益") },
        RuleCase("UNREADABLE-INDICATOR", .error) { $0.units[0].projects[0].indicators.append(Indicator(ordinal: 5, unparsedText: "按要求完成。")) },
        RuleCase("DUPLICATE-PROJECT", .warning) {
            $0.units[0].projects[1].name = $0.units[0].projects[0].name
        },
        RuleCase("NOT-QUANTITATIVE", .warning) {
            $0.units[0].projects[0].indicators[0].periodTarget = TargetValue(text: "按实际完成")
            $0.units[0].projects[0].indicators[0].annualTarget = TargetValue(text: "按实际完成")
        },
        RuleCase("VAGUE-VALUE", .warning) {
            $0.units[0].projects[0].indicators[2].periodTarget = TargetValue(text: "明显改善")
            $0.units[0].projects[0].indicators[2].annualTarget = TargetValue(text: "明显改善")
        },
        RuleCase("PROCESS-MEASURE-AS-OUTPUT", .warning) { $0.units[0].projects[0].indicators[1].name = "预算执行率" },
        RuleCase("ANNUAL-EXCEEDS-PERIOD", .warning) { $0.units[0].projects[0].indicators[0].annualTarget = TargetValue(text: "≥200次") },
        RuleCase("RATE-ABOVE-100", .warning) {
            $0.units[0].projects[0].indicators[3].periodTarget = TargetValue(text: "高于100%")
            $0.units[0].projects[0].indicators[3].annualTarget = TargetValue(text: "高于100%")
        },
        RuleCase("COST-FLOOR", .warning) {
            $0.units[0].projects[1].indicators.append(CleanTable.indicator(4, "产出指标", "1", "成本指标", "14", "人均培训成本", "≥459元"))
        },
        // Compared with the clean table as last year's (`ruleFires` gives it): unchanged targets.
        RuleCase("CARRIED-OVER", .info) { _ in },
        RuleCase("SECRET-PUBLISHES-INDICATORS", .warning) { $0.units[0].projects[0].name = "专项经费（涉密）" },
        RuleCase("SECRET-NO-REASON", .info) {
            $0.units[0].projects[0].name = "专项经费（涉密）"
            $0.units[0].projects[0].goal = ""
            $0.units[0].projects[0].indicators = []
        },
        RuleCase("AMOUNT-CEILING", .warning) {
            $0.units[0].projects[1].amounts = CleanTable.amounts(900_000_000)
        },
        // Last year's (the clean table's) 200 万元 against 2,001 万元 now.
        RuleCase("AMOUNT-JUMP", .warning) {
            $0.units[0].projects[1].amounts = CleanTable.amounts(2_001)
        },
        RuleCase("FEW-INDICATORS", .warning) { $0.units[0].projects[0].indicators.removeLast(2) },
        RuleCase("GOAL-COPIED", .warning) {
            $0.units[0].projects[1].goal = "开展辖区安全巡查，全年巡查不少于120次，及时整改发现的隐患。"
        },
        RuleCase("INDICATOR-SET-COPIED", .info) {
            $0.units[0].projects[1].indicators = $0.units[0].projects[0].indicators
        },
        RuleCase("LABEL-PASTED", .warning) { $0.units[0].projects[0].goal = "年度总体绩效目标开展辖区安全巡查。" },
    ]

    static func renumber(_ table: inout BudgetTable) {
        for i in table.units[0].projects[0].indicators.indices { table.units[0].projects[0].indicators[i].ordinal = i + 1 }
    }

    @Test func theCleanTableHasNoFindings() {
        let findings = Review.run(CleanTable.table)
        #expect(findings.isEmpty, "\(findings.map { "\($0.rule) \($0.message)" })")
    }

    @Test(arguments: cases)
    func ruleFires(_ ruleCase: RuleCase) throws {
        var table = CleanTable.table
        ruleCase.mutate(&table)
        let findings = Review.run(table, previousYear: CleanTable.table)
        let hit = try #require(findings.first { $0.rule == ruleCase.rule }, "\(findings.map(\.rule))")
        #expect(hit.severity == ruleCase.severity)
        #expect(!hit.message.isEmpty && !hit.fix.isEmpty)
        #expect(hit.location.project != nil || hit.location.unit != nil || hit.location.field != nil)
        #expect(RuleCatalogue.descriptions.first { $0.id == ruleCase.rule }?.dimension == hit.dimension)
    }

    /// Issue 16's four misreadings, each now read as a reviewer would.
    @Test func targetsReadAsAReviewerWould() {
        func findings(_ indicator: Indicator) -> [String] {
            var table = CleanTable.table
            table.units[0].projects[1].indicators.append(indicator)
            return Review.run(table).map(\.rule)
        }
        // A deadline is a measurable 时效指标; prose is not.
        for deadline in ["2025年10月底前", "12月31日前完成", "年底前", "第三季度内完成"] {
            #expect(!findings(CleanTable.indicator(4, "产出指标", "1", "时效指标", "13", "完成时间", deadline)).contains("NOT-QUANTITATIVE"), "\(deadline)")
        }
        #expect(findings(CleanTable.indicator(4, "产出指标", "1", "时效指标", "13", "完成时间", "按时完成")).contains("NOT-QUANTITATIVE"))
        // A rate above 100 % cannot be reached; 100 % and a growth rate above it can.
        for unreachable in ["高于100%", "≥120%", "105%"] {
            #expect(findings(CleanTable.indicator(4, "满意度指标", "3", "服务对象满意度", "31", "群众满意度", unreachable)).contains("RATE-ABOVE-100"), "\(unreachable)")
        }
        for reachable in ["≥100%", "100%", "≥95%", "≤120%"] {
            #expect(!findings(CleanTable.indicator(4, "满意度指标", "3", "服务对象满意度", "31", "群众满意度", reachable)).contains("RATE-ABOVE-100"), "\(reachable)")
        }
        #expect(!findings(CleanTable.indicator(4, "效益指标", "2", "经济效益", "21", "营业收入增长率", "≥120%")).contains("RATE-ABOVE-100"))
        // A cost target caps: ≤ is right, ≥ is not.
        #expect(!findings(CleanTable.indicator(4, "产出指标", "1", "成本指标", "14", "人均培训成本", "≤459元")).contains("COST-FLOOR"))
        // Chinese numerals are numbers.
        #expect(TargetValue(text: "不低于九成").isQuantitative)
        #expect(TargetValue(text: "不低于九成").parts.first.map { "\($0.comparator.symbol)\($0.number)\($0.unit)" } == "≥90%")
    }

    /// Settings saved before a setting existed read with it at its default, the rest as saved.
    @Test func savedSettingsMissingANewKeyKeepTheirOwn() throws {
        let saved = try JSONDecoder().decode(ReviewSettings.self, from: Data(#"{"disabled":["GOAL-COPIED"],"largeProjectWanYuan":300}"#.utf8))
        #expect(saved.disabled == ["GOAL-COPIED"] && saved.largeProjectWanYuan == 300)
        #expect(saved.projectCeilingWanYuan == ReviewSettings().projectCeilingWanYuan && saved.vagueWords == ReviewSettings().vagueWords)
    }

    @Test func everyRuleHasACase() {
        let covered = Set(Self.cases.map(\.rule))
        // The monitoring rules look at no table: MonitoringLightTests has a case for each.
        let catalogue = Set(RuleCatalogue.descriptions.map(\.id).filter { !$0.hasPrefix("MON-") })
        #expect(covered == catalogue, "missing: \(catalogue.subtracting(covered))")
        #expect(Set(RuleCatalogue.descriptions.map(\.id)).count == RuleCatalogue.descriptions.count, "rule ids are unique")
    }

    @Test func amountFindingsNameBothFigures() throws {
        var table = CleanTable.table
        table.units[0].projects[0].amounts.otherFunds = CleanTable.money(1)
        let finding = try #require(Review.run(table).first { $0.rule == "SUM-PROJECT-ROW" })
        #expect(finding.message == "总计 600.00 万元 ≠ 财政拨款 + 财政专户拨款 + 其他资金 = 601.00 万元（相差 1.00 万元）")
        #expect(finding.expected == "601.00")
        #expect(finding.found == "600.00")
        #expect(finding.location.project == "安全巡查经费")
        #expect(finding.location.field == "总计")
    }

    @Test func aSecretProjectWithoutTargetsIsExemptFromCompleteness() {
        var table = CleanTable.table
        table.units[0].projects[0].name = "专项经费（涉密）"
        table.units[0].projects[0].goal = ""
        table.units[0].projects[0].indicators = []
        let rules = Set(Review.run(table).map(\.rule))
        #expect(rules == ["SECRET-NO-REASON"])
    }
}
