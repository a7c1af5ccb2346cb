import JixiaoCore

/// 相关性 of the framework: 二级 under its own 一级, names the framework knows, codes that
/// agree with names, items that follow the grammar, no project twice.
enum StructureRules {
    struct LevelMismatch: IndicatorRule {
        let description = RuleDescription(
            id: "LEVEL-MISMATCH", title: "二级指标不属于所填一级指标", dimension: .relevance, defaultSeverity: .error,
            explanation: "二级指标必须属于其一级指标，如“22-社会效益”属于“2-效益指标”。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard let primary = position.primary[i], let secondary = position.secondary[i],
                  !secondary.primaries.contains(primary) else { return }
            let belongs = secondary.primaries.map(\.rawValue).joined(separator: "或")
            report.add(position.location(project, indicator: i, field: "二级指标"),
                       "二级指标“\(indicator.level2?.text ?? "")”不属于一级指标“\(indicator.level1?.text ?? "")”，应属于\(belongs)",
                       expected: belongs, found: indicator.level1?.text,
                       fix: "把一级指标改为\(belongs)，或换用属于“\(primary.rawValue)”的二级指标")
        }
    }

    struct UnknownLevel: IndicatorRule {
        let description = RuleDescription(
            id: "UNKNOWN-LEVEL", title: "指标层级名称不在指标体系中", dimension: .relevance, defaultSeverity: .warning,
            explanation: "一级、二级指标应使用指标体系中的名称（产出指标、数量指标……）。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard indicator.unparsedText == nil else { return }
            if let level1 = indicator.level1, position.primary[i] == nil {
                report.add(position.location(project, indicator: i, field: "一级指标"), "一级指标“\(level1.text)”不在指标体系中",
                           fix: "使用产出指标、效益指标、满意度指标或成本指标")
            }
            if let level2 = indicator.level2, position.secondary[i] == nil {
                report.add(position.location(project, indicator: i, field: "二级指标"), "二级指标“\(level2.text)”不在指标体系中",
                           fix: "使用指标体系中的二级指标，如数量指标、社会效益指标")
            }
        }
    }

    /// Codes are data (provinces number differently), so a code that disagrees with the
    /// Guangdong scheme is a warning, and the rule can be switched off.
    struct CodeMismatch: IndicatorRule {
        let description = RuleDescription(
            id: "CODE-MISMATCH", title: "指标编码与名称不符", dimension: .relevance, defaultSeverity: .warning,
            explanation: "指标编码应与名称对应（广东：1-产出指标，11-数量指标，22-社会效益……）。使用其他编码体系的地区可关闭此规则。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            if let level = indicator.level1, let code = level.code, let expected = position.primary[i]?.guangdongCode, code != expected {
                report.add(position.location(project, indicator: i, field: "一级指标"), "一级指标“\(level.name)”的编码应为 \(expected)，表中为 \(code)",
                           expected: expected, found: code, fix: "把编码改为 \(expected)")
            }
            if let level = indicator.level2, let code = level.code, let expected = position.secondary[i]?.guangdongCode, code != expected {
                report.add(position.location(project, indicator: i, field: "二级指标"), "二级指标“\(level.name)”的编码应为 \(expected)，表中为 \(code)",
                           expected: expected, found: code, fix: "把编码改为 \(expected)")
            }
        }
    }

    struct UnreadableIndicator: IndicatorRule {
        let description = RuleDescription(
            id: "UNREADABLE-INDICATOR", title: "指标无法识别", dimension: .relevance, defaultSeverity: .error,
            explanation: "指标应按“一级：二级：三级；实施周期指标值：…；年度指标值：…。”填写，否则无法识别和评价。"
        )

        func check(_ indicator: Indicator, _ i: Int, of project: Project, at position: ProjectPosition,
                   _ context: ReviewContext, _ report: inout FindingReport) {
            guard let text = indicator.unparsedText else { return }
            report.add(position.location(project, indicator: i, field: "绩效指标"), "无法识别的指标：“\(String(text.prefix(60)))”",
                       found: text, fix: "按“1-产出指标：11-数量指标：指标名称；实施周期指标值：≥2人；年度指标值：≥2人。”的格式填写")
        }
    }

    struct DuplicateProject: TableRule {
        let description = RuleDescription(
            id: "DUPLICATE-PROJECT", title: "同一单位项目名称重复", dimension: .relevance, defaultSeverity: .warning,
            explanation: "同一资金使用单位下不应有两个同名项目。"
        )

        func check(_ context: ReviewContext, _ report: inout FindingReport) {
            for (u, unit) in context.table.units.enumerated() {
                // Keyed by a hash of the name's bytes (String hashing normalises Chinese text
                // first, which is slow), confirmed by comparing the names.
                var first: [UInt64: Int] = [:]
                for (p, project) in unit.projects.enumerated() {
                    let key = UTF8Scan.withBytes(project.name) { UTF8Scan.hash($0, 0..<$0.count) }
                    if let earlier = first[key], unit.projects[earlier].name == project.name {
                        let line = context.lines.project(u, earlier).map { "（第\($0)行）" } ?? ""
                        report.add(context.atProject(u, p, field: "项目名称"), "项目名称与本单位第\(earlier + 1)个项目\(line)重复",
                                   fix: "合并两个项目，或在名称中区分（如注明文号、年度）")
                    } else if first[key] == nil {
                        first[key] = p
                    }
                }
            }
        }
    }
}
