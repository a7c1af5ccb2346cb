import Foundation
import JixiaoCore

/// Streaming readers of the two XML parts a table needs, the shared strings and a worksheet's
/// cells, on `XMLScanner`: no tree of the sheet is built; cells arrive row by row.
enum SpreadsheetXML {
    /// Shared strings: plain `<t>` or rich-text runs `<r><t>…</t></r>` joined, phonetic
    /// guides (`<rPh>`) left out.
    static func sharedStrings(_ data: [UInt8]) throws(FormatError) -> [String] {
        let result: Result<[String], XMLScanner.Malformed> = data.withUnsafeBytes { raw in
            var scanner = XMLScanner(raw.bindMemory(to: UInt8.self))
            var strings: [String] = []
            var current = ""
            var inText = false
            var inPhonetic = false
            do throws(XMLScanner.Malformed) {
                while let event = try scanner.next() {
                    switch event {
                    case .start(let name, let selfClosing):
                        if scanner.equals(name, "si") {
                            current = ""
                            if selfClosing { strings.append("") }
                        } else if scanner.equals(name, "t") {
                            inText = !inPhonetic && !selfClosing
                        } else if scanner.equals(name, "rPh") {
                            inPhonetic = !selfClosing
                        }
                    case .end(let name):
                        if scanner.equals(name, "si") { strings.append(XMLText.unescape(current)) }
                        else if scanner.equals(name, "t") { inText = false }
                        else if scanner.equals(name, "rPh") { inPhonetic = false }
                    case .text(let range):
                        if inText { current += scanner.text(range) }
                    }
                }
                return .success(strings)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let strings): return strings
        case .failure(let error): throw FormatError("not a readable Excel workbook: xl/sharedStrings.xml is not well-formed XML (near byte \(error.offset))")
        }
    }

    /// A cell as stored: a number (its text in the file, e.g. `86.299999999999997`) or text.
    enum Cell: Sendable {
        case number(String)
        case text(String)

        var text: String {
            switch self {
            case .number(let t), .text(let t): t
            }
        }
    }

    /// One row's cells by column index (0 = A); missing cells are nil.
    struct RowCells: Sendable {
        var number = 0
        var cells: [Cell?] = []

        subscript(column: Int) -> Cell? { column < cells.count ? cells[column] : nil }

        mutating func set(_ column: Int, _ cell: Cell) {
            if cells.isEmpty { cells.reserveCapacity(max(8, column + 1)) }
            while column >= cells.count { cells.append(nil) }
            cells[column] = cell
        }

        var isBlank: Bool { cells.allSatisfy { $0.map { $0.text.isBlank } ?? true } }

        /// The cells as Strings, in column order, empty where a cell is missing.
        var strings: [String] { cells.prefix(256).map { $0?.text.trimmingSpaces() ?? "" } }
    }

    /// Cuts a large sheet before `<row r=` tags into pieces to scan on every core: a row that
    /// names its number starts a piece with nothing of the state before it needed. (`<` inside
    /// text is always escaped, so the bytes `<row r=` are a tag — unless a comment or CDATA
    /// section holds them, and a sheet with either is read in one piece.)
    static func pieces(_ data: [UInt8], pieceBytes: Int = 4 << 20) -> [Range<Int>] {
        let count = min(ProcessInfo.activeCores * 4, data.count / pieceBytes)
        guard count > 1 else { return [0..<data.count] }
        return data.withUnsafeBufferPointer { b -> [Range<Int>] in
            if UTF8Scan.firstIndex(of: "<!--", in: b) != nil || UTF8Scan.firstIndex(of: "<![CDATA[", in: b) != nil {
                return [0..<data.count]
            }
            var cuts = [0]
            for i in 1..<count {
                var at = max(cuts.last! + 1, data.count / count * i)
                guard at < b.count, let found = UTF8Scan.firstIndex(of: "<row r=", in: UnsafeBufferPointer(rebasing: b[at...])) else { break }
                at += found
                cuts.append(at)
            }
            cuts.append(data.count)
            return zip(cuts, cuts.dropFirst()).map { $0..<$1 }
        }
    }

    /// Scans `range` of the sheet, handing each row with cells to `take`, which returns false
    /// to stop early.
    /// `offset` is where `data` starts in the sheet, for the byte named in a message.
    static func scan(_ data: [UInt8], _ range: Range<Int>, shared: [String], offset: Int = 0, _ take: (RowCells) throws(FormatError) -> Bool) throws(FormatError) {
        try data.withUnsafeBufferPointer { all throws(FormatError) in
            var scanner = XMLScanner(UnsafeBufferPointer(rebasing: all[range]))
            var reader = SheetReader(shared: shared)
            do {
                while let event = try scanner.next() {
                    if let row = try reader.take(event, scanner), try !take(row) { return }
                }
            } catch let error as XMLScanner.Malformed {
                throw FormatError("not a readable Excel workbook: the worksheet is not well-formed XML (near byte \(offset + range.lowerBound + error.offset))")
            } catch let error as FormatError {
                throw error
            } catch {
                throw FormatError("\(error)")
            }
        }
    }

    /// Rows of cells; the bounds refuse sheets whose cell references are absurd.
    struct SheetReader {
        static let maximumRow = 1_048_576
        static let maximumColumn = 16_384

        let shared: [String]
        private var row = RowCells()
        private var column = 0
        private var type: Range<Int>?
        private var value: Range<Int>?
        private var extraValue = ""
        private var inValue = false
        private var inText = false
        private var inPhonetic = false

        init(shared: [String]) { self.shared = shared }

        /// Takes one event; returns the row it completes, if any.
        mutating func take(_ event: XMLScanner.Event, _ scanner: XMLScanner) throws(FormatError) -> RowCells? {
            switch event {
            case .start(let name, let selfClosing):
                if scanner.equals(name, "c") {
                    type = scanner.attribute("t")
                    value = nil
                    extraValue = ""
                    if let reference = scanner.attribute("r") {
                        guard let c = Self.columnIndex(scanner, reference), c < Self.maximumColumn else {
                            throw FormatError("refused: the worksheet has a cell reference out of Excel's range (\(scanner.text(reference)))")
                        }
                        column = c
                    }
                    if selfClosing { try endCell(scanner) }
                } else if scanner.equals(name, "v") {
                    inValue = !selfClosing
                } else if scanner.equals(name, "t") {
                    inText = !inPhonetic && !selfClosing
                } else if scanner.equals(name, "row") {
                    let text = scanner.attribute("r").map(scanner.text)
                    let r = text.flatMap(Int.init) ?? row.number + 1
                    guard r >= 1, r <= Self.maximumRow else {
                        throw FormatError("refused: the worksheet has a row number out of Excel's range (\(text ?? ""))")
                    }
                    row = RowCells(number: r)
                    column = 0
                    if selfClosing { return endRow() }
                } else if scanner.equals(name, "rPh") {
                    inPhonetic = !selfClosing
                }
            case .end(let name):
                if scanner.equals(name, "v") { inValue = false }
                else if scanner.equals(name, "t") { inText = false }
                else if scanner.equals(name, "c") { try endCell(scanner) }
                else if scanner.equals(name, "row") { return endRow() }
                else if scanner.equals(name, "rPh") { inPhonetic = false }
            case .text(let range):
                // Most cells are one run of text: keep its bytes and make one String at the
                // end; rich text in several runs is joined.
                if inValue || inText {
                    if let first = value {
                        if extraValue.isEmpty { extraValue = scanner.text(first) }
                        extraValue += scanner.text(range)
                    } else {
                        value = range
                    }
                }
            }
            return nil
        }

        private mutating func endRow() -> RowCells? {
            defer { row.cells = [] }
            return row.cells.isEmpty ? nil : row
        }

        private mutating func endCell(_ scanner: XMLScanner) throws(FormatError) {
            defer { column += 1 }
            guard let range = value else { return }
            let text = extraValue.isEmpty ? scanner.text(range) : extraValue
            guard !text.isEmpty else { return }
            let cell: Cell
            if let type, !scanner.equals(type, "n") {
                if scanner.equals(type, "s") {
                    guard let index = Int(text), index >= 0, index < shared.count else {
                        throw FormatError("not a readable Excel workbook: a cell refers to shared string \(text), which does not exist")
                    }
                    cell = .text(shared[index])
                } else if scanner.equals(type, "inlineStr") || scanner.equals(type, "str") {
                    cell = .text(XMLText.unescape(text))
                } else if scanner.equals(type, "b") {
                    cell = .text(text == "1" ? "TRUE" : "FALSE")
                } else {
                    cell = .text(text)
                }
            } else {
                cell = .number(text)
            }
            row.set(column, cell)
        }

        /// `AB12` → 27 (0-based column).
        static func columnIndex(_ scanner: XMLScanner, _ reference: Range<Int>) -> Int? {
            var index = 0
            var letters = 0
            for i in reference {
                let x = scanner.bytes[i]
                guard x >= 65 && x <= 90 else { break }
                index = index * 26 + Int(x - 64)
                letters += 1
                if letters > 3 { return nil }
            }
            return letters == 0 ? nil : index - 1
        }
    }
}
