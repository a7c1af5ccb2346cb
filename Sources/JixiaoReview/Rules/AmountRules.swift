import JixiaoCore

/// The table's three identities (docs/domain.md §2). A difference of one hundredth of the money
/// unit (0.01 万元) is a rounding slip, a warning; more is an error.
enum AmountRules {
    /// 总计 = 财政拨款 + 财政专户拨款 + 其他资金, on every row.
    struct RowSources: TableRule {
        let description = RuleDescription(
            id: "SUM-PROJECT-ROW", title: "总计与资金来源之和不符", dimension: .amounts, defaultSeverity: .error,
            explanation: "每一行（合计、单位、项目）的总计应等于财政拨款、财政专户拨款与其他资金之和。相差0.01为四舍五入（警告），更多为错误。"
        )

        func check(_ context: ReviewContext, _ report: inout FindingReport) {
            if let total = context.table.total { compare(total, at: context.atTotal(field: "总计"), context, &report) }
            for (u, unit) in context.table.units.enumerated() {
                compare(unit.amounts, at: context.atUnit(u, field: "总计"), context, &report)
                for p in unit.projects.indices {
                    compare(unit.projects[p].amounts, at: context.atProject(u, p, field: "总计"), context, &report)
                }
            }
        }

        private func compare(_ amounts: Amounts, at location: Location, _ context: ReviewContext, _ report: inout FindingReport) {
            let sources = Money.checkedSum([amounts.fiscalAppropriation, amounts.specialAccount, amounts.otherFunds])
            guard let sources else {
                report.add(location, "资金来源之和超出可计算范围", fix: "核对该行金额")
                return
            }
            guard sources != amounts.total else { return }
            let difference = (amounts.total - sources).magnitude
            let rounding = AmountRules.isRounding(difference, context)
            report.add(
                location,
                "总计 \(context.money(amounts.total)) ≠ 财政拨款 + 财政专户拨款 + 其他资金 = \(context.money(sources))（相差 \(context.money(difference))\(rounding ? "，可能是四舍五入" : "")）",
                expected: sources.formatted(in: context.unit), found: amounts.total.formatted(in: context.unit),
                fix: "核对该行各资金来源，使总计等于三项资金之和",
                severity: rounding ? .warning : .error
            )
        }
    }

    /// Each unit row = the sum of its projects, per column.
    struct UnitSubtotal: TableRule {
        let description = RuleDescription(
            id: "SUM-UNIT", title: "单位小计与所属项目之和不符", dimension: .amounts, defaultSeverity: .error,
            explanation: "资金使用单位行的各列金额应等于其下所有项目之和。相差0.01为四舍五入（警告），更多为错误。"
        )

        func check(_ context: ReviewContext, _ report: inout FindingReport) {
            for (u, unit) in context.table.units.enumerated() {
                AmountRules.compareColumns(
                    stated: unit.amounts, parts: unit.projects.map(\.amounts), what: "单位小计", partsName: "所属项目之和",
                    location: { context.atUnit(u, field: $0) }, fix: "核对该单位所属项目的金额，或更正单位小计行",
                    context, &report
                )
            }
        }
    }

    /// 合计 = the sum of the unit rows, per column.
    struct DepartmentTotal: TableRule {
        let description = RuleDescription(
            id: "SUM-TOTAL", title: "合计与各单位小计之和不符", dimension: .amounts, defaultSeverity: .error,
            explanation: "合计行的各列金额应等于各资金使用单位小计之和；表中应有合计行。"
        )

        func check(_ context: ReviewContext, _ report: inout FindingReport) {
            guard let total = context.table.total else {
                report.add(context.atTotal(), "表中没有合计行", fix: "在表头下增加合计行，列出全部单位的金额之和", severity: .info)
                return
            }
            AmountRules.compareColumns(
                stated: total, parts: context.table.units.map(\.amounts), what: "合计", partsName: "各单位小计之和",
                location: { context.atTotal(field: $0) }, fix: "核对合计行，或各单位小计行",
                context, &report
            )
        }
    }

    static func isRounding(_ difference: Money, _ context: ReviewContext) -> Bool {
        difference.fen <= context.unit.fenPerUnit / 100
    }

    /// One finding per column whose stated amount differs from the sum of the parts.
    static func compareColumns(
        stated: Amounts, parts: [Amounts], what: String, partsName: String,
        location: (String) -> Location, fix: String, _ context: ReviewContext, _ report: inout FindingReport
    ) {
        for column in AmountColumn.allCases {
            let statedValue = stated[column]
            guard let sum = Money.checkedSum(parts.lazy.map { $0[column] }) else {
                report.add(location(column.title), "\(partsName)超出可计算范围", fix: fix)
                continue
            }
            guard sum != statedValue else { continue }
            let difference = (statedValue - sum).magnitude
            let rounding = isRounding(difference, context)
            report.add(
                location(column.title),
                "\(what)\(column.title) \(context.money(statedValue)) ≠ \(partsName) \(context.money(sum))（相差 \(context.money(difference))\(rounding ? "，可能是四舍五入" : "")）",
                expected: sum.formatted(in: context.unit), found: statedValue.formatted(in: context.unit),
                fix: fix, severity: rounding ? .warning : .error
            )
        }
    }
}
