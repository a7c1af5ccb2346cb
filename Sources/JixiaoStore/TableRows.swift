import Foundation
import JixiaoCore

/// A table as the rows the database holds, and back: the one place that knows how the model
/// maps to columns, shared by both databases so that what goes in comes out identical.
struct TableRows {
    struct Heading {
        var title: String
        var departmentLabel: String
        var moneyUnit: String
        var statedYear: Int?
        var total: Amounts?
    }

    struct IndicatorRow {
        var ordinal: Int?
        var level1Code: String?
        var level1Name: String?
        var level2Code: String?
        var level2Name: String?
        var name: String
        var periodText: String?
        var annualText: String?
        var unparsedText: String?
        var annualComparator: String?
        var annualSignificand: Int64?
        var annualScale: Int?
        var annualUnit: String?

        init(_ indicator: Indicator) {
            ordinal = indicator.ordinal
            level1Code = indicator.level1?.code
            level1Name = indicator.level1?.name
            level2Code = indicator.level2?.code
            level2Name = indicator.level2?.name
            name = indicator.name
            periodText = indicator.periodTarget?.text
            annualText = indicator.annualTarget?.text
            unparsedText = indicator.unparsedText
            if let part = indicator.annualTarget?.parts.first {
                annualComparator = part.comparator.rawValue
                annualSignificand = part.number.significand
                annualScale = part.number.scale
                annualUnit = part.unit
            }
        }

        init(ordinal: Int?, level1Code: String?, level1Name: String?, level2Code: String?, level2Name: String?, name: String,
             periodText: String?, annualText: String?, unparsedText: String?) {
            (self.ordinal, self.level1Code, self.level1Name, self.level2Code, self.level2Name, self.name) = (ordinal, level1Code, level1Name, level2Code, level2Name, name)
            (self.periodText, self.annualText, self.unparsedText) = (periodText, annualText, unparsedText)
        }

        var indicator: Indicator {
            if let unparsedText { return Indicator(ordinal: ordinal, unparsedText: unparsedText) }
            return Indicator(
                ordinal: ordinal,
                level1: level1Name.map { IndicatorLevel(code: level1Code, name: $0) },
                level2: level2Name.map { IndicatorLevel(code: level2Code, name: $0) },
                name: name,
                periodTarget: periodText.map(TargetValue.init(text:)),
                annualTarget: annualText.map(TargetValue.init(text:))
            )
        }
    }

    static func heading(_ table: BudgetTable) -> Heading {
        Heading(title: table.title, departmentLabel: table.department, moneyUnit: table.moneyUnit.rawValue,
                statedYear: table.fiscalYear, total: table.total)
    }

    /// The table as stored for `year`: its fiscal year is the one it is filed under (a title
    /// that states none, like the seed's, gives none), so every download names it.
    static func table(_ heading: Heading, year: Int, units: [SpendingUnit]) throws -> BudgetTable {
        guard let unit = MoneyUnit(rawValue: heading.moneyUnit) else {
            throw StoreError.database("stored table has an unknown money unit \(heading.moneyUnit)")
        }
        return BudgetTable(title: heading.title, department: heading.departmentLabel, moneyUnit: unit,
                           fiscalYear: heading.statedYear ?? year, total: heading.total, units: units)
    }

    static func amounts(_ fen: [Int64]) -> Amounts {
        Amounts(total: Money(fen: fen[0]), fiscalAppropriation: Money(fen: fen[1]), specialAccount: Money(fen: fen[2]), otherFunds: Money(fen: fen[3]))
    }

    static func fen(_ amounts: Amounts) -> [Int64] {
        [amounts.total.fen, amounts.fiscalAppropriation.fen, amounts.specialAccount.fen, amounts.otherFunds.fen]
    }

    /// After a project's amounts change: its unit's subtotal and the table's 合计 are the sums
    /// again (a table stored without a 合计 row keeps none), and the table's version moves on,
    /// so that renderings cached per version are made anew. `unit` and `table` are SQL naming
    /// the row to update, with their own placeholders (`id = ?`, `id = (SELECT … WHERE id = ?)`).
    static func recomputeUnit(_ unit: String) -> String {
        """
        UPDATE spending_units SET total_fen = (SELECT coalesce(sum(p.total_fen), 0) FROM projects p WHERE p.unit_id = spending_units.id),
          fiscal_fen = (SELECT coalesce(sum(p.fiscal_fen), 0) FROM projects p WHERE p.unit_id = spending_units.id),
          special_fen = (SELECT coalesce(sum(p.special_fen), 0) FROM projects p WHERE p.unit_id = spending_units.id),
          other_fen = (SELECT coalesce(sum(p.other_fen), 0) FROM projects p WHERE p.unit_id = spending_units.id),
          version = version + 1
        WHERE \(unit)
        """
    }

    /// The table's 合计 from its units; bound: now, then `table`'s placeholders.
    static func recomputeTable(_ table: String) -> String {
        """
        UPDATE budget_tables SET
          total_fen = CASE WHEN has_total = 1 THEN (SELECT coalesce(sum(u.total_fen), 0) FROM spending_units u WHERE u.table_id = budget_tables.id) END,
          fiscal_fen = CASE WHEN has_total = 1 THEN (SELECT coalesce(sum(u.fiscal_fen), 0) FROM spending_units u WHERE u.table_id = budget_tables.id) END,
          special_fen = CASE WHEN has_total = 1 THEN (SELECT coalesce(sum(u.special_fen), 0) FROM spending_units u WHERE u.table_id = budget_tables.id) END,
          other_fen = CASE WHEN has_total = 1 THEN (SELECT coalesce(sum(u.other_fen), 0) FROM spending_units u WHERE u.table_id = budget_tables.id) END,
          version = version + 1, updated_at = ?
        WHERE \(table)
        """
    }

    /// For a saved project. Bound: project id; now, project id.
    static let recomputeSums = [
        recomputeUnit("id = (SELECT unit_id FROM projects WHERE id = ?)"),
        recomputeTable("id = (SELECT table_id FROM projects WHERE id = ?)"),
    ]

    /// A project as the audit log keeps it (before/after JSON): readable, and enough to
    /// show a field-level difference.
    static func snapshot(_ project: Project) -> String {
        json(ProjectSnapshot(project))
    }

    /// A table as the audit log keeps it when it is imported or replaced.
    static func snapshot(_ summary: (department: String, year: Int, projects: Int, total: Amounts?)) -> String {
        struct TableSnapshot: Encodable { var department: String; var year: Int; var projects: Int; var total_fen: [Int64]? }
        return json(TableSnapshot(department: summary.department, year: summary.year, projects: summary.projects, total_fen: summary.total.map(fen)))
    }

    /// Sorted keys: the same snapshot is the same text (PostgreSQL's jsonb re-spells it anyway).
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and arrays of them: encoding cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}

/// A project's version as the audit log keeps it: its name, the four amounts in 分 (总计,
/// 财政拨款, 财政专户拨款, 其他资金), its goal and its indicators as the cell writes them.
public struct ProjectSnapshot: Codable, Equatable, Sendable {
    public var name: String
    public var amounts_fen: [Int64]
    public var goal: String
    public var indicators: [String]

    public init(_ project: Project) {
        name = project.name
        amounts_fen = TableRows.fen(project.amounts)
        goal = project.goal
        indicators = project.indicators.map { indicator in
            var text = ""
            IndicatorCellGrammar.append(indicator, to: &text)
            return text
        }
    }

    /// Read back from an audit entry; nil when the entry holds no project.
    public init?(json: String?) {
        guard let json, let snapshot = try? JSONDecoder().decode(ProjectSnapshot.self, from: Data(json.utf8)) else { return nil }
        self = snapshot
    }
}
