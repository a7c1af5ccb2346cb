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
    public static func read(_ bytes: [UInt8], fileName: String? = nil, inflateLimit: Int = XLSXArchive.maximumTotalBytes) throws(FormatError) -> ReadTable {
        try read(bytes, fileName: fileName, sheet: nil, inflateLimit: inflateLimit)
    }

    /// The table on the sheet named `sheet` (its name, or its number from 1); the first sheet
    /// when nil. `inflateLimit` caps what the workbook may inflate to (see `XLSXArchive`).
    public static func read(_ bytes: [UInt8], fileName: String? = nil, sheet: String?,
                            inflateLimit: Int = XLSXArchive.maximumTotalBytes) throws(FormatError) -> ReadTable {
        do throws(FormatError) {
            let book = try Workbook(bytes, inflateLimit: inflateLimit)
            guard let first = book.sheets.first else { throw FormatError("the workbook has no sheets") }
            guard let sheet else { return try book.table(first) }
            let chosen = book.sheets.first { $0.name == sheet }
                ?? Int(sheet).flatMap { $0 >= 1 && $0 <= book.sheets.count ? book.sheets[$0 - 1] : nil }
            guard let chosen else {
                throw FormatError("no sheet \(quoted(sheet)); the workbook has \(book.sheets.map { quoted($0.name) }.joined(separator: ", "))")
            }
            return try book.table(chosen)
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    /// The names of the workbook's sheets, in order.
    public static func sheetNames(_ bytes: [UInt8], fileName: String? = nil) throws(FormatError) -> [String] {
        do throws(FormatError) {
            return try Workbook(bytes).sheets.map(\.name)
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

        init(_ bytes: [UInt8], inflateLimit: Int = XLSXArchive.maximumTotalBytes) throws(FormatError) {
            archive = try XLSXArchive(bytes, inflateLimit: inflateLimit)
            let parts = PartsReader()
            for part in ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"] {
                let parser = XMLParser(stream: InputStream(data: Data(try archive.bytes(part))))
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

        /// The sheet read as it inflates (`SheetStream`): a large sheet is never held whole.
        /// Errors of the sheet's content name the sheet; those of the archive (a bomb, a DTD,
        /// damage) are the file's.
        func table(_ sheet: (name: String, path: String)) throws(FormatError) -> ReadTable {
            func located(_ error: FormatError) -> FormatError {
                var located = error
                located.sheet = sheet.name
                return located
            }
            var stream = SheetStream(shared: shared)
            try archive.chunks(sheet.path) { (chunk: [UInt8]) throws(FormatError) in
                do throws(FormatError) { try stream.add(chunk) } catch { throw located(error) }
            }
            do throws(FormatError) { return try stream.finish() } catch { throw located(error) }
        }
    }

    /// The table of one worksheet held whole (the fuzz targets and tests read sheets so).
    static func table(_ sheet: [UInt8], shared: [String]) throws(FormatError) -> ReadTable {
        var stream = SheetStream(shared: shared)
        try stream.add(sheet)
        return try stream.finish()
    }

    static func row(_ cells: SpreadsheetXML.RowCells, _ columns: TableColumns, _ unit: MoneyUnit) throws(FormatError) -> Row {
        let number = cells.number
        func text(_ index: Int?) -> String { index.flatMap { cells[$0]?.text.trimmingSpaces() } ?? "" }
        if cells.cells.count > columns.width, let extra = cells.cells[columns.width...].first(where: { !($0?.text.isBlank ?? true) }) {
            throw FormatError(line: number, "a cell beyond the header's \(columns.width) columns holds \(quoted(extra?.text ?? ""))")
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
        if goal.utf8.withContiguousStorageIfAvailable({ $0.contains(0x0D) }) ?? goal.utf8.contains(0x0D) {
            goal = goal.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return Row(line: number, name: name, amounts: amounts, goal: goal, indicatorCell: text(columns.indicators))
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
        if roundUp {
            // 9223372036854.7758075 万元 has Int64.max 分 before rounding: the carry is checked too.
            let (up, overflow) = fen.addingReportingOverflow(1)
            if overflow { throw .outOfRange }
            fen = up
        }
        guard fen <= Money.limit.fen else { throw .outOfRange }
        self.init(fen: negative ? -fen : fen)
    }
}
