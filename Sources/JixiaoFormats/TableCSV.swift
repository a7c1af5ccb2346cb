import JixiaoCore

/// The table as long-form CSV open data: one row per indicator, so a spreadsheet or pandas
/// can filter and count indicators directly. UTF-8 with BOM, so Excel shows the Chinese.
///
/// Rows of type 合计 and 资金使用单位 carry the stated subtotals; a project without
/// indicators gets one row with empty indicator fields. Each row repeats its table and
/// project context (long form). The parsed columns (比较符, 数值, 计量单位) are derived from
/// the value text; a value with two targets lists both, separated by `；`. Reading takes the
/// text columns and ignores the derived ones.
///
/// Spreadsheet formulas are neutralised (OWASP's CSV injection advice): a cell beginning with
/// `=`, `+`, `-`, `@`, a tab or a carriage return — unless it is a plain number such as
/// `-3.00` — is written with a `'` in front, which Excel shows as text and does not run. So
/// that this stays lossless, a cell that itself begins with `'` gets one too, and the reader
/// removes exactly one leading `'` from every cell that has one.
public enum TableCSV {
    public enum Column: String, CaseIterable, Sendable {
        case title = "表名"
        case department = "部门名称"
        case moneyUnit = "金额单位"
        case fiscalYear = "年度"
        case rowType = "行类型"
        case unit = "资金使用单位"
        case projectNumber = "项目序号"
        case project = "项目名称"
        case total = "总计"
        case fiscalAppropriation = "财政拨款"
        case specialAccount = "财政专户拨款"
        case otherFunds = "其他资金"
        case goal = "绩效目标"
        case ordinal = "指标序号"
        case level1Code = "一级指标代码"
        case level1 = "一级指标"
        case level2Code = "二级指标代码"
        case level2 = "二级指标"
        case name = "三级指标"
        case periodTarget = "实施周期指标值"
        case periodComparator = "实施周期比较符"
        case periodNumber = "实施周期数值"
        case periodUnit = "实施周期计量单位"
        case annualTarget = "年度指标值"
        case annualComparator = "年度比较符"
        case annualNumber = "年度数值"
        case annualUnit = "年度计量单位"
        case unparsed = "未解析指标文本"

        // By the case, not the raw value: the default for a String-backed enum hashes and
        // compares the Chinese names under Unicode normalisation, and reading a large CSV
        // looks its columns up ten million times. A fieldless enum of fewer than 256 cases is
        // one byte holding the case's number in declaration order (the stable Swift ABI).
        private var number: UInt8 { unsafeBitCast(self, to: UInt8.self) }

        public static func == (a: Column, b: Column) -> Bool { a.number == b.number }

        public func hash(into hasher: inout Hasher) { hasher.combine(number) }
    }

    enum RowType: String, CaseIterable {
        case total = "合计"
        case unit = "资金使用单位"
        case project = "项目"
        /// The one row of a table with neither 合计 nor units (a table emptied in the web app):
        /// it carries the table's title, department and unit, which every row repeats.
        case table = "表"

        /// By its bytes: `init(rawValue:)` compares Chinese text under Unicode normalisation,
        /// a tenth of the time of reading a large CSV.
        init?(utf8 text: String) {
            guard let type = Self.allCases.first(where: { $0.rawValue.utf8.elementsEqual(text.utf8) }) else { return nil }
            self = type
        }
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    // MARK: Writing

    /// The cell with a `'` in front when a spreadsheet would take it for a formula, or when it
    /// begins with `'` itself (see the type's comment); otherwise the cell as it is.
    static func formulaGuarded(_ cell: String) -> String {
        guard let first = cell.utf8.first else { return cell }
        switch first {
        case UInt8(ascii: "'"): return "'" + cell
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + cell
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return isPlainNumber(cell.utf8.dropFirst()) ? cell : "'" + cell
        default: return cell
        }
    }

    /// Digits with at most one point, and at least one digit.
    private static func isPlainNumber(_ bytes: Substring.UTF8View) -> Bool {
        var digits = 0, points = 0
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 { digits += 1 } else if byte == UInt8(ascii: ".") { points += 1 } else { return false }
        }
        return digits > 0 && points <= 1
    }

    /// What `formulaGuarded` wrote, undone.
    static func formulaUnguarded(_ cell: String) -> String {
        cell.utf8.first == UInt8(ascii: "'") ? String(cell.dropFirst()) : cell
    }

    // MARK: Reading

    public static func read(_ bytes: [UInt8], fileName: String? = nil) throws(FormatError) -> ReadTable {
        do {
            return try TextDecoding.reading(bytes) { utf8 in
                let text = DelimitedText(utf8: utf8, delimiter: UInt8(ascii: ","))
                let records = BatchedRecords(text: text)
                let result = Result { () throws(FormatError) in try read(records: records) }
                // A cell that was not UTF-8 ended the records early, whatever the reader made of
                // them: the file is in another encoding (TextDecoding tries GB18030).
                if records.notUTF8.value { throw DelimitedText.NotUTF8() }
                return try result.get()
            }
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    static func read(records: some Sequence<DelimitedRecord>) throws(FormatError) -> ReadTable {
        var iterator = records.makeIterator()
        guard let header = iterator.next() else { throw FormatError("the file is empty") }
        let index = try header.columns(required: [Column.department, .moneyUnit, .rowType, .unit, .projectNumber, .project, .total, .goal])

        var table: BudgetTable?
        var lines = SourceLines()
        var currentProjectNumber: String?
        // Indicator rows' cells, with the project each belongs to: their values are parsed
        // (the target grammar) on every core once all rows are read.
        var pending: [(unit: Int, project: Int, cells: [String])] = []
        while let record = iterator.next() {
            if record.isBlank { continue }
            func cell(_ column: Column) -> String { index[column].map { formulaUnguarded(record.cell($0)) } ?? "" }
            if table == nil {
                let unitText = cell(.moneyUnit)
                guard let unit = MoneyUnit(rawValue: unitText) else {
                    throw FormatError(line: record.line, column: Column.moneyUnit.rawValue, "\(quoted(unitText)) is not 万元 or 元")
                }
                table = BudgetTable(
                    title: cell(.title).isEmpty ? BudgetTable.standardTitle : cell(.title), department: cell(.department),
                    moneyUnit: unit, fiscalYear: Int(cell(.fiscalYear)), total: nil, units: []
                )
            }
            // Taken out, not copied: with `table` still holding it, each row's append copied
            // the units (copy-on-write), and 100,000 projects took 31 s to read.
            guard var current = table.take() else { continue }
            // A year's bulk file read as one table would fold every department into the first.
            let department = cell(.department)
            if !department.isEmpty && !department.utf8.elementsEqual(current.department.utf8) {
                throw FormatError(line: record.line, column: Column.department.rawValue,
                                  "the file holds more than one table (\(quoted(current.department)), then \(quoted(department))): a year's file is read table by table by `jixiao import`")
            }
            func amounts() throws(FormatError) -> Amounts {
                var values: [Money] = []
                for column in [Column.total, .fiscalAppropriation, .specialAccount, .otherFunds] {
                    let text = cell(column)
                    do {
                        values.append(try Money(parsing: text, in: current.moneyUnit))
                    } catch {
                        throw FormatError(line: record.line, column: column.rawValue, Row.describe(error, text: text, unit: current.moneyUnit))
                    }
                }
                let amounts = Amounts(columns: values)
                guard amounts.sourcesWithinLimit else { throw FormatError(line: record.line, column: Column.total.rawValue, Row.sourcesBeyondLimit) }
                return amounts
            }
            switch RowType(utf8: cell(.rowType)) {
            case .total:
                current.total = try amounts()
                lines.total = record.line
            case .unit:
                current.units.append(SpendingUnit(name: cell(.unit), amounts: try amounts(), projects: []))
                lines.units.append(record.line)
                lines.projects.append([])
                currentProjectNumber = nil
            case .project:
                guard !current.units.isEmpty else {
                    throw FormatError(line: record.line, column: Column.rowType.rawValue, "a 项目 row before any 资金使用单位 row")
                }
                let number = cell(.projectNumber)
                let u = current.units.count - 1
                if !number.utf8.elementsEqual((currentProjectNumber ?? "\u{0}").utf8) || current.units[u].projects.isEmpty {
                    current.units[u].projects.append(Project(name: cell(.project), amounts: try amounts(), goal: cell(.goal)))
                    lines.projects[u].append(record.line)
                    currentProjectNumber = number
                }
                pending.append((u, current.units[u].projects.count - 1, Self.indicatorColumns.map(cell)))
            case .table:
                break
            case nil:
                throw FormatError(line: record.line, column: Column.rowType.rawValue, "\(quoted(cell(.rowType))) is not 合计, 资金使用单位, 项目 or 表")
            }
            table = current
        }
        guard var table else { throw FormatError("the file has a header but no rows") }
        let indicators = pending.parallelMap(minimumChunk: 1_024) { row in
            indicator { column in Self.indicatorColumns.firstIndex(of: column).map { row.cells[$0] } ?? "" }
        }
        for (row, indicator) in zip(pending, indicators) {
            if let indicator { table.units[row.unit].projects[row.project].indicators.append(indicator) }
        }
        return ReadTable(table: table, lines: lines)
    }

    /// The indicator a project row states, or nil when its indicator fields are empty.
    /// The columns `indicator` reads.
    static let indicatorColumns: [Column] = [.ordinal, .unparsed, .level1Code, .level1, .level2Code, .level2, .name, .periodTarget, .annualTarget]

    static func indicator(_ cell: (Column) -> String) -> Indicator? {
        let ordinal = Int(cell(.ordinal))
        let unparsed = cell(.unparsed)
        if !unparsed.isEmpty { return Indicator(ordinal: ordinal, unparsedText: unparsed) }
        func level(_ code: Column, _ name: Column) -> IndicatorLevel? {
            let n = cell(name)
            let c = cell(code)
            return n.isEmpty && c.isEmpty ? nil : IndicatorLevel(code: c.isEmpty ? nil : c, name: n)
        }
        let level1 = level(.level1Code, .level1)
        let level2 = level(.level2Code, .level2)
        let name = cell(.name)
        let period = cell(.periodTarget)
        let annual = cell(.annualTarget)
        let bare = level1 == nil && level2 == nil && name.isEmpty && period.isEmpty && annual.isEmpty
        if bare && ordinal == nil { return nil }
        // A numbered item with nothing after it (`1、` in the text) is read as an empty
        // unparsed item; its row states only the number, and must read back the same (found
        // by fuzzing: it came back as an indicator with an empty name).
        if bare { return Indicator(ordinal: ordinal, unparsedText: "") }
        return Indicator(
            ordinal: ordinal, level1: level1, level2: level2, name: name,
            periodTarget: period.isEmpty ? nil : TargetValue(text: period),
            annualTarget: annual.isEmpty ? nil : TargetValue(text: annual)
        )
    }
}

/// A CSV's records as Strings, made a batch at a time on every core as the reader takes them:
/// all 350,000 records of a 100,000-project table at once held a gigabyte of Strings.
struct BatchedRecords: Sequence {
    let text: DelimitedText
    /// Set when a cell was not UTF-8; the records end there.
    let notUTF8 = Flag()

    final class Flag { var value = false }

    func makeIterator() -> Iterator { Iterator(text: text, notUTF8: notUTF8) }

    struct Iterator: IteratorProtocol {
        let text: DelimitedText
        let notUTF8: Flag
        private var converted = 0
        private var batch: [DelimitedRecord] = []
        private var position = 0

        init(text: DelimitedText, notUTF8: Flag) {
            self.text = text
            self.notUTF8 = notUTF8
        }

        mutating func next() -> DelimitedRecord? {
            if position == batch.count {
                guard converted < text.records.count, !notUTF8.value else { return nil }
                let end = Swift.min(converted + 16_384, text.records.count)
                let slice = Array(text.records[converted..<end])
                converted = end
                let strings = text.withCells { cells in
                    slice.parallelMap(minimumChunk: 2_048) { record -> DelimitedRecord? in
                        var strings: [String] = []
                        strings.reserveCapacity(record.cells.count)
                        for cell in record.cells {
                            guard let string = try? cells.string(cell) else { return nil }
                            strings.append(string)
                        }
                        return DelimitedRecord(line: record.line, cells: strings)
                    }
                }
                batch.removeAll(keepingCapacity: true)
                for record in strings {
                    guard let record else {
                        notUTF8.value = true
                        break
                    }
                    batch.append(record)
                }
                position = 0
                if batch.isEmpty { return nil }
            }
            position += 1
            return batch[position - 1]
        }
    }
}
