import JixiaoCore

/// 适当性 and consistency: 涉密 projects, money against the indicators that account for it.
enum ConsistencyRules {
    struct SecretPublishesIndicators: ProjectRule {
        let description = RuleDescription(
            id: "SECRET-PUBLISHES-INDICATORS", title: "涉密项目公开了绩效指标", dimension: .appropriateness, defaultSeverity: .warning,
            explanation: "项目名称或目标标明涉密的，不应公开绩效指标；或应说明为何仍公开。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            guard !project.indicators.isEmpty, position.isSecret else { return }
            report.add(position.location(project, field: "绩效指标"),
                       "项目标明涉密，却公开了 \(project.indicators.count) 项绩效指标",
                       fix: "确认是否涉密：涉密则不公开指标；不涉密则删去涉密说明并完整填报目标和指标")
        }
    }

    struct SecretStatesNoReason: ProjectRule {
        let description = RuleDescription(
            id: "SECRET-NO-REASON", title: "涉密项目未说明不公开的依据", dimension: .appropriateness, defaultSeverity: .info,
            explanation: "涉密项目不公开绩效目标时，宜在目标栏说明依据（如“据上级文件要求，本项目涉密”）。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            guard project.goal.isEmpty, position.isSecret else { return }
            report.add(position.location(project, field: "绩效目标"), "项目标明涉密，但未说明不公开绩效目标的依据",
                       fix: "在绩效目标栏说明依据，如“据上级相关文件要求，本项目相关内容涉密，暂不公开”")
        }
    }

    /// A large project accounted for by very few indicators (thresholds configurable).
    struct FewIndicators: ProjectRule {
        let description = RuleDescription(
            id: "FEW-INDICATORS", title: "大额项目指标过少", dimension: .appropriateness, defaultSeverity: .warning,
            explanation: "金额较大的项目应有与之相称的指标（默认：≥500万元的项目至少3项指标，可配置）。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            let threshold = Money(fen: Int64(context.settings.largeProjectWanYuan) * MoneyUnit.wanYuan.fenPerUnit)
            let minimum = context.settings.minimumIndicatorsForLargeProject
            guard project.amounts.total >= threshold, !project.indicators.isEmpty, project.indicators.count < minimum else { return }
            report.add(position.location(project, field: "绩效指标"),
                       "项目金额 \(context.money(project.amounts.total))，只有 \(project.indicators.count) 项指标（金额 ≥\(context.settings.largeProjectWanYuan)万元的项目应至少 \(minimum) 项）",
                       expected: "≥ \(minimum)", found: "\(project.indicators.count)",
                       fix: "按资金用途补充产出、效益和满意度指标，使指标能说明资金的全部用途")
        }
    }
}
