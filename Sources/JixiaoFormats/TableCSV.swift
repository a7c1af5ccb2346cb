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
        var number: UInt8 { unsafeBitCast(self, to: UInt8.self) }

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
        init?(bytes: UnsafeBufferPointer<UInt8>) {
            guard let type = Self.allCases.first(where: { $0.rawValue.utf8.elementsEqual(bytes) }) else { return nil }
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

    /// What `formulaGuarded` wrote, undone: one leading `'` dropped (the reader works on a
    /// cell's bytes, `TableCSVReader`).
    static func formulaUnguarded(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        cell.first == UInt8(ascii: "'") ? UnsafeBufferPointer(rebasing: cell.dropFirst()) : cell
    }

    // MARK: Reading

    /// One table's CSV; a year's file (several tables) is refused, naming the second table.
    public static func read(_ bytes: [UInt8], fileName: String? = nil) throws(FormatError) -> ReadTable {
        try read(InputBytes(bytes), fileName: fileName)
    }

    /// One table's CSV from a file read for it (`InputBytes`), handed back as it is read.
    public static func read(_ input: InputBytes, fileName: String? = nil) throws(FormatError) -> ReadTable {
        try read(input, fileName: fileName, batchSize: TableCSVReader.defaultBatchSize)
    }

    static func read(_ input: InputBytes, fileName: String? = nil, batchSize: Int) throws(FormatError) -> ReadTable {
        do {
            return try TextDecoding.reading(input) { input, start in
                var reader = try TableCSVReader(input, start: start, batchSize: batchSize)
                var next = reader.firstRow
                guard let read = try reader.table(from: &next, grouped: false) else { throw FormatError("the file has a header but no rows") }
                return read
            }
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    /// The indicator a project row states, or nil when its indicator fields are empty.
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
        let periodTarget = period.isEmpty ? nil : TargetValue(text: period)
        return Indicator(
            ordinal: ordinal, level1: level1, level2: level2, name: name, periodTarget: periodTarget,
            annualTarget: annual.isEmpty ? nil : TargetValue.sharing(annual, with: periodTarget)
        )
    }
}
