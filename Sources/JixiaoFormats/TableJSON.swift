import Foundation
import JixiaoCore

/// The table as JSON open data, described by `schemas/budget-table.schema.json`.
///
/// Every amount appears twice: `fen`, the exact integer count of 分 (authoritative), and
/// `amount`, the decimal in the table's money unit as a string (`"1980.40"`), which people
/// and spreadsheets read. Target values carry their text (authoritative) and what Jixiao
/// parsed from it. Reading takes the authoritative fields and checks the others agree.
public enum TableJSON {
    public static let formatName = "jixiao.budget-table"
    /// 2: keys in snake_case, as the API writes its own (`money_unit`, `fiscal_year`; issue 17).
    /// Version 1 (camelCase: `moneyUnit`) still reads: publications kept before are in it.
    public static let version = 2
    public static let readableVersions = 1...2

    /// Compact by default (open data and the API: a third of the pretty form's bytes, written
    /// at the text writer's pace by `TableJSONWriter`); `pretty` for people, indented, with the
    /// same keys in the same order.
    public static func write(_ table: BudgetTable, pretty: Bool = false) -> [UInt8] {
        guard pretty else { return TableJSONWriter.write(table) }
        let encoder = JSONEncoder()
        // Sorted keys: the same table always gives the same bytes (diffs, caching, tests).
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        // Encoding plain value types cannot fail.
        let data = (try? encoder.encode(Document(table))) ?? Data()
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// Reads the document over bytes and checks it (`TableJSONReader`).
    public static func read(_ bytes: [UInt8], fileName: String? = nil) throws(FormatError) -> ReadTable {
        try read(InputBytes(bytes), fileName: fileName)
    }

    /// The document from a file read for it (`InputBytes`), handed back as it is read.
    public static func read(_ input: InputBytes, fileName: String? = nil) throws(FormatError) -> ReadTable {
        do {
            return ReadTable(table: try TableJSONReader.table(input), lines: SourceLines())
        } catch let error as FormatError {
            throw fileName.map { error.inFile($0) } ?? error
        } catch let error as JSONScanner.Failure {
            throw FormatError(file: fileName, error.message)
        } catch {
            throw FormatError(file: fileName, "\(error)")
        }
    }

    // MARK: Document shape

    struct Document: Codable {
        var format: String
        var version: Int
        var title: String
        var department: String
        var moneyUnit: String
        var fiscalYear: Int?
        var total: AmountsJSON?
        var units: [UnitJSON]

        init(_ table: BudgetTable) {
            let unit = table.moneyUnit
            format = TableJSON.formatName
            version = TableJSON.version
            title = table.title
            department = table.department
            moneyUnit = unit.rawValue
            fiscalYear = table.fiscalYear
            total = table.total.map { AmountsJSON($0, unit) }
            units = table.units.map { UnitJSON($0, unit) }
        }
    }

    struct AmountJSON: Codable {
        var fen: Int64
        var amount: String

        init(_ money: Money, _ unit: MoneyUnit) {
            fen = money.fen
            amount = money.formatted(in: unit, thousandsSeparator: false)
        }

        func money(_ unit: MoneyUnit, path: @autoclosure () -> String) throws(FormatError) -> Money {
            guard fen.magnitude <= Money.limit.fen.magnitude else {
                throw FormatError("at \(path()).fen: \(fen) is beyond the largest amount a table may state")
            }
            guard let stated = try? Money(parsing: amount, in: unit), stated.fen == fen else {
                throw FormatError("at \(path()): fen \(fen) and amount \(quoted(amount)) disagree")
            }
            return Money(fen: fen)
        }
    }

    struct AmountsJSON: Codable {
        var total: AmountJSON
        var fiscalAppropriation: AmountJSON
        var specialAccount: AmountJSON
        var otherFunds: AmountJSON

        init(_ amounts: Amounts, _ unit: MoneyUnit) {
            total = AmountJSON(amounts.total, unit)
            fiscalAppropriation = AmountJSON(amounts.fiscalAppropriation, unit)
            specialAccount = AmountJSON(amounts.specialAccount, unit)
            otherFunds = AmountJSON(amounts.otherFunds, unit)
        }

        /// `path` is made only for a message: made for every project, it was a cost of its own.
        func amounts(_ unit: MoneyUnit, path: @autoclosure () -> String) throws(FormatError) -> Amounts {
            let amounts = Amounts(
                total: try total.money(unit, path: path() + ".total"),
                fiscalAppropriation: try fiscalAppropriation.money(unit, path: path() + ".fiscalAppropriation"),
                specialAccount: try specialAccount.money(unit, path: path() + ".specialAccount"),
                otherFunds: try otherFunds.money(unit, path: path() + ".otherFunds")
            )
            guard amounts.sourcesWithinLimit else { throw FormatError("at \(path()): \(Row.sourcesBeyondLimit)") }
            return amounts
        }
    }

    struct UnitJSON: Codable {
        var name: String
        var amounts: AmountsJSON
        var projects: [ProjectJSON]

        init(_ unit: SpendingUnit, _ moneyUnit: MoneyUnit) {
            name = unit.name
            amounts = AmountsJSON(unit.amounts, moneyUnit)
            projects = unit.projects.map { ProjectJSON($0, moneyUnit) }
        }
    }

    struct ProjectJSON: Codable {
        var name: String
        var amounts: AmountsJSON
        var goal: String
        var indicators: [IndicatorJSON]

        init(_ project: Project, _ unit: MoneyUnit) {
            name = project.name
            amounts = AmountsJSON(project.amounts, unit)
            goal = project.goal
            indicators = project.indicators.map(IndicatorJSON.init)
        }

        func project(_ unit: MoneyUnit, path: @autoclosure () -> String) throws(FormatError) -> Project {
            Project(
                name: name, amounts: try amounts.amounts(unit, path: path() + ".amounts"), goal: goal,
                indicators: indicators.map(\.indicator)
            )
        }
    }

    struct IndicatorJSON: Codable {
        var ordinal: Int?
        var level1: LevelJSON?
        var level2: LevelJSON?
        var name: String
        var periodTarget: TargetJSON?
        var annualTarget: TargetJSON?
        var unparsedText: String?

        init(_ indicator: Indicator) {
            ordinal = indicator.ordinal
            level1 = indicator.level1.map { LevelJSON($0, category: indicator.primaryCategory?.identifier) }
            level2 = indicator.level2.map { LevelJSON($0, category: indicator.secondaryCategory?.identifier) }
            name = indicator.name
            periodTarget = indicator.periodTarget.map(TargetJSON.init)
            annualTarget = indicator.annualTarget.map(TargetJSON.init)
            unparsedText = indicator.unparsedText
        }

        var indicator: Indicator {
            if let unparsedText { return Indicator(ordinal: ordinal, unparsedText: unparsedText) }
            let period = periodTarget.map { TargetValue(text: $0.text) }
            return Indicator(
                ordinal: ordinal, level1: level1?.level, level2: level2?.level, name: name, periodTarget: period,
                annualTarget: annualTarget.map { TargetValue.sharing($0.text, with: period) }
            )
        }
    }

    struct LevelJSON: Codable {
        var code: String?
        var name: String
        /// The framework category (`output`, `social_benefit` …), derived from the name.
        var category: String?

        init(_ level: IndicatorLevel, category: String?) {
            code = level.code
            name = level.name
            self.category = category
        }

        var level: IndicatorLevel { IndicatorLevel(code: code, name: name) }
    }

    struct TargetJSON: Codable {
        var text: String
        var kind: String
        var parts: [PartJSON]

        init(_ value: TargetValue) {
            text = value.text
            kind = value.isQuantitative ? "quantitative" : "qualitative"
            parts = value.parts.map(PartJSON.init)
        }
    }

    struct PartJSON: Codable {
        var subject: String
        /// `≥ ＞ ＝ ＜ ≤`, or empty for a bare value.
        var comparator: String
        /// The number in plain decimal notation, exact (`"95"`, `"1.5"`).
        var number: String
        var unit: String

        init(_ part: QuantitativeTarget) {
            subject = part.subject
            comparator = part.comparator.symbol
            number = part.number.description
            unit = part.unit
        }
    }
}
