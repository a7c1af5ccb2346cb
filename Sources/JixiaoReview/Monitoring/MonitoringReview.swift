import JixiaoCore

/// Lights and findings of a monitoring round (docs/domain.md §9), pure: the table's project and
/// what was reported for it in, its monitored line out.
public enum MonitoringReview {
    /// Every project of the table, in table order, with what `report` holds for it.
    public static func evaluate(_ table: BudgetTable, report: [ProjectPlace: ProjectProgress], month: Int,
                                settings: ReviewSettings = ReviewSettings()) -> [MonitoredProject] {
        var projects: [MonitoredProject] = []
        projects.reserveCapacity(table.projectCount)
        for (u, unit) in table.units.enumerated() {
            for (p, project) in unit.projects.enumerated() {
                projects.append(evaluate(project, unit: unit.name, progress: report[ProjectPlace(u: u, p: p)], month: month,
                                         moneyUnit: table.moneyUnit, settings: settings))
            }
        }
        return projects
    }

    /// `month`: the round runs to the end of month N (1–12). `progress` nil: nothing reported.
    public static func evaluate(_ project: Project, unit: String, progress: ProjectProgress?, month: Int, moneyUnit: MoneyUnit,
                                settings: ReviewSettings = ReviewSettings()) -> MonitoredProject {
        let n = Int128(min(max(month, 1), 12))
        let thresholds = settings.monitoring
        var findings = Findings(settings: settings, unit: unit, project: project.name)
        let budget = progress?.annualBudget ?? project.amounts.total

        var money = Execution(rate: nil, q: nil, light: nil)
        if let spent = progress?.spent {
            money = execution(spent: spent.fen, budget: budget.fen, month: month, thresholds: thresholds)
            if money.light == .red, !(progress?.deviation.givesReason ?? false) {
                findings.add(MonitoringRules.moneyNoReason, field: "偏差原因",
                             "预算执行率 \(percent(money.rate)) 低于序时进度（\(month) 个月应达 \(percent(Double(n) / 12))）的 \(thresholds.moneyRed)%，亮红灯，但未填写偏差原因",
                             found: "执行数 \(spent.formatted(in: moneyUnit))，全年预算数 \(budget.formatted(in: moneyUnit))",
                             fix: "在偏差原因中选择原因类别（经费保障、制度保障、人员保障、硬件条件保障、其他）并说明具体情况")
            }
        } else if progress != nil {
            findings.add(MonitoringRules.notReported, field: "执行数", "未填报 1–\(month) 月执行数，预算执行无法亮灯",
                         fix: "填写截至 \(month) 月底的执行数（\(moneyUnit.rawValue)）")
        }
        if let spent = progress?.spent, spent > budget {
            findings.add(MonitoringRules.forecastOverspend, field: "执行数",
                         "1–\(month) 月执行数 \(spent.formatted(in: moneyUnit)) 已超过全年预算数 \(budget.formatted(in: moneyUnit))",
                         expected: "≤\(budget.formatted(in: moneyUnit))", found: spent.formatted(in: moneyUnit),
                         fix: "核实执行数；确属超支的，按程序申请调剂或追加预算")
        } else if let forecast = progress?.forecastSpent, forecast > budget {
            findings.add(MonitoringRules.forecastOverspend, field: "全年预计执行数",
                         "全年预计执行数 \(forecast.formatted(in: moneyUnit)) 大于全年预算数 \(budget.formatted(in: moneyUnit))",
                         expected: "≤\(budget.formatted(in: moneyUnit))", found: forecast.formatted(in: moneyUnit),
                         fix: "核实预计数；确需超支的，按程序申请调剂或追加预算")
        }

        var indicators: [MonitoredIndicator] = []
        for (index, indicator) in project.indicators.enumerated() {
            let number = indicator.ordinal ?? index + 1
            let reported = progress?.indicator(number)
            indicators.append(evaluate(indicator, number: number, reported: reported, n: n, thresholds: thresholds,
                                       projectReported: progress != nil, findings: &findings))
        }
        if progress == nil {
            findings.add(MonitoringRules.notReported, field: nil, "项目未填报监控情况", fix: "填报执行数和各指标的完成情况")
        }
        let light = Light.worst([money.light] + indicators.map(\.light))
        return MonitoredProject(
            name: project.name, unit: unit, initialBudget: project.amounts.total.formatted(in: moneyUnit),
            annualBudget: budget.formatted(in: moneyUnit), spent: progress?.spent?.formatted(in: moneyUnit) ?? "",
            forecastSpent: progress?.forecastSpent?.formatted(in: moneyUnit) ?? "", executionRate: money.rate, q: money.q,
            moneyLight: money.light, deviation: progress?.deviation.cell ?? "", correction: progress?.correction ?? "",
            indicators: indicators, light: light, findings: findings.list, reported: progress != nil
        )
    }

    private static func evaluate(_ indicator: Indicator, number: Int, reported: IndicatorProgress?, n: Int128, thresholds: MonitoringThresholds,
                                 projectReported: Bool, findings: inout Findings) -> MonitoredIndicator {
        let target = indicator.annualTarget ?? indicator.periodTarget
        let part = target?.parts.first
        let kind: TargetKind = part.map(Self.kind) ?? .qualitative
        var line = MonitoredIndicator(
            number: number, level1: indicator.level1?.name ?? "", level2: indicator.level2?.name ?? "",
            name: indicator.name.isEmpty ? (indicator.unparsedText ?? "") : indicator.name, target: target?.text ?? "", kind: kind,
            reached: reported?.reached ?? "", forecast: reported?.forecast ?? "", likelihood: reported?.likelihood,
            deviation: reported?.deviation.cell ?? "", correction: reported?.correction ?? ""
        )
        let label = "指标\(number)“\(line.name)”"
        if let part, let reported {
            if let reached = Self.number(in: reported.reached, field: "截至目前完成值", label: label, indicator: number, findings: &findings) {
                let (light, c) = valueLight(kind: kind, part: part, reached: reached, n: n, thresholds: thresholds)
                (line.valueLight, line.c) = (light, c?.value)
            }
            if let forecast = Self.number(in: reported.forecast, field: "全年预计完成值", label: label, indicator: number, findings: &findings),
               reported.likelihood == .certain, !meets(forecast, part) {
                findings.add(MonitoringRules.forecastContradicts, indicator: number, field: "全年预计完成值",
                             "\(label)完成目标可能性为“确定能”，但全年预计完成值 \(reported.forecast) 达不到年度指标值 \(target?.text ?? "")",
                             expected: target?.text, found: reported.forecast,
                             fix: "核实全年预计完成值；确实无法完成的，将可能性改为“有可能”或“完全不可能”并说明原因")
            }
        }
        if reported?.likelihood == .impossible, !(reported?.correction.saysSomething ?? false) {
            findings.add(MonitoringRules.noCorrection, indicator: number, field: "纠偏措施",
                         "\(label)预计“完全不可能”完成，但未填写纠偏措施", fix: "说明拟采取的纠偏措施，或按程序申请调整绩效目标")
        }
        line.light = Light.worst([line.valueLight, reported?.likelihood?.light])
        if projectReported, line.light == nil, reported?.isEmpty ?? true {
            findings.add(MonitoringRules.notReported, indicator: number, field: nil, "\(label)未填报完成情况，无法亮灯",
                         fix: part == nil ? "选择完成目标可能性" : "填写截至目前完成值和完成目标可能性")
        }
        return line
    }

    /// Money's execution: 执行率 = spent ÷ budget, q = 执行率 ÷ (N ÷ 12), and its light, the
    /// boundaries decided exactly. Amounts in 分, of one project or summed over a department's
    /// or a round's (128 bits hold any sum of Int64s this takes); a budget of zero has no rate.
    public struct Execution: Sendable {
        public var rate: Double?
        public var q: Double?
        public var light: Light?
    }

    public static func execution(spent: Int64, budget: Int64, month: Int, thresholds: MonitoringThresholds) -> Execution {
        guard let rate = Ratio(Int128(spent), over: Int128(budget)) else { return Execution(rate: nil, q: nil, light: nil) }
        let q = rate.scaled(by: 12, over: Int128(min(max(month, 1), 12)))
        let light: Light? = q.map { $0.isBelow(percent: thresholds.moneyRed) ? .red : $0.isBelow(percent: thresholds.moneyYellow) ? .yellow : .green }
        return Execution(rate: rate.value, q: q?.value, light: light)
    }

    static func kind(_ part: QuantitativeTarget) -> TargetKind {
        if part.comparator == .atMost || part.comparator == .lessThan { return .reverse }
        return ["%", "％", "百分比"].contains(part.unit) ? .rate : .counted
    }

    /// The value light of `reached` against the target `part` of the given kind, and c where it applies.
    static func valueLight(kind: TargetKind, part: QuantitativeTarget, reached: ExactDecimal, n: Int128,
                           thresholds: MonitoringThresholds) -> (Light, Ratio?) {
        switch kind {
        case .qualitative:
            return (.green, nil)
        case .reverse:
            return (reached <= part.number ? .green : .red, nil)
        case .rate, .counted:
            let ratio = Ratio(reached, over: part.number)
            let c = kind == .rate ? ratio : ratio?.scaled(by: 12, over: n)
            guard let c else {
                // A target of zero (or one too long to hold exactly): reaching it is all there is.
                return (reached >= part.number ? .green : .red, nil)
            }
            let light: Light = c.isBelow(percent: thresholds.targetRed) ? .red
                : c.isBelow(percent: thresholds.targetYellow) ? .yellow
                : c.isBelow(percent: thresholds.targetBlue) ? .green : .blue
            return (light, c)
        }
    }

    /// Whether a full-year value meets the target as its comparator reads.
    static func meets(_ value: ExactDecimal, _ part: QuantitativeTarget) -> Bool {
        switch part.comparator {
        case .atLeast, .none: value >= part.number
        case .greaterThan: value > part.number
        case .equal: !(value < part.number) && !(part.number < value)
        case .atMost: value <= part.number
        case .lessThan: value < part.number
        }
    }

    /// The number a reported value states (`45%`, `1人`, `3`); nil when empty, and a finding when
    /// it is not a number.
    private static func number(in text: String, field: String, label: String, indicator: Int, findings: inout Findings) -> ExactDecimal? {
        guard !text.isBlank else { return nil }
        if let value = TargetValue(text: text).parts.first?.number { return value }
        findings.add(MonitoringRules.unreadableValue, indicator: indicator, field: field,
                     "\(label)的\(field)“\(text)”不是数值，无法与指标值比较", found: text, fix: "填写数字和单位，如“45%”“2人”")
        return nil
    }

    /// `45.00%`
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        let hundredths = (value * 10_000).rounded()
        let whole = Int(hundredths / 100)
        let fraction = Int(abs(hundredths).truncatingRemainder(dividingBy: 100))
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// A report not submitted by its due date (`MON-LATE`): `due`, `submittedOn`, `today` as
    /// `YYYY-MM-DD`, which order as text.
    public static func lateness(due: String, submittedOn: String?, today: String, department: String,
                                settings: ReviewSettings = ReviewSettings()) -> Finding? {
        let late = submittedOn.map { $0 > due } ?? (today > due)
        guard late else { return nil }
        var findings = Findings(settings: settings, unit: department, project: nil)
        findings.add(MonitoringRules.late, field: "提交日期",
                     submittedOn.map { "监控报告于 \($0) 提交，晚于截止日期 \(due)" } ?? "监控报告截止日期 \(due) 已过，尚未提交",
                     expected: "≤\(due)", found: submittedOn ?? "未提交", fix: "尽快填报并提交监控报告")
        return findings.list.first
    }
}

/// The findings of one project, at the severities the settings give, disabled rules left out.
struct Findings {
    let settings: ReviewSettings
    let unit: String
    let project: String?
    private(set) var list: [Finding] = []

    init(settings: ReviewSettings, unit: String, project: String?) {
        (self.settings, self.unit, self.project) = (settings, unit, project)
    }

    mutating func add(_ rule: MonitoringRules.Rule, indicator: Int? = nil, field: String?, _ message: String,
                      expected: String? = nil, found: String? = nil, fix: String) {
        guard let severity = settings.severity(of: rule.description) else { return }
        list.append(Finding(rule: rule.description.id, severity: severity, dimension: rule.description.dimension,
                            location: Location(unit: unit, project: project, indicator: indicator, field: field),
                            message: message, expected: expected, found: found, fix: fix))
    }
}
