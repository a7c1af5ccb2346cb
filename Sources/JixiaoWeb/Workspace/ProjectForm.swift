import Foundation
import JixiaoCore
import JixiaoReview

/// The project form's fields to and from a `Project`: amounts in 万元 (the 总计 is their sum),
/// the goal, and indicator rows with 一级/二级 chosen from the framework (docs/domain.md §3).
enum ProjectForm {
    /// Blank indicator rows offered under the project's own, for adding without JavaScript.
    static let spareRows = 3

    /// A framework level as a select option's value: `code|name`, so a level kept as it was
    /// keeps its code and spelling.
    static func value(_ level: IndicatorLevel?) -> String { level.map { "\($0.code ?? "")|\($0.name)" } ?? "" }

    static func level(_ value: String) -> IndicatorLevel? {
        let parts = value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        return IndicatorLevel(code: parts[0].isEmpty ? nil : String(parts[0]), name: String(parts[1]))
    }

    static let primaryLevels: [(IndicatorLevel, String)] = PrimaryCategory.allCases.map {
        (IndicatorLevel(code: $0.guangdongCode, name: $0.rawValue), $0.guangdongCode.map { code in "\(code)-" } ?? "")
    }

    static let secondaryLevels: [(IndicatorLevel, String)] = SecondaryCategory.allCases.flatMap { secondary in
        secondary.primaries.map { primary in
            (IndicatorLevel(code: primary == .cost && secondary == .cost ? nil : secondary.guangdongCode, name: secondary.customaryName),
             primary.rawValue)
        }
    }

    /// Options for a select, the current level selected (and offered even if it is not in the framework).
    static func options(_ levels: [(IndicatorLevel, String)], current: IndicatorLevel?, group: Bool) -> [IndicatorRow.Option] {
        var options = [IndicatorRow.Option(value: "", title: "—", selected: false)]
        var found = current == nil
        var seen = Set<String>()
        for (level, note) in levels {
            let value = value(level)
            guard seen.insert(value).inserted else { continue }
            let selected = current.map { $0.name == level.name && $0.code == level.code } ?? false
            if selected { found = true }
            let short = note.replacingOccurrences(of: "指标", with: "")
            options.append(.init(value: value, title: (level.code.map { "\($0)-" } ?? "") + level.name + (group ? "（\(short)）" : ""), selected: selected,
                                 primary: group ? note : ""))
        }
        if !found, let current { options.append(.init(value: value(current), title: current.text + "（原文）", selected: true)) }
        return options
    }

    /// How Jixiao reads a target value: `≥ 2 人；≤ 30 天`; 期限 for a date or deadline (how a
    /// 时效指标 is measured); 定性 for the rest.
    static func reading(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        let value = TargetValue(text: text)
        guard value.isQuantitative else { return Deadline.isStated(in: text) ? "期限（按日期核验）" : "定性（无比较符和数值）" }
        return value.parts.map { part in
            [part.subject, part.comparator == .none ? "" : part.comparator.symbol, part.number.description, part.unit]
                .filter { !$0.isEmpty }.joined(separator: " ")
        }.joined(separator: "；")
    }

    /// Shown as a value to look at (orange): neither a number nor a date.
    static func isQualitative(_ value: TargetValue) -> Bool { !value.isQuantitative && !Deadline.isStated(in: value.text) }

    static func amountText(_ money: Money) -> String { money.isZero ? "" : money.formatted(in: .wanYuan, thousandsSeparator: false) }

    /// The form's rows for a project (its indicators, then spare rows).
    static func rows(_ indicators: [Indicator]) -> [IndicatorRow] {
        let rows = indicators.enumerated().map { i, indicator in
            IndicatorRow(i: i, order: i + 1, name: indicator.name,
                         l1: options(primaryLevels, current: indicator.level1, group: false),
                         l2: options(secondaryLevels, current: indicator.level2, group: true),
                         period: indicator.periodTarget?.text ?? "", annual: indicator.annualTarget?.text ?? "",
                         periodReading: reading(indicator.periodTarget?.text ?? ""), annualReading: reading(indicator.annualTarget?.text ?? ""),
                         periodQualitative: indicator.periodTarget.map(isQualitative) ?? false,
                         annualQualitative: indicator.annualTarget.map(isQualitative) ?? false,
                         raw: indicator.unparsedText)
        }
        return rows + spare(from: rows.count)
    }

    /// Blank rows numbered from `start`.
    static func spare(from start: Int) -> [IndicatorRow] {
        (start..<(start + spareRows)).map { i in
            IndicatorRow(i: i, order: i + 1, name: "", l1: options(primaryLevels, current: nil, group: false),
                         l2: options(secondaryLevels, current: nil, group: true), period: "", annual: "",
                         periodReading: "", annualReading: "", periodQualitative: false, annualQualitative: false, raw: nil)
        }
    }

    /// The rows as they were posted, for a form refused for its content: every row up to the
    /// last one with anything in it, as typed (a row's problems name it by this position, so
    /// blank rows before it stay), then fresh spare rows; the rows a problem names marked.
    static func rows(typed form: Input, problems: [Problem]) -> [IndicatorRow] {
        let bad = Set(problems.map(\.field))
        let used = form.rows.lastIndex { !($0.name + $0.period + $0.annual + $0.raw + $0.l1 + $0.l2).isEmpty }.map { $0 + 1 } ?? 0
        let rows = form.rows.prefix(used).enumerated().map { i, row in
            let period = TargetValue(text: row.period), annual = TargetValue(text: row.annual)
            return IndicatorRow(i: i, order: Int(row.order.trimmingCharacters(in: .whitespaces)) ?? i + 1, orderText: row.order, name: row.name,
                                l1: options(primaryLevels, current: level(row.l1), group: false),
                                l2: options(secondaryLevels, current: level(row.l2), group: true), period: row.period, annual: row.annual,
                                periodReading: reading(row.period), annualReading: reading(row.annual),
                                periodQualitative: !row.period.isEmpty && isQualitative(period),
                                annualQualitative: !row.annual.isEmpty && isQualitative(annual),
                                raw: row.raw.isEmpty ? nil : row.raw, deleted: row.delete, invalid: bad.contains("rows[\(i)]"))
        }
        return rows + spare(from: rows.count)
    }

    /// Why an amount as typed is not one, in the clerk's words.
    static func amountProblem(_ error: MoneyParseError, _ text: String, _ label: String) -> String {
        switch error {
        case .notANumber: "\(label)“\(text)”不是以万元计的金额（如 12.50）"
        case .tooPrecise: "\(label)“\(text)”的小数位过多：以万元计最多 6 位小数（即到分）"
        case .outOfRange: "\(label)“\(text)”超过一张表可填的最大金额（10 万亿元）"
        }
    }

    /// What is wrong with a posted form, and the field it is in (`name`, `fiscal`, `rows[4]` …),
    /// so the form can mark the field.
    struct Problem: Sendable, Equatable {
        var field: String
        var message: String
    }

    /// The form as it is posted (`FormDecoder`): the project's fields, and its indicator rows as
    /// `rows[N][field]`, each row a whole (a row a JavaScript-less browser did not fill is blank).
    struct Input: Decodable {
        struct Row: Decodable {
            var order: String, raw: String, l1: String, l2: String
            var name: String, period: String, annual: String
            /// 删除 ticked (a checkbox: sent only when ticked).
            var delete: Bool
        }
        var version: String, name: String, goal: String
        var fiscal: String, special: String, other: String
        var rows: [Row]
    }

    /// The project the form describes, or what is wrong with it (each problem names the field).
    static func project(_ form: Input) -> (Project?, [Problem]) {
        var problems: [Problem] = []
        func amount(_ text: String, _ field: String, _ label: String) -> Money {
            let text = text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return .zero }
            do throws(MoneyParseError) {
                let money = try Money(parsing: text, in: .wanYuan)
                if money < .zero { problems.append(Problem(field: field, message: "\(label)不能为负数")) }
                return money
            } catch {
                problems.append(Problem(field: field, message: amountProblem(error, text, label)))
                return .zero
            }
        }
        let name = form.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append(Problem(field: "name", message: "项目名称不能为空")) }
        let fiscal = amount(form.fiscal, "fiscal", "财政拨款"), special = amount(form.special, "special", "财政专户拨款"), other = amount(form.other, "other", "其他资金")
        if !Amounts(total: .zero, fiscalAppropriation: fiscal, specialAccount: special, otherFunds: other).sourcesWithinLimit {
            problems.append(Problem(field: "amounts", message: "财政拨款、财政专户拨款、其他资金合计超过一张表可填的最大金额（10 万亿元）"))
        }
        let goal = form.goal.trimmingCharacters(in: .whitespacesAndNewlines)
        var indicators: [(order: Double, indicator: Indicator)] = []
        for (i, row) in form.rows.enumerated() {
            guard !row.delete else { continue }
            let order = Double(row.order) ?? Double(i + 1)
            if !row.raw.isEmpty {
                indicators.append((order, Indicator(ordinal: nil, unparsedText: row.raw)))
                continue
            }
            let name = row.name.trimmingCharacters(in: .whitespacesAndNewlines)
            let period = row.period.trimmingCharacters(in: .whitespacesAndNewlines)
            let annual = row.annual.trimmingCharacters(in: .whitespacesAndNewlines)
            let level1 = level(row.l1), level2 = level(row.l2)
            if name.isEmpty && period.isEmpty && annual.isEmpty { continue } // a spare row left blank
            let field = "rows[\(i)]"
            if name.isEmpty { problems.append(Problem(field: field, message: "第 \(i + 1) 行指标：三级指标名称不能为空")) }
            if level1 == nil || level2 == nil { problems.append(Problem(field: field, message: "第 \(i + 1) 行指标“\(name)”：请选择一级和二级指标")) }
            if let l1 = level1.flatMap({ PrimaryCategory(name: $0.name) }), let l2 = level2.flatMap({ SecondaryCategory(name: $0.name) }), !l2.primaries.contains(l1) {
                problems.append(Problem(field: field, message: "第 \(i + 1) 行指标“\(name)”：\(l2.rawValue)不属于\(l1.rawValue)"))
            }
            indicators.append((order, Indicator(level1: level1, level2: level2, name: name, periodTarget: period.isEmpty ? nil : TargetValue(text: period),
                                                annualTarget: annual.isEmpty ? nil : TargetValue(text: annual))))
        }
        guard problems.isEmpty else { return (nil, problems) }
        let ordered = indicators.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.enumerated().map { n, item in
            var indicator = item.element.indicator
            indicator.ordinal = n + 1
            return indicator
        }
        let amounts = Amounts(total: fiscal + special + other, fiscalAppropriation: fiscal, specialAccount: special, otherFunds: other)
        return (Project(name: name, amounts: amounts, goal: goal, indicators: ordered), [])
    }
}
