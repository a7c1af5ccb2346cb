import JixiaoCore

/// 可行性 of targets: measurable where they must be, nothing vague, no budget-process
/// measures posing as outputs, annual within period.
enum TargetRules {
    /// 数量/质量/时效/成本 indicators should be quantitative.
    struct NotQuantitative: IndicatorRule {
        static let measured: Set<SecondaryCategory> = [.quantity, .quality, .timeliness, .cost]
        let description = RuleDescription(
            id: "NOT-QUANTITATIVE", title: "产出指标不可量化", dimension: .feasibility, defaultSeverity: .warning,
            explanation: "数量、质量、时效、成本指标应给出比较符、数值和计量单位，年终才能判断是否完成。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard let category = position.secondary[i], Self.measured.contains(category),
                  let (field, value) = TargetRules.shownValue(indicator), !value.isQuantitative,
                  // A date or deadline is how a 时效指标 is measured (`2025年10月底前`).
                  !(category == .timeliness && Deadline.isStated(in: value.text)) else { return }
            report.add(position.location(project, indicator: i, field: field),
                       "\(category.rawValue)“\(indicator.name)”的指标值“\(value.text)”不是可衡量的数值",
                       found: value.text, fix: "给出比较符、数值和计量单位，如“≥20人”“100%”“≤30天”")
        }
    }

    struct VagueValue: IndicatorRule {
        let description = RuleDescription(
            id: "VAGUE-VALUE", title: "指标值表述模糊", dimension: .feasibility, defaultSeverity: .warning,
            explanation: "“有效提高”“进一步强化”“明显改善”等表述年终无法核验（词表可配置）。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard let (field, value) = TargetRules.shownValue(indicator), !value.isQuantitative,
                  let word = context.vagueWords.first(in: value.text) else { return }
            report.add(position.location(project, indicator: i, field: field),
                       "指标“\(indicator.name)”的指标值“\(value.text)”含模糊表述“\(word)”，年终无法核验",
                       found: value.text, fix: "改为可核验的值，如“完成率≥95%”或“较上年提高5个百分点”")
        }
    }

    /// Budget execution is scored on its own at self-evaluation; it is not an output.
    struct ProcessMeasureAsOutput: IndicatorRule {
        let description = RuleDescription(
            id: "PROCESS-MEASURE-AS-OUTPUT", title: "以预算执行类指标作为产出指标", dimension: .relevance, defaultSeverity: .warning,
            explanation: "资金使用率、预算执行率、资金到位率、经费及时下达率等反映预算执行过程，不是项目产出；预算执行在自评时单独计分（词表可配置）。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard position.primary[i] == .output, let measure = context.processMeasures.first(in: indicator.name) else { return }
            report.add(position.location(project, indicator: i, field: "三级指标"),
                       "产出指标“\(indicator.name)”是预算执行类指标（\(measure)），不反映项目产出",
                       found: indicator.name, fix: "换成项目实际产出，如完成的数量、质量或时效；预算执行率在自评时单独计分")
        }
    }

    /// For cumulative counts, a year cannot need more than the whole period.
    struct AnnualExceedsPeriod: IndicatorRule {
        let description = RuleDescription(
            id: "ANNUAL-EXCEEDS-PERIOD", title: "年度指标值大于实施周期指标值", dimension: .feasibility, defaultSeverity: .warning,
            explanation: "对累计数量，年度指标值不应超过整个实施周期的指标值。比率（%）不累计，不在此列。"
        )

        static let rateUnits: Set<String> = ["%", "％", "百分比", "‰"]

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            // Most annual values repeat the period value: then there is nothing to compare.
            guard let periodValue = indicator.periodTarget, let annualValue = indicator.annualTarget, periodValue != annualValue else { return }
            let period = periodValue.parts, annual = annualValue.parts
            guard period.count == 1, annual.count == 1,
                  period[0].unit == annual[0].unit, !Self.rateUnits.contains(period[0].unit),
                  [.atLeast, .greaterThan, .none, .equal].contains(period[0].comparator),
                  annual[0].number > period[0].number else { return }
            report.add(position.location(project, indicator: i, field: "年度指标值"),
                       "指标“\(indicator.name)”的年度指标值 \(annual[0].number)\(annual[0].unit) 大于实施周期指标值 \(period[0].number)\(period[0].unit)",
                       expected: "≤ \(period[0].number)\(period[0].unit)", found: "\(annual[0].number)\(annual[0].unit)",
                       fix: "核对两个指标值：年度值应是实施周期值的一部分")
        }
    }

    /// A rate that cannot pass 100 % (满意度, 完成率, 覆盖率 …) set above it: never reached.
    struct RateAbove100: IndicatorRule {
        /// Names of rates bounded by 100 %; growth rates (增长率) are not.
        /// Searched as bytes (`KeywordSet`): `String.contains` of each word, Character by
        /// Character, was most of a review's time.
        static let boundedRates = KeywordSet(["满意度", "满意率", "完成率", "覆盖率", "合格率", "达标率", "知晓率", "参与率", "出勤率", "参训率",
                                              "到位率", "执行率", "使用率", "通过率", "及时率", "准确率", "正确率", "利用率", "办结率", "验收率"])
        static let growth = KeywordSet(["增长"])
        let description = RuleDescription(
            id: "RATE-ABOVE-100", title: "比率目标超过100%", dimension: .feasibility, defaultSeverity: .warning,
            explanation: "满意度、完成率、覆盖率等比率最高为100%，“高于100%”“≥120%”的目标无法达到。增长率不在此列。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard position.primary[i] == .satisfaction || Self.boundedRates.first(in: indicator.name) != nil,
                  Self.growth.first(in: indicator.name) == nil else { return }
            for (field, value) in [("实施周期指标值", indicator.periodTarget), ("年度指标值", indicator.annualTarget)] {
                guard let value, let part = value.parts.first(where: { AnnualExceedsPeriod.rateUnits.contains($0.unit) }) else { continue }
                let hundred = ExactDecimal(significand: 100, scale: 0)
                let unreachable = part.comparator == .greaterThan ? part.number >= hundred
                    : [.atLeast, .equal, .none].contains(part.comparator) && part.number > hundred
                guard unreachable else { continue }
                report.add(position.location(project, indicator: i, field: field),
                           "指标“\(indicator.name)”的\(field)“\(value.text)”超过100%，无法达到",
                           expected: "≤ 100%", found: value.text, fix: "改为可达到的比率，如“≥95%”或“100%”")
                return
            }
        }
    }

    /// A cost target caps spending: `≤459元/人`, not `≥459元`.
    struct CostFloor: IndicatorRule {
        let description = RuleDescription(
            id: "COST-FLOOR", title: "成本指标设为下限", dimension: .appropriateness, defaultSeverity: .warning,
            explanation: "以金额计的成本指标控制花费的上限（≤），写成“≥”“不低于”则是鼓励多花钱，与成本控制的本意相反。成本控制率、节约率等比率不在此列。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard position.secondary[i] == .cost || position.primary[i] == .cost,
                  let (field, value) = TargetRules.shownValue(indicator),
                  // Money spent (元, 万元 …); a cost-control or saving rate (成本控制率 ≥85%) rightly has a floor.
                  let part = value.parts.first(where: { ($0.comparator == .atLeast || $0.comparator == .greaterThan) && $0.unit.contains("元") }) else { return }
            report.add(position.location(project, indicator: i, field: field),
                       "成本指标“\(indicator.name)”的指标值“\(value.text)”设了下限（\(part.comparator.symbol)），成本应控制上限",
                       expected: "≤ \(part.number)\(part.unit)", found: value.text, fix: "改为上限，如“≤\(part.number)\(part.unit)”")
        }
    }

    /// A target copied unchanged from last year's table (a table started by copying it): the
    /// clerk should look at it, as this year's plan may differ.
    struct CarriedOver: IndicatorRule {
        let description = RuleDescription(
            id: "CARRIED-OVER", title: "沿用上年度指标值", dimension: .feasibility, defaultSeverity: .info,
            explanation: "指标值与本部门上一年度同一项目的同一指标完全相同。复制上年度表新建时常见；请按本年度的任务和资金核实。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard indicator.unparsedText == nil, indicator.periodTarget != nil || indicator.annualTarget != nil,
                  let last = context.previousTargets[ReviewContext.targetKey(position.unit, project.name, indicator.name)],
                  last == [indicator.periodTarget?.text, indicator.annualTarget?.text],
                  let (field, value) = TargetRules.shownValue(indicator) else { return }
            report.add(position.location(project, indicator: i, field: field),
                       "指标“\(indicator.name)”沿用了上年度的指标值“\(value.text)”",
                       found: value.text, fix: "按本年度的任务和资金核实；确实不变的可保留")
        }
    }

    /// The value a finding should quote: the annual one, or the period one when there is none.
    static func shownValue(_ indicator: Indicator) -> (String, TargetValue)? {
        if let annual = indicator.annualTarget { return ("年度指标值", annual) }
        if let period = indicator.periodTarget { return ("实施周期指标值", period) }
        return nil
    }
}
