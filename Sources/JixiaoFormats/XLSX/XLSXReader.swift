import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import JixiaoCore

/// Reads tables from Excel workbooks as people really make them — by Excel, WPS,
/// LibreOffice, openpyxl or by hand: the title merged or not, 部门名称 and 单位 wherever they
/// stand in the first rows, amounts stored as numbers or as text (`"1,250.60"`), strings
/// shared, inline or in rich-text runs. Rows then go through the same unit detection as the
/// disclosure text. Numbers are converted to 分 exactly from their decimal text: `86.3` and
/// `86.299999999999997` are both 86.30 万元.
public enum XLSXReader {
    /// The table on the workbook's first sheet.
    public static func read(_ bytes: [UInt8], fileName: String? = nil) throws(FormatError) -> ReadTable {
        do throws(FormatError) {
            let book = try Workbook(bytes)
            guard let first = book.sheets.first else { throw FormatError("the workbook has no sheets") }
            return try book.table(first)
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    /// The table on every sheet (a bulk export holds one department per sheet).
    public static func readAll(_ bytes: [UInt8], fileName: String? = nil) throws(FormatError) -> [ReadTable] {
        do throws(FormatError) {
            let book = try Workbook(bytes)
            var tables: [ReadTable] = []
            for sheet in book.sheets { tables.append(try book.table(sheet)) }
            return tables
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    struct Workbook {
        let archive: XLSXArchive
        let sheets: [(name: String, path: String)]
        let shared: [String]

        init(_ bytes: [UInt8]) throws(FormatError) {
            archive = try XLSXArchive(bytes)
            let parts = PartsReader()
            for part in ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"] {
                let parser = XMLParser(stream: InputStream(data: try archive.bytes(part)))
                parser.shouldResolveExternalEntities = false
                parser.delegate = parts
                guard parser.parse() else { throw FormatError("not a readable Excel workbook: \(part) is not well-formed XML") }
            }
            sheets = parts.sheets.compactMap { sheet in
                guard let target = parts.targets[sheet.relationship] else { return nil }
                let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                return (sheet.name, path)
            }
            shared = archive.contains("xl/sharedStrings.xml") ? try SpreadsheetXML.sharedStrings(try archive.bytes("xl/sharedStrings.xml")) : []
        }

        func table(_ sheet: (name: String, path: String)) throws(FormatError) -> ReadTable {
            let rows = try SpreadsheetXML.rows(try archive.bytes(sheet.path), shared: shared)
            do throws(FormatError) {
                return try XLSXReader.table(rows)
            } catch {
                var located = error
                located.sheet = sheet.name
                throw located
            }
        }
    }

    static func table(_ rows: [(row: Int, cells: [Int: SpreadsheetXML.Cell])]) throws(FormatError) -> ReadTable {
        let heading: TableHeading
        do {
            heading = try TableHeading.find(count: rows.count, recordWord: "row") { i in
                let record = DelimitedRecord(line: rows[i].row, cells: strings(rows[i].cells))
                return record.isBlank ? nil : record
            }
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError("\(error)") // the records here are Strings already: nothing else can fail
        }
        let (columns, unit, next) = (heading.columns, heading.unit, heading.bodyStart)
        // Rows are read on every core, as in the text reader; the first failure in order wins.
        let filled = rows[next...].filter { !$0.cells.values.allSatisfy { $0.text.trimmingSpaces().isEmpty } }
        let results = filled.map { SheetRow(number: $0.row, cells: $0.cells) }.parallelMap { sheetRow in
            Result { () throws(FormatError) -> Row in try row(sheetRow.number, sheetRow.cells, columns, unit) }
        }
        var body: [Row] = []
        body.reserveCapacity(results.count)
        for result in results { body.append(try result.get()) }
        return try heading.assemble(body)
    }

    static func row(_ number: Int, _ cells: [Int: SpreadsheetXML.Cell], _ columns: TableColumns, _ unit: MoneyUnit) throws(FormatError) -> Row {
        func text(_ index: Int?) -> String { index.flatMap { cells[$0]?.text.trimmingSpaces() } ?? "" }
        if let extra = cells.keys.filter({ $0 >= columns.width }).sorted().first(where: { !(cells[$0]?.text.trimmingSpaces().isEmpty ?? true) }) {
            throw FormatError(line: number, "a cell beyond the header's \(columns.width) columns holds \(quoted(cells[extra]?.text ?? ""))")
        }
        var amounts = Amounts.zero
        for column in AmountColumn.allCases {
            guard let index = columns.amounts[column.rawValue], let cell = cells[index] else { continue }
            do {
                switch cell {
                case .number(let value): amounts[column] = try Money(excelNumber: value, in: unit)
                case .text(let value): amounts[column] = try Money(parsing: value, in: unit)
                }
            } catch {
                throw FormatError(line: number, column: column.title, Row.describe(error, text: cell.text, unit: unit))
            }
        }
        let name = text(columns.name)
        if name.isEmpty { throw FormatError(line: number, column: "项目名称", "a row with amounts but no 项目名称") }
        // Cells typed in Excel use CR LF or lone CR inside; the model holds LF.
        var goal = text(columns.goal)
        if goal.utf8.contains(0x0D) {
            goal = goal.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return Row(line: number, name: name, amounts: amounts, goal: goal, indicatorCell: text(columns.indicators))
    }

    struct SheetRow: Sendable {
        var number: Int
        var cells: [Int: SpreadsheetXML.Cell]
    }

    /// The row's cells as Strings, in column order, empty where a cell is missing.
    static func strings(_ cells: [Int: SpreadsheetXML.Cell]) -> [String] {
        guard let last = cells.keys.max() else { return [] }
        return (0...min(last, 255)).map { cells[$0]?.text.trimmingSpaces() ?? "" }
    }

    /// The sheets of xl/workbook.xml and the targets of its relationships.
    final class PartsReader: NSObject, XMLParserDelegate {
        var sheets: [(name: String, relationship: String)] = []
        var targets: [String: String] = [:]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "sheet", let sheetName = attributes["name"], let id = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value {
                sheets.append((sheetName, id))
            } else if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
                targets[id] = target
            }
        }
    }
}

extension Money {
    /// An amount stored as an Excel number — its decimal text in the file, which may carry
    /// binary noise (`86.299999999999997`) or an exponent (`1.5E-2`) — rounded half away from
    /// zero to 分: the nearest amount a table can state.
    init(excelNumber text: String, in unit: MoneyUnit) throws(MoneyParseError) {
        var digits: [UInt8] = []
        var pointAt: Int?
        var exponent = 0
        var negative = false
        var scalars = Substring(text.trimmingSpaces()).utf8[...]
        if scalars.first == UInt8(ascii: "-") {
            negative = true
            scalars = scalars.dropFirst()
        } else if scalars.first == UInt8(ascii: "+") {
            scalars = scalars.dropFirst()
        }
        var sawExponent = false
        var exponentText = ""
        for byte in scalars {
            if sawExponent {
                exponentText.append(Character(Unicode.Scalar(byte)))
            } else if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte - 0x30)
            } else if byte == UInt8(ascii: "."), pointAt == nil {
                pointAt = digits.count
            } else if byte == UInt8(ascii: "E") || byte == UInt8(ascii: "e") {
                sawExponent = true
            } else {
                throw .notANumber
            }
        }
        if sawExponent {
            guard let e = Int(exponentText), abs(e) < 400 else { throw .notANumber }
            exponent = e
        }
        guard !digits.isEmpty else { throw .notANumber }
        // value = digits × 10^(exponent − fraction digits); fen = value × 10^fenDecimals.
        let shift = exponent - (digits.count - (pointAt ?? digits.count)) + unit.fenDecimals
        var fen: Int64 = 0
        var roundUp = false
        let kept = shift >= 0 ? digits.count : digits.count + shift
        for (i, d) in digits.enumerated() {
            if i < kept {
                let (m, o1) = fen.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(d))
                if o1 || o2 { throw .outOfRange }
                fen = s
            } else if i == kept {
                roundUp = d >= 5
            }
        }
        if kept < 0 { fen = 0 }
        if shift > 0 {
            for _ in 0..<shift {
                let (m, o) = fen.multipliedReportingOverflow(by: 10)
                if o { throw .outOfRange }
                fen = m
            }
        }
        if roundUp { fen += 1 }
        guard fen <= Money.limit.fen else { throw .outOfRange }
        self.init(fen: negative ? -fen : fen)
    }
}
