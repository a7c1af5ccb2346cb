import Dispatch
import JixiaoCore

/// Reads the long-form CSV (`TableCSV`) over bytes, on every core (issue 17).
///
/// A quick pass finds where each record starts (`DelimitedText.recordStarts`). Records are
/// then split into cells and made into rows — their Strings, amounts and indicators — a batch
/// at a time on every core (`RecordView.row`); one thread puts the rows together in order,
/// which only appends and names the first problem. Nothing is kept per cell of the whole file:
/// reading every cell of 350,000 records into Strings first took 4 s and a gigabyte.
///
/// One file may hold one table, or (`grouped`) a year's tables one after another, a new one
/// beginning where 部门名称, 年度, 表名 or 金额单位 changes (`jixiao export --year --all`).
struct TableCSVReader {
    typealias Column = TableCSV.Column

    let source: InputBytes
    /// Where each record starts, with the source's length after the last.
    private let starts: [Int]
    /// The line each record starts on.
    private let lines: [Int]
    /// Whether each record is plain (`DelimitedText.plainCells`).
    private let plain: [Bool]
    /// Each column's place in a record, by the column's number; -1 when the header lacks it.
    private let positions: [Int]
    /// The rows made last, kept for the next table of a year's file.
    private var batch: (start: Int, context: Context, rows: [Row])?
    /// The batch after, being made.
    private var prefetch: Prefetch?

    var recordCount: Int { lines.count }
    /// The first record after the header.
    let firstRow = 1

    static let required: [Column] = [.department, .moneyUnit, .rowType, .unit, .projectNumber, .project, .total, .goal]
    static let comma = UInt8(ascii: ",")
    /// Records made into rows at a time on every core.
    let batchSize: Int
    static let defaultBatchSize = 16_384

    /// The reader over `source` from `start` (past a byte-order mark). The whole input is
    /// checked to be UTF-8 first, on every core, as its records are found: a file that is not
    /// is read again as GB18030 (`TextDecoding`), which must happen before any of the input is
    /// handed back.
    init(_ source: InputBytes, start: Int, batchSize: Int = defaultBatchSize) throws {
        self.batchSize = batchSize
        self.source = source
        guard let (starts, lines, plain) = source.withBytes({ DelimitedText.validatedRecordStarts($0, from: start, delimiter: Self.comma) }) else {
            throw DelimitedText.NotUTF8()
        }
        (self.starts, self.lines, self.plain) = (starts, lines, plain)
        guard !lines.isEmpty else { throw FormatError("the file is empty") }
        let header = DelimitedText(utf8: source.withBytes { Array($0[starts[0]..<starts[1]]) }, delimiter: Self.comma)
        guard let record = header.records.first else { throw FormatError("the file is empty") }
        let index = try header.strings(record).columns(required: Self.required)
        var positions = [Int](repeating: -1, count: Column.allCases.count)
        for (column, position) in index { positions[Int(column.number)] = position }
        self.positions = positions
    }

    /// What a row is read against: the table's money unit and, for one table, its department.
    struct Context: Equatable {
        var unit: MoneyUnit
        var department: [UInt8]
        var grouped: Bool
    }

    /// A record made ready to put into the table. A class, so that putting it in moves its
    /// values rather than copying a struct of a dozen counted references row by row on the
    /// one thread that assembles.
    /// Made on a worker thread and handed over whole (after the batch's semaphore or
    /// `concurrentPerform` returns): never touched by two threads at once.
    final class Row: @unchecked Sendable {
        let line: Int
        var isBlank = false
        var type: TableCSV.RowType?
        /// The 行类型 cell, kept for the message when it names no type.
        var typeText = ""
        /// One table: the row's department, when it names another than the table's.
        var otherDepartment: String?
        /// A year's file: the cells that say which table the row belongs to, as written.
        var identity: [String] = []
        var amounts: Result<Amounts, FormatError>?
        /// A project row right after a row of the same project (the record before, in the same
        /// piece): only its indicator is made, its project being made already.
        var continuesProject = false
        var unitName = ""
        var projectNumber = ""
        var projectName = ""
        var goal = ""
        var indicator: Indicator?

        init(line: Int) { self.line = line }
    }

    /// The table whose rows start at record `next`, which is left after them: at the end of
    /// the file or (`grouped`) at the first row of the next table. Nil when only blank
    /// records remain.
    mutating func table(from next: inout Int, grouped: Bool) throws -> ReadTable? {
        guard let first = firstFilledRecord(from: next) else {
            next = recordCount
            return nil
        }
        let opening = withView { $0.strings(first, [.moneyUnit, .title, .department, .fiscalYear]) }
        guard let unit = MoneyUnit(rawValue: opening[0]) else {
            throw FormatError(line: lines[first], column: Column.moneyUnit.rawValue, "\(quoted(opening[0])) is not 万元 or 元")
        }
        var table = BudgetTable(
            title: opening[1].isEmpty ? BudgetTable.standardTitle : opening[1], department: opening[2],
            moneyUnit: unit, fiscalYear: Int(opening[3]), total: nil, units: []
        )
        let context = Context(unit: unit, department: grouped ? [] : Array(opening[2].utf8), grouped: grouped)
        var scratch = RecordView.Scratch()
        let identity = grouped ? withView { $0.identity(first, &scratch) } : []
        var sourceLines = SourceLines()
        var currentProjectNumber: String?
        var position = first
        while position < recordCount {
            let rows = rows(from: position, context)
            for row in rows {
                defer { position += 1 }
                if row.isBlank { continue }
                if grouped && !row.identity.elementsEqual(identity, by: UTF8Scan.same) {
                    next = position
                    return ReadTable(table: table, lines: sourceLines)
                }
                if let other = row.otherDepartment {
                    throw FormatError(line: row.line, column: Column.department.rawValue,
                                      "the file holds more than one table (\(quoted(table.department)), then \(quoted(other))): a year's file is read table by table by `jixiao import`")
                }
                switch row.type {
                case .total:
                    table.total = try row.amounts?.get()
                    sourceLines.total = row.line
                case .unit:
                    table.units.append(SpendingUnit(name: row.unitName, amounts: try row.amounts?.get() ?? .zero, projects: []))
                    sourceLines.units.append(row.line)
                    sourceLines.projects.append([])
                    currentProjectNumber = nil
                case .project:
                    guard !table.units.isEmpty else {
                        throw FormatError(line: row.line, column: Column.rowType.rawValue, "a 项目 row before any 资金使用单位 row")
                    }
                    let u = table.units.count - 1
                    if !row.continuesProject
                        && (!UTF8Scan.same(row.projectNumber, currentProjectNumber ?? "\u{0}") || table.units[u].projects.isEmpty) {
                        table.units[u].projects.append(Project(name: row.projectName, amounts: try row.amounts?.get() ?? .zero, goal: row.goal))
                        sourceLines.projects[u].append(row.line)
                        currentProjectNumber = row.projectNumber
                    }
                    if let indicator = row.indicator.take() {
                        table.units[u].projects[table.units[u].projects.count - 1].indicators.append(indicator)
                    }
                case .table:
                    break
                case nil:
                    throw FormatError(line: row.line, column: Column.rowType.rawValue, "\(quoted(row.typeText)) is not 合计, 资金使用单位, 项目 or 表")
                }
            }
        }
        next = recordCount
        return ReadTable(table: table, lines: sourceLines)
    }

    /// The first record from `start` that is not blank, read on this thread.
    private func firstFilledRecord(from start: Int) -> Int? {
        (start..<recordCount).first { i in !withView { $0.isBlank(i) } }
    }

    /// The rows from record `start`: made a batch at a time on every core, or kept from the
    /// batch before when it was made against the same context. While the caller puts a batch
    /// into the table (on one thread), the next is made on the other cores (`Prefetch`).
    private mutating func rows(from start: Int, _ context: Context) -> ArraySlice<Row> {
        if let batch, batch.context == context, start >= batch.start, start < batch.start + batch.rows.count {
            return batch.rows[(start - batch.start)...]
        }
        let rows: [Row]
        if let prefetch, prefetch.start == start, prefetch.context == context {
            rows = prefetch.rows()
        } else {
            // Made for another start or table: waited for (it reads the source), not used.
            _ = prefetch?.rows()
            rows = Self.rows(from: start, count: batchSize, context, in: records)
        }
        // Records before this batch are made into rows and put in the table, and the reader
        // never goes back: their bytes are handed back (a 197 MB file is not held to the end).
        source.release(below: starts[start])
        // The batch before is let go where the next is made, not here.
        let retired = batch?.rows
        batch = (start, context, rows)
        let next = start + rows.count
        prefetch = next < recordCount ? Prefetch(start: next, context: context, retiring: retired, batchSize: batchSize, records: records) : nil
        return rows[...]
    }

    /// What the worker threads read records from.
    private var records: Records { Records(source: source, starts: starts, lines: lines, plain: plain, positions: positions) }

    struct Records: @unchecked Sendable {
        let source: InputBytes
        let starts: [Int]
        let lines: [Int]
        let plain: [Bool]
        let positions: [Int]

        func withView<R>(_ body: (RecordView) -> R) -> R {
            source.withBytes { source in
                starts.withUnsafeBufferPointer { starts in
                    lines.withUnsafeBufferPointer { lines in
                        plain.withUnsafeBufferPointer { plain in
                            positions.withUnsafeBufferPointer { positions in
                                body(RecordView(source: source, starts: starts, lines: lines, plain: plain, positions: positions))
                            }
                        }
                    }
                }
            }
        }
    }

    /// `count` rows from record `start` (fewer at the end), in pieces of 512 records on every
    /// core, each piece with its own scratch for cells.
    static func rows(from start: Int, count: Int, _ context: Context, in records: Records) -> [Row] {
        let end = min(start + count, records.starts.count - 1)
        let pieces = records.withView { view in
            Array(stride(from: start, to: end, by: 512)).parallelMap(minimumChunk: 1) { first in
                var scratch = RecordView.Scratch()
                return (first..<min(first + 512, end)).map { view.row($0, context, &scratch) }
            }
        }
        return Array(pieces.joined())
    }

    /// A batch of rows being made on other threads.
    final class Prefetch: @unchecked Sendable {
        let start: Int
        let context: Context
        private var made: [Row] = []
        private let done = DispatchSemaphore(value: 0)

        init(start: Int, context: Context, retiring: [Row]?, batchSize: Int, records: Records) {
            self.start = start
            self.context = context
            DispatchQueue.global().async { [self] in
                // Freeing the rows before (their objects, the Strings not moved into the
                // table) happens here too, off the thread that assembles.
                _ = retiring
                made = TableCSVReader.rows(from: start, count: batchSize, context, in: records)
                done.signal()
            }
        }

        /// The rows, once made.
        func rows() -> [Row] {
            done.wait()
            done.signal()
            return made
        }
    }

    private func withView<R>(_ body: (RecordView) -> R) -> R {
        records.withView(body)
    }
}

/// The reader's arrays as pointers, for the worker threads: each record is read on its own,
/// and reaching the arrays through pointers keeps the threads from contending for their
/// reference counts.
struct RecordView: @unchecked Sendable {
    typealias Column = TableCSV.Column
    typealias Bytes = UnsafeBufferPointer<UInt8>

    let source: Bytes
    let starts: UnsafeBufferPointer<Int>
    let lines: UnsafeBufferPointer<Int>
    let plain: UnsafeBufferPointer<Bool>
    let positions: UnsafeBufferPointer<Int>

    /// The arrays a record is split into, kept from one record to the next.
    struct Scratch {
        var cells: [DelimitedText.Cell] = []
        var unescaped: [UInt8] = []
        /// Where the record before holds its 项目序号, when it was a project row.
        var previousProjectNumber: Range<Int>?
    }

    /// Record `i`'s cells, valid inside `body` (a quoted cell's content is in a buffer of its
    /// own), and whether every cell is empty.
    func withCells<R>(_ i: Int, _ scratch: inout Scratch, unguarded: Bool = true, _ body: (_ cell: (Column) -> Bytes, _ isBlank: Bool) -> R) -> R {
        scratch.unescaped.removeAll(keepingCapacity: true)
        if plain[i] {
            // Known from the quick pass: split at the delimiters before the LF or CRLF.
            let end = DelimitedText.contentEnd(source, start: starts[i], next: starts[i + 1])
            DelimitedText.plainCells(source, starts[i]..<end, delimiter: TableCSVReader.comma, cells: &scratch.cells)
        } else {
            var line = lines[i]
            _ = DelimitedText.scanRecord(source, at: starts[i], line: &line, delimiter: TableCSVReader.comma, cells: &scratch.cells, unescaped: &scratch.unescaped)
        }
        let cells = scratch.cells
        return scratch.unescaped.withUnsafeBufferPointer { unescaped in
            let all = DelimitedText.Cells(source: source, unescaped: unescaped)
            let isBlank = cells.allSatisfy(\.isEmpty)
            return body({ column in
                let position = positions[Int(column.number)]
                guard position >= 0, position < cells.count else { return Bytes(start: nil, count: 0) }
                return unguarded ? TableCSV.formulaUnguarded(all.bytes(cells[position])) : all.bytes(cells[position])
            }, isBlank)
        }
    }

    func isBlank(_ i: Int) -> Bool {
        var scratch = Scratch()
        return withCells(i, &scratch) { _, isBlank in isBlank }
    }

    static func string(_ bytes: Bytes) -> String { String(decoding: bytes, as: UTF8.self) }

    func strings(_ i: Int, _ columns: [Column]) -> [String] {
        var scratch = Scratch()
        return withCells(i, &scratch) { cell, _ in columns.map { Self.string(cell($0)) } }
    }

    /// The cells that say which table a row of a year's file belongs to, as written.
    func identity(_ i: Int, _ scratch: inout Scratch) -> [String] {
        withCells(i, &scratch, unguarded: false) { cell, _ in [Column.department, .fiscalYear, .title, .moneyUnit].map { Self.string(cell($0)) } }
    }

    func row(_ i: Int, _ context: TableCSVReader.Context, _ scratch: inout Scratch) -> TableCSVReader.Row {
        let row = TableCSVReader.Row(line: lines[i])
        if context.grouped { row.identity = identity(i, &scratch) }
        let previousNumber = scratch.previousProjectNumber
        var number: Range<Int>?
        defer { scratch.previousProjectNumber = number }
        return withCells(i, &scratch) { cell, isBlank in
            if isBlank {
                row.isBlank = true
                return row
            }
            func text(_ column: Column) -> String { Self.string(cell(column)) }
            if !context.grouped {
                let department = cell(.department)
                if !department.isEmpty && !context.department.withUnsafeBufferPointer({ UTF8Scan.same(department, $0) }) {
                    row.otherDepartment = Self.string(department)
                }
            }
            row.type = TableCSV.RowType(bytes: cell(.rowType))
            switch row.type {
            case .total, .unit:
                row.amounts = amounts(cell, row.line, context.unit)
                row.unitName = row.type == .unit ? text(.unit) : ""
            case .project:
                row.indicator = TableCSV.indicator(text)
                // The rows after a project's first repeat its number, name, goal and amounts
                // (one row per indicator): the project is made from its first row alone, as
                // assembling takes it, so the rest are not made again.
                number = sourceRange(cell(.projectNumber))
                if let previousNumber, let number, UTF8Scan.equal(source, previousNumber, number) {
                    row.continuesProject = true
                    break
                }
                row.amounts = amounts(cell, row.line, context.unit)
                row.projectNumber = text(.projectNumber)
                row.projectName = text(.project)
                row.goal = text(.goal)
            case .table:
                break
            case nil:
                row.typeText = text(.rowType)
            }
            return row
        }
    }

    /// Where a cell lies in the source; nil for an empty cell or a quoted one (whose content
    /// is a copy), which then counts as no match.
    private func sourceRange(_ cell: Bytes) -> Range<Int>? {
        guard let base = cell.baseAddress, let sourceBase = source.baseAddress, !cell.isEmpty,
              base >= sourceBase, base + cell.count <= sourceBase + source.count else { return nil }
        let start = base - sourceBase
        return start..<start + cell.count
    }

    private func amounts(_ cell: (Column) -> Bytes, _ line: Int, _ unit: MoneyUnit) -> Result<Amounts, FormatError> {
        Result { () throws(FormatError) -> Amounts in
            var values: [Money] = []
            for column in [Column.total, .fiscalAppropriation, .specialAccount, .otherFunds] {
                let bytes = cell(column)
                do throws(MoneyParseError) {
                    values.append(try Money(utf8: bytes, in: unit))
                } catch {
                    throw FormatError(line: line, column: column.rawValue, Row.describe(error, text: Self.string(bytes), unit: unit))
                }
            }
            let amounts = Amounts(columns: values)
            guard amounts.sourcesWithinLimit else { throw FormatError(line: line, column: Column.total.rawValue, Row.sourcesBeyondLimit) }
            return amounts
        }
    }
}
