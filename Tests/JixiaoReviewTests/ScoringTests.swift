import JixiaoCore
import JixiaoReview
import JixiaoSynthetic
import PropertyBased
import Testing

@Suite struct ScoringTests {
    /// (comparator, target, actual, weight, formula) → score, per docs/domain.md §5.
    @Test(arguments: [
        // positive: a ≥ t → w; else w·a/t
        (Comparator.atLeast, 95.0, 97.0, 30.0, ReverseFormula.linear, 30.0),
        (.atLeast, 100, 80, 50, .linear, 40),
        (.greaterThan, 10, 5, 20, .linear, 10),
        (.none, 100, 100, 10, .linear, 10),
        (.atLeast, 100, -5, 10, .linear, 0),
        // equal: t = 0 → w if a ≤ 0 else 0; otherwise as positive
        (.equal, 0, 0, 10, .linear, 10),
        (.equal, 0, 1, 10, .linear, 0),
        (.equal, 50, 25, 10, .linear, 5),
        // reverse, linear: a ≤ t → w; t < a < 2t → w(1 − (a−t)/t); a ≥ 2t → 0
        (.atMost, 2, 2, 50, .linear, 50),
        (.atMost, 10, 15, 20, .linear, 10),
        (.lessThan, 10, 20, 20, .linear, 0),
        (.atMost, 10, 30, 20, .linear, 0),
        // reverse, ratio: w·t/a
        (.atMost, 10, 20, 20, .ratio, 10),
        (.atMost, 10, 8, 20, .ratio, 20),
        (.atMost, 0, 1, 20, .linear, 0),
    ])
    func quantitativeFormulas(comparator: Comparator, target: Double, actual: Double, weight: Double, formula: ReverseFormula, expected: Double) {
        let score = Scoring.quantitativeScore(comparator: comparator, target: target, actual: actual, weight: weight, reverse: formula)
        #expect(abs(score - expected) < 1e-9)
    }

    @Test(arguments: [
        (QualitativeGrade.achieved, nil as Double?, 0.8), (.achieved, 1.0, 1.0), (.achieved, 0.9, 0.9),
        (.partlyAchieved, nil, 0.6), (.partlyAchieved, 0.7, 0.7),
        (.notAchieved, nil, 0.0), (.notAchieved, 0.5, 0.5),
        // A pick outside the band is held to the band.
        (.achieved, 0.5, 0.8), (.notAchieved, 0.9, 0.6),
    ])
    func qualitativeBands(grade: QualitativeGrade, share: Double?, expectedShare: Double) {
        #expect(abs(Scoring.qualitativeScore(grade: grade, share: share, weight: 30) - 30 * expectedShare) < 1e-9)
    }

    @Test(arguments: [(95.0, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.9, "中"), (60, "中"), (59.9, "差"), (0, "差")])
    func grades(total: Double, grade: String) {
        #expect(Scoring.grade(total) == grade)
    }

    @Test func budgetExecution() {
        #expect(Scoring.executionScore(budget: Money(fen: 100), spent: Money(fen: 95), weight: 10).score == 9.5)
        #expect(Scoring.executionScore(budget: Money(fen: 100), spent: Money(fen: 120), weight: 10).score == 10)
        #expect(Scoring.executionScore(budget: .zero, spent: Money(fen: 5), weight: 10).rate == nil)
    }

    /// A project scored end to end: weights split by category, findings for what is missing.
    @Test func aProjectsSelfEvaluation() throws {
        let project = CleanTable.table.units[0].projects[0] // 产出 ×2, 效益 ×1, 满意度 ×1
        let actuals = ProjectActuals(project: project.name, annualBudget: Money(fen: 600_000_000), spent: Money(fen: 570_000_000), indicators: [
            IndicatorActual(ordinal: 1, actual: "200次"),          // 167% of ≥120次, no explanation
            IndicatorActual(ordinal: 2, actual: "90%"),            // 90/95 of 25
            IndicatorActual(ordinal: 3, actual: "12%", explanation: "超额完成"),
            // 4: no actual reported
        ])
        let score = Scoring.score(project, unit: .wanYuan, actuals: actuals)
        #expect(score.executionScore == 9.5)
        #expect(score.indicators.map(\.weight) == [25, 25, 30, 10])
        #expect(score.indicators[0].score == 25)
        #expect(abs(score.indicators[1].score - 25 * 90 / 95) < 1e-9)
        #expect(score.indicators[2].score == 30)
        #expect(score.indicators[3].score == 0)
        #expect(abs(score.total - (9.5 + 25 + 25 * 90 / 95 + 30)) < 1e-9)
        #expect(score.grade == "良")
        #expect(score.findings.contains { $0.contains("完成巡查次数") && $0.contains("偏差原因") })
        #expect(score.findings.contains { $0.contains("服务对象满意度") && $0.contains("缺少实际完成值") })
        #expect(!score.findings.contains { $0.contains("不是 100 分") })
    }

    @Test func weightsThatDoNotSumToOneHundred() {
        let project = CleanTable.table.units[0].projects[1] // no 满意度 indicator
        let score = Scoring.score(project, unit: .wanYuan, actuals: ProjectActuals(project: project.name, annualBudget: Money(fen: 1), spent: Money(fen: 1)))
        #expect(score.findings.contains { $0.contains("各项分值合计 90 分") })
    }

    @Test func qualitativeTargetsNeedAGrade() {
        var project = CleanTable.table.units[0].projects[0]
        project.indicators[2].annualTarget = TargetValue(text: "明显改善")
        project.indicators[2].periodTarget = TargetValue(text: "明显改善")
        let graded = Scoring.score(project, unit: .wanYuan, actuals: ProjectActuals(project: project.name, annualBudget: Money(fen: 1), spent: Money(fen: 1), indicators: [
            IndicatorActual(ordinal: 3, grade: .partlyAchieved, bandShare: 0.7),
        ]))
        #expect(abs(graded.indicators[2].score - 21) < 1e-9)
        let ungraded = Scoring.score(project, unit: .wanYuan, actuals: ProjectActuals(project: project.name, annualBudget: Money(fen: 1), spent: Money(fen: 1)))
        #expect(ungraded.indicators[2].score == 0)
        #expect(ungraded.findings.contains { $0.contains("缺少评价等级") })
    }

    // MARK: Properties

    static let comparators = Gen.int(in: 0...(Comparator.allCases.count - 1))
    static let values = Gen.double(in: 0...1_000)
    static let weights = Gen.double(in: 0...100)

    @Test func everyScoreLiesWithinItsWeight() async {
        await propertyCheck(input: Self.comparators, Self.values, Self.values, Self.weights) { c, t, a, w in
            for formula in ReverseFormula.allCases {
                let score = Scoring.quantitativeScore(comparator: Comparator.allCases[c], target: t, actual: a, weight: w, reverse: formula)
                #expect(score >= 0 && score <= w + 1e-9)
            }
        }
    }

    @Test func positiveScoresNeverFallAsTheActualRises() async {
        await propertyCheck(input: Self.values, Self.values, Self.values, Self.weights) { t, a, more, w in
            for comparator in [Comparator.atLeast, .greaterThan, .none] {
                let lower = Scoring.quantitativeScore(comparator: comparator, target: t, actual: a, weight: w)
                let higher = Scoring.quantitativeScore(comparator: comparator, target: t, actual: a + more, weight: w)
                #expect(higher >= lower - 1e-9)
            }
        }
    }

    @Test func reverseScoresNeverRiseAsTheActualRises() async {
        await propertyCheck(input: Self.values, Self.values, Self.values, Self.weights) { t, a, more, w in
            for formula in ReverseFormula.allCases {
                let lower = Scoring.quantitativeScore(comparator: .atMost, target: t, actual: a, weight: w, reverse: formula)
                let higher = Scoring.quantitativeScore(comparator: .atMost, target: t, actual: a + more, weight: w, reverse: formula)
                #expect(higher <= lower + 1e-9)
            }
        }
    }
}

/// Reported actuals find their project by name, which must be the table's and unique in it
/// (docs/domain.md §5); the score of each is the one `Scoring.score` gives its project.
@Suite struct ActualsMatchingTests {
    @Test func eachReportFindsItsOneProject() throws {
        var generator = TableGenerator(seed: 9)
        var table = generator.table(projects: 6, units: 2)
        let first = table.units[0].projects[0]
        let reported = [ProjectActuals(project: first.name, annualBudget: first.amounts.total, spent: first.amounts.total)]
        let scores = try ActualsMatching.score(reported, in: table, settings: ScoringSettings())
        #expect(scores == [Scoring.score(first, unit: table.moneyUnit, actuals: reported[0], settings: ScoringSettings())])
        #expect(scores[0].executionScore == 10)

        #expect(throws: ActualsMatching.Failure.unknownProject("不存在的项目")) {
            try ActualsMatching.match([ProjectActuals(project: "不存在的项目", annualBudget: .zero, spent: .zero)], to: table)
        }
        table.units[1].projects[0].name = first.name
        #expect(throws: ActualsMatching.Failure.ambiguousProject(first.name, count: 2)) {
            try ActualsMatching.match(reported, to: table)
        }
    }
}
