import JixiaoCore
import JixiaoReview

/// The monitoring form of one project (docs/domain.md §9): its money in 万元 and each
/// indicator's progress, posted as `rows[N][field]`; read into a `ProjectProgress`, or into
/// what is wrong with it, every field as typed kept for the form to show again.
enum MonitoringForm {
    /// The 偏差原因 categories as checkboxes (`causes[funding]`): sent only when ticked.
    struct Causes: Decodable, Sendable {
        var funding: Bool, policy: Bool, staffing: Bool, equipment: Bool, other: Bool

        init(_ causes: [DeviationCause]) {
            (funding, policy, staffing, equipment, other) = (causes.contains(.funding), causes.contains(.policy), causes.contains(.staffing),
                                                             causes.contains(.equipment), causes.contains(.other))
        }

        var list: [DeviationCause] {
            zip(DeviationCause.allCases, [funding, policy, staffing, equipment, other]).filter(\.1).map(\.0)
        }

        static let keys = ["funding", "policy", "staffing", "equipment", "other"]
    }

    struct Row: Decodable, Sendable {
        var number: String, reached: String, forecast: String, likelihood: String
        var causes: Causes, deviation: String, correction: String
    }

    struct Input: Decodable, Sendable {
        var version: String
        var annualBudget: String, spent: String, forecastSpent: String
        var causes: Causes, deviation: String, correction: String
        var rows: [Row]
    }

    /// The form of what was saved (or of nothing, for a project not yet reported).
    static func input(_ progress: ProjectProgress?, project: Project, version: Int) -> Input {
        func text(_ money: Money?) -> String { money.map { $0.formatted(in: .wanYuan, thousandsSeparator: false) } ?? "" }
        return Input(
            version: String(version), annualBudget: text(progress?.annualBudget), spent: text(progress?.spent), forecastSpent: text(progress?.forecastSpent),
            causes: Causes(progress?.deviation.causes ?? []), deviation: progress?.deviation.text ?? "", correction: progress?.correction ?? "",
            rows: project.indicators.enumerated().map { i, indicator in
                let number = indicator.ordinal ?? i + 1
                let reported = progress?.indicator(number)
                return Row(number: String(number), reached: reported?.reached ?? "", forecast: reported?.forecast ?? "",
                           likelihood: reported?.likelihood?.rawValue ?? "", causes: Causes(reported?.deviation.causes ?? []),
                           deviation: reported?.deviation.text ?? "", correction: reported?.correction ?? "")
            })
    }

    /// What is wrong with a posted form and the field it is in (`spent`, `rows[2][likelihood]`).
    typealias Problem = ProjectForm.Problem

    /// The progress the form reports for `project`, or what is wrong with it.
    static func progress(_ form: Input, project: Project) -> (ProjectProgress?, [Problem]) {
        var problems: [Problem] = []
        func money(_ text: String, _ field: String, _ label: String) -> Money? {
            let trimmed = text.trimmingSpaces()
            guard !trimmed.isEmpty else { return nil }
            do {
                let value = try Money(parsing: trimmed, in: .wanYuan)
                if value.fen < 0 { problems.append(Problem(field: field, message: "\(label)不能为负数")) }
                return value
            } catch {
                problems.append(Problem(field: field, message: ProjectForm.amountProblem(error, trimmed, label)))
                return nil
            }
        }
        var progress = ProjectProgress(project: project.name, annualBudget: money(form.annualBudget, "annualBudget", "全年预算数"),
                                       spent: money(form.spent, "spent", "执行数"), forecastSpent: money(form.forecastSpent, "forecastSpent", "全年预计执行数"),
                                       deviation: DeviationReason(causes: form.causes.list, text: form.deviation.trimmingSpaces()),
                                       correction: form.correction.trimmingSpaces())
        let numbers = Set(project.indicators.enumerated().map { $0.element.ordinal ?? $0.offset + 1 })
        for (i, row) in form.rows.enumerated() {
            guard let number = Int(row.number), numbers.contains(number) else {
                problems.append(Problem(field: "rows[\(i)]", message: "第 \(i + 1) 行的指标序号“\(row.number)”不是本项目的指标（请刷新页面）"))
                continue
            }
            var likelihood: Likelihood?
            if !row.likelihood.isEmpty {
                guard let chosen = Likelihood(rawValue: row.likelihood) else {
                    problems.append(Problem(field: "rows[\(i)][likelihood]", message: "指标\(number)的完成目标可能性“\(row.likelihood)”不是可选的值"))
                    continue
                }
                likelihood = chosen
            }
            let reported = IndicatorProgress(ordinal: number, reached: row.reached.trimmingSpaces(), forecast: row.forecast.trimmingSpaces(),
                                             likelihood: likelihood, deviation: DeviationReason(causes: row.causes.list, text: row.deviation.trimmingSpaces()),
                                             correction: row.correction.trimmingSpaces())
            guard progress.indicator(number) == nil else {
                problems.append(Problem(field: "rows[\(i)]", message: "指标\(number)填了两行（请刷新页面）"))
                continue
            }
            if !reported.isEmpty { progress.indicators.append(reported) }
        }
        if let (field, limit) = progress.oversized { problems.append(Problem(field: "text", message: "\(field)超过 \(limit) 字，请精简")) }
        return problems.isEmpty ? (progress, []) : (nil, problems)
    }
}
