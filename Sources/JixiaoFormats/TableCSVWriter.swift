import JixiaoCore

/// The long-form CSV written straight into bytes, each project's rows on their own core: a
/// row is the table's context (encoded once), the project's cells (encoded once per project,
/// repeated on each of its indicator rows) and the indicator's. Building each row as a
/// dictionary of columns took 10 s for 100,000 projects (issue 17).
extension TableCSV {
    /// The byte-order mark and the header row: what a file starts with, once.
    public static let head: [UInt8] = {
        var row = Record(capacity: 1_024)
        row.out.bytes.append(contentsOf: byteOrderMark)
        for column in Column.allCases { row.cell(column.rawValue) }
        row.end()
        return row.out.bytes
    }()

    public static func write(_ table: BudgetTable) -> [UInt8] {
        var bytes = head
        records(table) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The table's rows to `file` after the head: in batches, so that no more than a batch of
    /// rows is ever in memory beside the table.
    public static func write(_ table: BudgetTable, to file: PartialFile) throws {
        try file.write(head)
        try records(table) { try file.write($0) }
    }

    /// The rows without the head (a year's file writes the head once, then these for each
    /// table), a batch of projects at a time on every core, handed to `take` in order.
    static func records(_ table: BudgetTable, _ take: ([UInt8]) throws -> Void) rethrows {
        var context = Record(capacity: 512)
        context.cell(table.title)
        context.cell(table.department)
        context.cell(table.moneyUnit.rawValue)
        context.cell(table.fiscalYear.map(String.init) ?? "")
        let prefix = context.out.bytes
        let unit = table.moneyUnit

        var first = Record(capacity: 4_096)
        if let total = table.total {
            first.begin(prefix)
            first.cell(RowType.total.rawValue)
            first.blank(3)
            first.amounts(total, unit)
            first.blank(Column.allCases.count - 12)
            first.end()
        } else if table.units.isEmpty {
            first.begin(prefix)
            first.cell(RowType.table.rawValue)
            first.blank(Column.allCases.count - 5)
            first.end()
        }
        try take(first.out.bytes)
        try table.renderRows({ row($0, of: table, after: prefix, into: &$1) }, take)
    }

    /// A unit's row, or a project's rows (one per indicator), after the table's encoded context.
    private static func row(_ place: RowPlace, of table: BudgetTable, after prefix: [UInt8], into out: inout ByteOutput) {
        let unit = table.moneyUnit
        let spendingUnit = table.units[place.unit]
        // The piece's buffer moved into the record and back, not copied.
        var row = Record(capacity: 0)
        swap(&row.out, &out)
        defer { swap(&row.out, &out) }
        guard let p = place.project else {
            row.begin(prefix)
            row.cell(RowType.unit.rawValue)
            row.cell(spendingUnit.name)
            row.blank(2)
            row.amounts(spendingUnit.amounts, unit)
            row.blank(Column.allCases.count - 12)
            row.end()
            return
        }
        let project = spendingUnit.projects[p]
        var head = Record(capacity: 512)
        head.begin(prefix)
        head.cell(RowType.project.rawValue)
        head.cell(spendingUnit.name)
        head.cell(String(place.number))
        head.cell(project.name)
        head.amounts(project.amounts, unit)
        head.cell(project.goal)
        if project.indicators.isEmpty {
            row.begin(head.out.bytes)
            row.blank(Column.allCases.count - 13)
            row.end()
        }
        for indicator in project.indicators {
            row.begin(head.out.bytes)
            row.indicator(indicator)
            row.end()
        }
    }

    /// A CSV record as it is written: every cell is followed by a comma (so that the cells a
    /// record begins with can be encoded once and copied), and `end` turns the last comma
    /// into the CRLF. Cells are formula-guarded and quoted when they must be.
    struct Record {
        var out: ByteOutput

        init(capacity: Int) { out = ByteOutput(capacity: capacity) }

        mutating func begin(_ encoded: [UInt8]) { out.bytes.append(contentsOf: encoded) }

        mutating func cell(_ text: String) {
            DelimitedCell.append(TableCSV.formulaGuarded(text), delimiter: UInt8(ascii: ","), to: &out)
            out.write(byte: UInt8(ascii: ","))
        }

        mutating func blank(_ count: Int) {
            for _ in 0..<count { out.write(byte: UInt8(ascii: ",")) }
        }

        mutating func amounts(_ amounts: Amounts, _ unit: MoneyUnit) {
            for money in [amounts.total, amounts.fiscalAppropriation, amounts.specialAccount, amounts.otherFunds] {
                cell(money.formatted(in: unit, thousandsSeparator: false))
            }
        }

        /// 指标序号 … 未解析指标文本: the 15 indicator columns.
        mutating func indicator(_ indicator: Indicator) {
            cell(indicator.ordinal.map(String.init) ?? "")
            cell(indicator.level1?.code ?? "")
            cell(indicator.level1?.name ?? "")
            cell(indicator.level2?.code ?? "")
            cell(indicator.level2?.name ?? "")
            cell(indicator.name)
            target(indicator.periodTarget)
            target(indicator.annualTarget)
            cell(indicator.unparsedText ?? "")
        }

        /// A value as written, then its parts' comparators, numbers and units (two targets
        /// joined by `；`).
        private mutating func target(_ value: TargetValue?) {
            guard let value else { return blank(4) }
            cell(value.text)
            cell(value.parts.map(\.comparator.symbol).joined(separator: "；"))
            cell(value.parts.map(\.number.description).joined(separator: "；"))
            cell(value.parts.map(\.unit).joined(separator: "；"))
        }

        mutating func end() {
            out.bytes.removeLast()
            out.write("\r\n")
        }
    }
}
