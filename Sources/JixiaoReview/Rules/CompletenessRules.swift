import JixiaoCore

/// 完整性: every project has a goal, outputs and benefits, both values, tidy numbering.
/// A 涉密 project with no goal and no indicators is exempt (docs/domain.md §7).
enum CompletenessRules {
    struct GoalMissing: ProjectRule {
        let description = RuleDescription(
            id: "GOAL-MISSING", title: "未填写绩效目标", dimension: .completeness, defaultSeverity: .warning,
            explanation: "每个项目应有绩效目标，说明资金要做什么、做到什么程度。涉密且未公开目标和指标的项目除外。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            guard project.goal.isEmpty, !position.isExemptSecret(project) else { return }
            report.add(position.location(project, field: "绩效目标"), "项目未填写绩效目标",
                       fix: "填写项目的年度绩效目标：资金用于做什么、预期达到什么效果")
        }
    }

    struct IndicatorsMissing: ProjectRule {
        let description = RuleDescription(
            id: "INDICATORS-MISSING", title: "未填写绩效指标", dimension: .completeness, defaultSeverity: .warning,
            explanation: "每个项目应有绩效指标；涉密且未公开目标和指标的项目除外。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            guard project.indicators.isEmpty, !position.isExemptSecret(project) else { return }
            report.add(position.location(project, field: "绩效指标"), "项目未填写绩效指标",
                       fix: "至少填写一项产出指标和一项效益指标，给出实施周期指标值和年度指标值")
        }
    }

    /// At least one 产出 and one 效益 indicator.
    struct CategoryMissing: ProjectRule {
        let category: PrimaryCategory
        let description: RuleDescription

        init(_ category: PrimaryCategory) {
            self.category = category
            let name = category.rawValue
            description = RuleDescription(
                id: category == .output ? "OUTPUT-MISSING" : "BENEFIT-MISSING", title: "缺少\(name)", dimension: .completeness,
                defaultSeverity: .warning, explanation: "项目应至少有一项\(name)。"
            )
        }

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            guard !project.indicators.isEmpty, !position.primary.contains(category) else { return }
            report.add(position.location(project, field: "绩效指标"), "项目有 \(project.indicators.count) 项指标，但没有\(category.rawValue)",
                       fix: category == .output ? "增加产出指标：数量、质量、时效或成本" : "增加效益指标：经济、社会、生态效益或可持续影响")
        }
    }

    /// A project that serves people directly should measure their satisfaction (default).
    struct SatisfactionExpected: ProjectRule {
        let description = RuleDescription(
            id: "SATISFACTION-EXPECTED", title: "直接服务群众的项目缺少满意度指标", dimension: .completeness, defaultSeverity: .warning,
            explanation: "项目名称或绩效目标表明其直接服务群众（关键词可配置：群众、补助、培训……）时，应设满意度指标。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            guard !project.indicators.isEmpty,
                  !position.primary.contains(.satisfaction),
                  let keyword = context.serviceKeywords.first(in: project.name) ?? context.serviceKeywords.first(in: project.goal) else { return }
            report.add(position.location(project, field: "绩效指标"), "项目直接服务群众（名称或目标含“\(keyword)”），但没有满意度指标",
                       fix: "增加“服务对象满意度”指标，如 ≥90%")
        }
    }

    /// Both 实施周期指标值 and 年度指标值.
    struct TargetValueMissing: IndicatorRule {
        let description = RuleDescription(
            id: "TARGET-VALUE-MISSING", title: "指标值不全", dimension: .completeness, defaultSeverity: .warning,
            explanation: "每项指标应同时给出实施周期指标值和年度指标值。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard indicator.unparsedText == nil else { return }
            if indicator.annualTarget == nil {
                report.add(position.location(project, indicator: i, field: "年度指标值"), "指标“\(indicator.name)”只有实施周期指标值，没有年度指标值",
                           fix: "补充年度指标值（本年度要达到的值）")
            }
            if indicator.periodTarget == nil {
                report.add(position.location(project, indicator: i, field: "实施周期指标值"), "指标“\(indicator.name)”没有实施周期指标值",
                           fix: "补充实施周期指标值（项目整个实施期要达到的值）")
            }
        }
    }

    /// 1、2、3… without gaps or repeats.
    struct Numbering: ProjectRule {
        let description = RuleDescription(
            id: "NUMBERING", title: "指标编号不连续", dimension: .completeness, defaultSeverity: .warning,
            explanation: "绩效指标应按 1、2、3…… 连续编号，不跳号、不重号。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            for (i, indicator) in project.indicators.enumerated() where indicator.ordinal != i + 1 {
                let found = indicator.ordinal.map { "\($0)、" } ?? "无编号"
                report.add(position.location(project, indicator: i, field: "指标序号"),
                           "第\(i + 1)项指标的编号应为 \(i + 1)、，表中为 \(found)",
                           expected: "\(i + 1)", found: indicator.ordinal.map(String.init) ?? "",
                           fix: "按 1、2、3…… 重新编号")
                return
            }
        }
    }
}
