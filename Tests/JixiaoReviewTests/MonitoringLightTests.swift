import JixiaoCore
import Testing
@testable import JixiaoReview

/// The monitoring lights at every boundary (docs/domain.md §9): money by q, counted and rate
/// targets by c, reverse and qualitative targets, the worst-light order and each finding.
@Suite struct MonitoringLightTests {
    static func project(budget: String = "120.00", targets: [String]) throws -> Project {
        Project(name: "试点项目", amounts: Amounts(total: try Money(parsing: budget, in: .wanYuan), fiscalAppropriation: .zero, specialAccount: .zero, otherFunds: .zero),
                goal: "目标", indicators: targets.enumerated().map { i, text in
                    var indicator = Indicator(ordinal: i + 1, level1: IndicatorLevel(code: "1", name: "产出指标"), level2: IndicatorLevel(code: "11", name: "数量指标"),
                                              name: "指标\(i + 1)", annualTarget: TargetValue(text: text))
                    indicator.periodTarget = indicator.annualTarget
                    return indicator
                })
    }

    static func evaluate(_ project: Project, month: Int = 7, spent: String? = nil, budget: String? = nil, forecastSpent: String? = nil,
                         deviation: String = "", indicators: [IndicatorProgress] = [], settings: ReviewSettings = ReviewSettings()) throws -> MonitoredProject {
        let progress = ProjectProgress(project: project.name, annualBudget: try budget.map { try Money(parsing: $0, in: .wanYuan) },
                                       spent: try spent.map { try Money(parsing: $0, in: .wanYuan) },
                                       forecastSpent: try forecastSpent.map { try Money(parsing: $0, in: .wanYuan) },
                                       deviation: DeviationReason(cell: deviation), indicators: indicators)
        return MonitoringReview.evaluate(project, unit: "单位", progress: progress, month: month, moneyUnit: .wanYuan, settings: settings)
    }

    // Month 6: the year is half gone, so q = 执行率 ÷ 50 %; a budget of 120 万元 makes 60 万元 q = 100 %.
    @Test(arguments: [("35.994", Light.red), ("36.00", .yellow), ("47.994", .yellow), ("48.00", .green), ("120.00", .green), ("0", .red)])
    func moneyLightBoundaries(spent: String, light: Light) throws {
        let result = try Self.evaluate(try Self.project(targets: []), month: 6, spent: spent, deviation: "其他：说明")
        #expect(result.moneyLight == light, "spent \(spent) → q \(result.q ?? -1)")
    }

    @Test func moneyQUsesTheMonthsGone() throws {
        // 7 of 12 months: 执行率 35 % is q 60 % exactly (0.35 ÷ 7/12 = 0.6), yellow; a fen less is red.
        let project = try Self.project(budget: "120.00", targets: [])
        #expect(try Self.evaluate(project, month: 7, spent: "42.00").moneyLight == .yellow)
        #expect(try Self.evaluate(project, month: 7, spent: "41.9999", deviation: "经费保障").moneyLight == .red)
        #expect(try Self.evaluate(project, month: 7, spent: "42.00").executionRate == 0.35)
    }

    @Test func theAdjustedBudgetReplacesTheInitialOne() throws {
        let project = try Self.project(budget: "120.00", targets: [])
        // 60 of an adjusted 200: 30 % over half a year is q 60 %: yellow, where against 120 it is green.
        let result = try Self.evaluate(project, month: 6, spent: "60.00", budget: "200.00")
        #expect(result.moneyLight == .yellow)
        #expect(result.annualBudget == "200.00" && result.initialBudget == "120.00")
    }

    // A rate target (`≥100%`): c = reached ÷ target, whatever the month.
    @Test(arguments: [("59.99%", Light.red), ("60%", .yellow), ("79.99%", .yellow), ("80%", .green), ("119.99%", .green), ("120%", .blue)])
    func rateTargetBoundaries(reached: String, light: Light) throws {
        let result = try Self.evaluate(try Self.project(targets: ["≥100%"]), month: 3, indicators: [IndicatorProgress(ordinal: 1, reached: reached)])
        #expect(result.indicators[0].kind == .rate)
        #expect(result.indicators[0].valueLight == light, "\(reached) → c \(result.indicators[0].c ?? -1)")
    }

    // A counted target of 200 次 at month 6: c = reached ÷ 100.
    @Test(arguments: [("59.99次", Light.red), ("60次", .yellow), ("79.99次", .yellow), ("80次", .green), ("119.99次", .green), ("120次", .blue)])
    func countedTargetBoundaries(reached: String, light: Light) throws {
        let result = try Self.evaluate(try Self.project(targets: ["≥200次"]), month: 6, indicators: [IndicatorProgress(ordinal: 1, reached: reached)])
        #expect(result.indicators[0].kind == .counted)
        #expect(result.indicators[0].valueLight == light, "\(reached) → c \(result.indicators[0].c ?? -1)")
    }

    @Test func countedAndRateDifferForTheSameNumbers() throws {
        // 60 of 100 at month 6: a rate is at 60 % of its target (yellow), a count at 120 % of its share (blue).
        let counted = try Self.evaluate(try Self.project(targets: ["100人"]), month: 6, indicators: [IndicatorProgress(ordinal: 1, reached: "60人")])
        let rate = try Self.evaluate(try Self.project(targets: ["100%"]), month: 6, indicators: [IndicatorProgress(ordinal: 1, reached: "60%")])
        #expect(counted.indicators[0].c == 1.2 && counted.indicators[0].valueLight == .blue)
        #expect(rate.indicators[0].c == 0.6 && rate.indicators[0].valueLight == .yellow)
    }

    @Test(arguments: [("≤5%", "5%", Light.green), ("≤5%", "5.01%", .red), ("＜3次", "3次", .green), ("＜3次", "4次", .red), ("≤2人", "0人", .green)])
    func reverseTargets(target: String, reached: String, light: Light) throws {
        let result = try Self.evaluate(try Self.project(targets: [target]), indicators: [IndicatorProgress(ordinal: 1, reached: reached)])
        #expect(result.indicators[0].kind == .reverse)
        #expect(result.indicators[0].valueLight == light)
        #expect(result.indicators[0].c == nil)
    }

    @Test(arguments: [(Likelihood.certain, Light.green), (.possible, .yellow), (.impossible, .red)])
    func qualitativeTargetsTakeTheLikelihood(likelihood: Likelihood, light: Light) throws {
        let result = try Self.evaluate(try Self.project(targets: ["顺利通过考核"]),
                                       indicators: [IndicatorProgress(ordinal: 1, likelihood: likelihood, correction: "措施")])
        #expect(result.indicators[0].kind == .qualitative)
        #expect(result.indicators[0].valueLight == nil)
        #expect(result.indicators[0].light == light)
    }

    @Test func anIndicatorTakesTheWorseOfValueAndLikelihood() throws {
        // c = 120 % (blue) but 有可能 (yellow): yellow; c = 100 % (green) with 确定能: green.
        let result = try Self.evaluate(try Self.project(targets: ["≥100%", "≥100%"]), indicators: [
            IndicatorProgress(ordinal: 1, reached: "120%", likelihood: .possible),
            IndicatorProgress(ordinal: 2, reached: "100%", likelihood: .certain),
        ])
        #expect(result.indicators.map(\.light) == [.yellow, .green])
    }

    @Test func theProjectTakesItsWorstLightInTheOrderRedYellowBlueGreen() throws {
        #expect(Light.worst([.green, .blue]) == .blue)
        #expect(Light.worst([.blue, .yellow, .green]) == .yellow)
        #expect(Light.worst([.yellow, .red, .blue]) == .red)
        #expect(Light.worst([nil, nil]) == nil)
        // Money green (q 100 %), one target blue, one green: the project is blue.
        let result = try Self.evaluate(try Self.project(targets: ["≥100%", "≥10人"]), month: 6, spent: "60.00", indicators: [
            IndicatorProgress(ordinal: 1, reached: "100%"), IndicatorProgress(ordinal: 2, reached: "8人"),
        ])
        #expect(result.moneyLight == .green)
        #expect(result.indicators.map(\.light) == [.green, .blue])
        #expect(result.light == .blue)
    }

    @Test func thresholdsComeFromTheSettings() throws {
        var settings = ReviewSettings()
        settings.monitoring.targetRed = 50
        settings.monitoring.targetYellow = 70
        settings.monitoring.targetBlue = 150
        let result = try Self.evaluate(try Self.project(targets: ["≥100%", "≥100%", "≥100%"]), indicators: [
            IndicatorProgress(ordinal: 1, reached: "55%"), IndicatorProgress(ordinal: 2, reached: "70%"), IndicatorProgress(ordinal: 3, reached: "149%"),
        ], settings: settings)
        #expect(result.indicators.map(\.valueLight) == [.yellow, .green, .green])
    }

    // The findings.

    @Test func aRedMoneyLightAsksForAReason() throws {
        let project = try Self.project(targets: [])
        let without = try Self.evaluate(project, month: 6, spent: "10.00")
        #expect(without.findings.map(\.rule) == ["MON-MONEY-NO-REASON"])
        #expect(without.findings[0].severity == .error && without.findings[0].location.field == "偏差原因")
        #expect(try Self.evaluate(project, month: 6, spent: "10.00", deviation: "人员保障").findings.isEmpty)
        #expect(try Self.evaluate(project, month: 6, spent: "40.00").findings.isEmpty, "a yellow light needs no reason")
    }

    @Test func impossibleAsksForACorrection() throws {
        let project = try Self.project(targets: ["顺利通过考核"])
        let without = try Self.evaluate(project, spent: "120.00", indicators: [IndicatorProgress(ordinal: 1, likelihood: .impossible)])
        #expect(without.findings.map(\.rule) == ["MON-NO-CORRECTION"])
        #expect(without.findings[0].location.indicator == 1)
        let with = try Self.evaluate(project, spent: "120.00", indicators: [IndicatorProgress(ordinal: 1, likelihood: .impossible, correction: "申请调整目标")])
        #expect(with.findings.isEmpty)
    }

    @Test(arguments: [("≥95%", "90%", true), ("≥95%", "95%", false), ("≤2人", "3人", true), ("≤2人", "2人", false), ("＞10次", "10次", true), ("＝4场", "4场", false)])
    func aCertainForecastBelowTheTargetIsAContradiction(target: String, forecast: String, contradicts: Bool) throws {
        let result = try Self.evaluate(try Self.project(targets: [target]), spent: "120.00", indicators: [
            IndicatorProgress(ordinal: 1, reached: forecast, forecast: forecast, likelihood: .certain),
        ])
        #expect(result.findings.map(\.rule).contains("MON-FORECAST-CONTRADICTS") == contradicts)
    }

    @Test func aForecastAboveTheBudgetIsFlagged() throws {
        let project = try Self.project(targets: [])
        #expect(try Self.evaluate(project, spent: "100.00", forecastSpent: "120.01").findings.map(\.rule) == ["MON-FORECAST-OVERSPEND"])
        #expect(try Self.evaluate(project, spent: "100.00", forecastSpent: "120.00").findings.isEmpty)
        // Against the adjusted budget when one is given.
        #expect(try Self.evaluate(project, spent: "100.00", budget: "130.00", forecastSpent: "125.00").findings.isEmpty)
    }

    @Test func aLateReportIsFlagged() {
        #expect(MonitoringReview.lateness(due: "2025-08-15", submittedOn: nil, today: "2025-08-15", department: "组织部") == nil)
        #expect(MonitoringReview.lateness(due: "2025-08-15", submittedOn: nil, today: "2025-08-16", department: "组织部")?.rule == "MON-LATE")
        #expect(MonitoringReview.lateness(due: "2025-08-15", submittedOn: "2025-08-14", today: "2025-09-01", department: "组织部") == nil)
        #expect(MonitoringReview.lateness(due: "2025-08-15", submittedOn: "2025-08-20", today: "2025-09-01", department: "组织部")?.found == "2025-08-20")
    }

    @Test func unreadableValuesAndUnreportedTargetsAreFindingsNotSilence() throws {
        let result = try Self.evaluate(try Self.project(targets: ["≥100场", "≥100%"]), spent: "120.00", indicators: [
            IndicatorProgress(ordinal: 1, reached: "较好", likelihood: .possible),
        ])
        #expect(result.findings.map(\.rule) == ["MON-VALUE-UNREADABLE", "MON-NOT-REPORTED"])
        #expect(result.indicators[0].light == .yellow, "the likelihood still lights it")
        #expect(result.indicators[1].light == nil)
        let unreported = MonitoringReview.evaluate(try Self.project(targets: ["≥1次"]), unit: "单位", progress: nil, month: 7, moneyUnit: .wanYuan)
        #expect(unreported.light == nil && !unreported.reported)
        #expect(unreported.findings.map(\.rule) == ["MON-NOT-REPORTED"])
    }

    @Test func settingsDisableAndReweighMonitoringRules() throws {
        var settings = ReviewSettings()
        settings.disabled = ["MON-MONEY-NO-REASON"]
        settings.severities = ["MON-FORECAST-OVERSPEND": .error]
        let result = try Self.evaluate(try Self.project(targets: []), month: 6, spent: "10.00", forecastSpent: "200.00", settings: settings)
        #expect(result.findings.map(\.rule) == ["MON-FORECAST-OVERSPEND"])
        #expect(result.findings[0].severity == .error)
    }

    @Test func aRulesFileSetsThresholdsAndRefusesDisorderedOnes() throws {
        var file = RulesFile()
        var thresholds = MonitoringThresholds()
        thresholds.moneyRed = 50
        file.monitoring = thresholds
        #expect(try ReviewSettings.merging(file).monitoring.moneyRed == 50)
        thresholds.targetBlue = 70
        file.monitoring = thresholds
        #expect(throws: RulesFileError.self) { try ReviewSettings.merging(file) }
    }

    @Test(arguments: ["经费保障、其他：供应商延期交货", "制度保障", "设备尚未到货", "人员保障、硬件条件保障", ""])
    func aDeviationCellReadsBackAsWritten(cell: String) {
        #expect(DeviationReason(cell: cell).cell == cell)
    }

    @Test func aDeviationCellSplitsCategoriesFromText() {
        let reason = DeviationReason(cell: "经费保障、其他：供应商延期交货、合同重签")
        #expect(reason.causes == [.funding, .other])
        #expect(reason.text == "供应商延期交货、合同重签")
        #expect(DeviationReason(cell: "其他原因").causes.isEmpty)
    }

    @Test func monitoringRulesAreInTheCatalogueAndTheTableReviewPassesThemBy() {
        let ids = MonitoringRules.all.map(\.description.id)
        #expect(Set(ids).isSubset(of: Set(RuleCatalogue.descriptions.map(\.id))))
        #expect(ids.count == 7)
        #expect(!Review.run(CleanTable.table).contains { $0.rule.hasPrefix("MON-") })
    }
}
