import JixiaoCore

/// A table and where its rows came from.
public struct ReadTable: Sendable {
    public var table: BudgetTable
    public var lines: SourceLines
}

/// Reads the disclosure text: the tab-separated form the table is published and copied in
/// (title, 部门名称 and 单位 lines, the header row, then 合计, unit and project rows).
public enum DisclosureTextReader {
    /// How many lines before the header row may hold the title, 部门名称 and 单位.
    static let headerSearchLimit = 40

    public static func read(_ data: [UInt8], fileName: String? = nil) throws(FormatError) -> ReadTable {
        do {
            return try TextDecoding.reading(data) { bytes in
                try read(DelimitedText(utf8: bytes, delimiter: UInt8(ascii: "\t")))
            }
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    /// Throws FormatError, or NotUTF8 when a cell shows the file is in another encoding.
    static func read(_ text: DelimitedText) throws -> ReadTable {
        let heading = try TableHeading.find(count: text.records.count, recordWord: "line") { i in
            text.records[i].isBlank ? nil : try text.strings(text.records[i])
        }
        let (columns, unit) = (heading.columns, heading.unit)

        // Each row is read on its own — Strings made and checked, amounts and indicator cells
        // parsed — so the rows are read on every core; the first failure in file order wins.
        let records = text.records[heading.bodyStart...].filter { !$0.isBlank }
        let results = text.withCells { cells in
            records.parallelMap { record in Result { try columns.row(record, in: cells, unit: unit) } }
        }
        var rows: [Row] = []
        rows.reserveCapacity(results.count)
        for result in results { rows.append(try result.get()) }
        return try heading.assemble(rows)
    }
}

/// What stands above the body of a grid — the title, 部门名称 and 单位 in the first records,
/// then the header row — found the same way by every reader of the grid layout.
struct TableHeading {
    var preamble: Preamble
    var columns: TableColumns
    var department: String
    var unit: MoneyUnit
    /// The index of the first record after the header row.
    var bodyStart: Int

    /// `record(i)` gives the i-th record as Strings, or nil for a blank one; `recordWord`
    /// names records in messages ("line" in text, "row" in a sheet).
    static func find(count: Int, recordWord: String, _ record: (Int) throws -> DelimitedRecord?) throws -> TableHeading {
        var preamble = Preamble()
        var next = 0
        while next < count {
            let index = next
            next += 1
            guard let cells = try record(index) else { continue }
            if let columns = try TableColumns(header: cells) {
                guard let department = preamble.department else {
                    throw FormatError("no 部门名称 \(recordWord) before the header row")
                }
                return TableHeading(preamble: preamble, columns: columns, department: department,
                                    unit: preamble.moneyUnit ?? .wanYuan, bodyStart: next)
            }
            if cells.line > DisclosureTextReader.headerSearchLimit { break }
            preamble.take(cells)
        }
        throw FormatError("no header row (项目名称（资金使用单位）, 总计, 财政拨款, 财政专户拨款, 其他资金, 绩效目标, 绩效指标) in the first \(DisclosureTextReader.headerSearchLimit) \(recordWord)s")
    }

    /// The table of the body's rows under this heading.
    func assemble(_ rows: [Row]) throws(FormatError) -> ReadTable {
        try TableAssembly.assemble(
            title: preamble.title ?? BudgetTable.standardTitle, department: department, moneyUnit: unit,
            fiscalYear: preamble.fiscalYear, rows: rows
        )
    }
}

/// The lines above the header row: title, 部门名称, 预算年度 (when the title states none), 单位.
struct Preamble {
    var title: String?
    var department: String?
    var moneyUnit: MoneyUnit?
    var statedYear: Int?

    var fiscalYear: Int? { statedYear ?? title.flatMap(TableAssembly.fiscalYear(inTitle:)) }

    mutating func take(_ record: DelimitedRecord) {
        for cell in record.cells where !cell.isEmpty {
            if let value = Self.labelled(cell, by: ["部门名称"]) {
                department = value
            } else if let value = Self.labelled(cell, by: [TableAssembly.yearLabel]),
                      let year = TableAssembly.fiscalYear(inTitle: value.hasSuffix("年") ? value : value + "年") {
                // Only a year: `预算年度：待定` is no year and is read as any other preamble cell.
                statedYear = year
            } else if let value = Self.labelled(cell, by: ["单位", "金额单位", "计量单位"]) {
                moneyUnit = MoneyUnit(rawValue: value) ?? moneyUnit
            } else if title == nil {
                title = cell
            }
        }
    }

    /// The text after `label：` (or `label:`), if the cell is so labelled.
    static func labelled(_ cell: String, by labels: [String]) -> String? {
        for label in labels where cell.hasPrefix(label) {
            let rest = cell.dropFirst(label.count).drop(while: { $0 == " " || $0 == "\u{3000}" })
            guard let colon = rest.first, colon == "：" || colon == ":" else { continue }
            return String(rest.dropFirst()).trimmingSpaces()
        }
        return nil
    }
}

/// Which cell of a record holds which column, found by the header's names so that
/// reordered or partial copies still read.
struct TableColumns: Sendable {
    var name: Int
    var amounts: [Int?]
    var goal: Int?
    var indicators: Int?
    var width: Int

    static let amountTitles = AmountColumn.allCases.map(\.title)

    /// Nil when the record is not the header row; an error when it is one but holds a cell
    /// that names no column of the table (`X绩效目标`), whose content would otherwise be lost.
    init?(header record: DelimitedRecord) throws(FormatError) {
        let titles = record.cells.map(Self.normalizedTitle)
        guard let name = titles.firstIndex(where: { $0.hasPrefix("项目名称") }),
              titles.contains("总计") else { return nil }
        let known = Set(Self.amountTitles + ["绩效目标", "绩效指标"])
        for (i, title) in titles.enumerated() where !title.isEmpty && i != name {
            guard known.contains(title) else {
                throw FormatError(line: record.line, "the header's cell \(i + 1) \(quoted(record.cells[i])) is not a column of the table (项目名称（资金使用单位）, 总计, 财政拨款, 财政专户拨款, 其他资金, 绩效目标, 绩效指标); rename or remove it")
            }
            guard titles.firstIndex(of: title) == i else {
                throw FormatError(line: record.line, "the header names the column \(title) twice")
            }
        }
        self.name = name
        self.amounts = Self.amountTitles.map { title in titles.firstIndex(of: title) }
        self.goal = titles.firstIndex(of: "绩效目标")
        self.indicators = titles.firstIndex(of: "绩效指标")
        self.width = titles.lastIndex(where: { !$0.isEmpty }).map { $0 + 1 } ?? titles.count
    }

    /// Spaces removed and half-width brackets folded, so `项目名称 (资金使用单位)` matches.
    static func normalizedTitle(_ cell: String) -> String {
        String(cell.compactMap { ch -> Character? in
            switch ch {
            case " ", "\u{3000}", "\n": nil
            case "(": "（"
            case ")": "）"
            default: ch
            }
        })
    }

    func row(_ record: DelimitedText.Record, in cells: DelimitedText.Cells, unit: MoneyUnit) throws -> Row {
        if record.cells.count > width, let extra = record.cells[width...].first(where: { !$0.isEmpty }) {
            throw FormatError(line: record.line, "\(record.cells.count) cells where the header has \(width) (the extra cell holds \(quoted(try cells.string(extra))))")
        }
        var amounts = Amounts.zero
        for column in AmountColumn.allCases {
            guard let index = self.amounts[column.rawValue], index < record.cells.count else { continue }
            let cell = record.cells[index]
            do throws(MoneyParseError) {
                amounts[column] = try Money(utf8: cells.bytes(cell), in: unit)
            } catch {
                throw FormatError(line: record.line, column: column.title, Row.describe(error, text: try cells.string(cell), unit: unit))
            }
        }
        let name = try cells.string(record, self.name)
        if name.isEmpty {
            throw FormatError(line: record.line, column: "项目名称", "a row with amounts but no 项目名称")
        }
        return Row(
            line: record.line, name: name, amounts: amounts,
            goal: try goal.map { try cells.string(record, $0) } ?? "",
            indicators: try indicators.map { try cells.indicators(record, $0) } ?? []
        )
    }
}
