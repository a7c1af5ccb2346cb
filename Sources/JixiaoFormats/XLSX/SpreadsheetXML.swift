import Foundation

/// Streaming readers of the two XML parts a table needs, the shared strings and a worksheet's
/// cells, on `XMLScanner`: no tree of the sheet is built; cells arrive row by row.
enum SpreadsheetXML {
    /// Shared strings: plain `<t>` or rich-text runs `<r><t>…</t></r>` joined, phonetic
    /// guides (`<rPh>`) left out.
    static func sharedStrings(_ data: Data) throws(FormatError) -> [String] {
        let result: Result<[String], XMLScanner.Malformed> = data.withUnsafeBytes { raw in
            var scanner = XMLScanner(raw.bindMemory(to: UInt8.self))
            var strings: [String] = []
            var current = ""
            var inText = false
            var inPhonetic = false
            do throws(XMLScanner.Malformed) {
                while let event = try scanner.next() {
                    switch event {
                    case .start(let name, _, let selfClosing):
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

    /// The sheet's rows, each as (row number, [column index: cell]).
    static func rows(_ data: Data, shared: [String]) throws(FormatError) -> [(row: Int, cells: [Int: Cell])] {
        let result: Result<[(row: Int, cells: [Int: Cell])], FormatError> = data.withUnsafeBytes { raw in
            var scanner = XMLScanner(raw.bindMemory(to: UInt8.self))
            var reader = SheetReader(shared: shared)
            do throws(XMLScanner.Malformed) {
                while let event = try scanner.next() {
                    if let problem = reader.take(event, scanner) { return .failure(problem) }
                }
                return .success(reader.rows)
            } catch {
                return .failure(FormatError("not a readable Excel workbook: the worksheet is not well-formed XML (near byte \(error.offset))"))
            }
        }
        return try result.get()
    }

    /// Rows of cells; the bounds refuse sheets whose cell references are absurd.
    struct SheetReader {
        static let maximumRow = 1_048_576
        static let maximumColumn = 16_384

        let shared: [String]
        var rows: [(row: Int, cells: [Int: Cell])] = []
        private var rowNumber = 0
        private var cells: [Int: Cell] = [:]
        private var column = 0
        private var type: Range<Int>?
        private var value = ""
        private var inValue = false
        private var inText = false
        private var inPhonetic = false

        init(shared: [String]) { self.shared = shared }

        /// Takes one event; returns a problem that ends the reading.
        mutating func take(_ event: XMLScanner.Event, _ scanner: XMLScanner) -> FormatError? {
            switch event {
            case .start(let name, let attributes, let selfClosing):
                if scanner.equals(name, "row") {
                    let text = scanner.attribute(attributes, "r").map(scanner.text)
                    let r = text.flatMap(Int.init) ?? rowNumber + 1
                    guard r >= 1, r <= Self.maximumRow else {
                        return FormatError("refused: the worksheet has a row number out of Excel's range (\(text ?? ""))")
                    }
                    rowNumber = r
                    cells = [:]
                    column = 0
                    if selfClosing { endRow() }
                } else if scanner.equals(name, "c") {
                    type = scanner.attribute(attributes, "t")
                    value = ""
                    if let reference = scanner.attribute(attributes, "r") {
                        let text = scanner.text(reference)
                        guard let c = Self.columnIndex(text), c < Self.maximumColumn else {
                            return FormatError("refused: the worksheet has a cell reference out of Excel's range (\(text))")
                        }
                        column = c
                    }
                    if selfClosing { return endCell(scanner) }
                } else if scanner.equals(name, "v") {
                    inValue = !selfClosing
                } else if scanner.equals(name, "t") {
                    inText = !inPhonetic && !selfClosing
                } else if scanner.equals(name, "rPh") {
                    inPhonetic = !selfClosing
                }
            case .end(let name):
                if scanner.equals(name, "v") { inValue = false }
                else if scanner.equals(name, "t") { inText = false }
                else if scanner.equals(name, "rPh") { inPhonetic = false }
                else if scanner.equals(name, "c") { return endCell(scanner) }
                else if scanner.equals(name, "row") { endRow() }
            case .text(let range):
                if inValue || inText { value += scanner.text(range) }
            }
            return nil
        }

        private mutating func endRow() {
            if !cells.isEmpty { rows.append((rowNumber, cells)) }
            cells = [:]
        }

        private mutating func endCell(_ scanner: XMLScanner) -> FormatError? {
            defer { column += 1 }
            guard !value.isEmpty else { return nil }
            let cell: Cell
            if let type, !scanner.equals(type, "n") {
                if scanner.equals(type, "s") {
                    guard let index = Int(value), index >= 0, index < shared.count else {
                        return FormatError("not a readable Excel workbook: a cell refers to shared string \(value), which does not exist")
                    }
                    cell = .text(shared[index])
                } else if scanner.equals(type, "inlineStr") || scanner.equals(type, "str") {
                    cell = .text(XMLText.unescape(value))
                } else if scanner.equals(type, "b") {
                    cell = .text(value == "1" ? "TRUE" : "FALSE")
                } else {
                    cell = .text(value)
                }
            } else {
                cell = .number(value)
            }
            cells[column] = cell
            return nil
        }

        /// `AB12` → 27 (0-based column).
        static func columnIndex(_ reference: String) -> Int? {
            var index = 0
            var letters = 0
            for scalar in reference.unicodeScalars {
                guard scalar.value >= 65 && scalar.value <= 90 else { break }
                index = index * 26 + Int(scalar.value - 64)
                letters += 1
                if letters > 3 { return nil }
            }
            return letters == 0 ? nil : index - 1
        }
    }
}
