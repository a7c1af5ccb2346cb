import JixiaoCore

/// Writes the canonical disclosure text — the seed's own layout:
///
///     title
///     (blank)
///     部门名称：…
///     (blank)
///     单位：万元
///     (blank)
///     header row
///     合计, unit and project rows
///
/// Lines end with LF and the file ends with one; cells are tab-separated, every row has all
/// seven cells; amounts have two decimals and thousands separators, zero is an empty cell;
/// indicator cells use the full-width delimiters with each value verbatim; a cell holding a
/// tab, line break or `"` is quoted as Excel quotes it. Reading any tolerated variant of a
/// table and writing it gives this form.
public enum DisclosureTextWriter {
    public static let header = "项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标"

    public static func write(_ table: BudgetTable) -> String {
        String(decoding: bytes(table), as: UTF8.self)
    }

    public static func bytes(_ table: BudgetTable) -> [UInt8] {
        let parts = self.parts(table)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { bytes.append(contentsOf: part) }
        return bytes
    }

    /// The text in consecutive pieces, which a file can take one after another without
    /// first joining them (a 100,000-project table is 70 MB).
    public static func parts(_ table: BudgetTable) -> [[UInt8]] {
        var out = ByteOutput(capacity: 512)
        // Quoted like any cell when they hold a line break, a tab or a quote (a quoted title
        // cell spanning lines reads as one title; written bare, its lines read as others: found
        // by fuzzing). The seed's are plain, and written as they stand.
        DelimitedCell.append(table.title, delimiter: UInt8(ascii: "\t"), to: &out)
        out.write("\n\n")
        DelimitedCell.append("部门名称：" + table.department, delimiter: UInt8(ascii: "\t"), to: &out)
        if let year = TableAssembly.yearLine(table) {
            out.write("\n\n")
            out.write(year)
        }
        out.write("\n\n单位：")
        out.write(table.moneyUnit.rawValue)
        out.write("\n\n")
        out.write(header)
        out.write("\n")
        var rows: [RowReference] = table.total == nil ? [] : [.total]
        rows.reserveCapacity(table.projectCount + table.units.count + 1)
        for (u, unit) in table.units.enumerated() {
            rows.append(.unit(u))
            for p in unit.projects.indices { rows.append(.project(u, p)) }
        }
        // Rows are written in chunks on every core, then joined in order.
        let chunkSize = 1_024
        let chunks = stride(from: 0, to: rows.count, by: chunkSize).map { $0..<min($0 + chunkSize, rows.count) }
        // Through a buffer of units: reaching them through `table` from every core would
        // retain and release one shared array for each row.
        let written = table.units.withUnsafeBufferPointer { units in
            let units = SendableUnits(units: units)
            return chunks.parallelMap(minimumChunk: 4) { chunk in
                var part = ByteOutput(capacity: chunk.count * 800)
                var scratch = ByteOutput(capacity: 4096)
                for row in rows[chunk] { appendRow(row, of: table, units: units.units, scratch: &scratch, to: &part) }
                return part.bytes
            }
        }
        return [out.bytes] + written
    }

    private struct SendableUnits: @unchecked Sendable {
        let units: UnsafeBufferPointer<SpendingUnit>
    }

    private enum RowReference: Sendable {
        case total
        case unit(Int)
        case project(Int, Int)
    }

    private static func appendRow(_ row: RowReference, of table: BudgetTable, units: UnsafeBufferPointer<SpendingUnit>,
                                  scratch: inout ByteOutput, to out: inout ByteOutput) {
        let unit = table.moneyUnit
        switch row {
        case .total:
            appendRow(name: "合计", amounts: table.total ?? .zero, goal: "", indicators: [], unit: unit, scratch: &scratch, to: &out)
        case .unit(let u):
            appendRow(name: units[u].name, amounts: units[u].amounts, goal: "", indicators: [], unit: unit, scratch: &scratch, to: &out)
        case .project(let u, let p):
            appendRow(units[u].projects[p], unit: unit, scratch: &scratch, to: &out)
        }
    }

    private static let tab = UInt8(ascii: "\t")

    private static func appendRow(_ project: borrowing Project, unit: MoneyUnit, scratch: inout ByteOutput, to out: inout ByteOutput) {
        appendRow(
            name: project.name, amounts: project.amounts, goal: project.goal,
            indicators: project.indicators, unit: unit, scratch: &scratch, to: &out
        )
    }

    private static func appendRow(
        name: String, amounts: Amounts, goal: String, indicators: [Indicator], unit: MoneyUnit,
        scratch: inout ByteOutput, to out: inout ByteOutput
    ) {
        DelimitedCell.append(name, delimiter: tab, to: &out)
        for money in amounts.columns {
            out.write(byte: tab)
            if !money.isZero { money.write(in: unit, to: &out) }
        }
        out.write(byte: tab)
        DelimitedCell.append(goal, delimiter: tab, to: &out)
        out.write(byte: tab)
        // The indicator cell is built first: only then is it known whether it needs quotes.
        scratch.bytes.removeAll(keepingCapacity: true)
        IndicatorCellGrammar.appendCell(indicators, to: &scratch)
        scratch.bytes.withUnsafeBufferPointer { DelimitedCell.append($0, delimiter: tab, to: &out) }
        out.write(byte: UInt8(ascii: "\n"))
    }
}
