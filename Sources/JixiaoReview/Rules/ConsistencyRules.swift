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

    /// An amount no project of a district department has: more likely 元 typed as 万元, or a
    /// digit too many (the ceiling is a setting of the year).
    struct AmountCeiling: ProjectRule {
        let description = RuleDescription(
            id: "AMOUNT-CEILING", title: "项目金额超出常见范围", dimension: .appropriateness, defaultSeverity: .warning,
            explanation: "项目金额高于设定的上限（默认 100,000 万元，可配置），多为把元当作万元或多写了位数。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            let (ceiling, overflow) = Int64(context.settings.projectCeilingWanYuan).multipliedReportingOverflow(by: MoneyUnit.wanYuan.fenPerUnit)
            guard !overflow, project.amounts.total > Money(fen: ceiling) else { return }
            report.add(position.location(project, field: "总计"),
                       "项目金额 \(context.money(project.amounts.total)) 超过 \(context.settings.projectCeilingWanYuan) 万元的上限",
                       expected: "≤ \(context.settings.projectCeilingWanYuan) 万元", found: context.money(project.amounts.total),
                       fix: "核对金额的单位（万元）和位数")
        }
    }

    /// A continuing project whose money changed tenfold from last year's (either way).
    struct AmountJump: ProjectRule {
        let description = RuleDescription(
            id: "AMOUNT-JUMP", title: "项目金额较上年变化过大", dimension: .appropriateness, defaultSeverity: .warning,
            explanation: "同一单位的同名项目，金额是上一年度的 10 倍以上或十分之一以下（倍数可配置），请核对金额或说明原因。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            guard let last = context.previousTotals[position.unit + "|" + project.name], last > .zero, project.amounts.total > .zero else { return }
            let factor = Int64(max(2, context.settings.changeFactorFromLastYear))
            let (now, before) = (project.amounts.total.fen, last.fen)
            // Compared as now > before × factor (or before > now × factor), without overflow.
            let (up, upOverflow) = before.multipliedReportingOverflow(by: factor)
            let (down, downOverflow) = now.multipliedReportingOverflow(by: factor)
            guard (!upOverflow && now > up) || (!downOverflow && before > down) else { return }
            report.add(position.location(project, field: "总计"),
                       "项目金额 \(context.money(project.amounts.total))，上一年度为 \(context.money(last))，相差 \(factor) 倍以上",
                       expected: "上年 \(context.money(last)) 的 1/\(factor)～\(factor) 倍", found: context.money(project.amounts.total),
                       fix: "核对金额；确有变化的，在绩效目标中说明原因")
        }
    }
}
