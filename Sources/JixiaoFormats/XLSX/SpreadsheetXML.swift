import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streaming (SAX) readers of the two XML parts a table needs: the shared strings and a
/// worksheet's cells. No tree of the sheet is built; cells arrive row by row.
enum SpreadsheetXML {
    /// Shared strings: plain `<t>` or rich-text runs `<r><t>…</t></r>` joined, phonetic
    /// guides (`<rPh>`) left out.
    static func sharedStrings(_ data: Data) throws(FormatError) -> [String] {
        let reader = SharedStringsReader()
        try parse(data, reader, part: "xl/sharedStrings.xml")
        return reader.strings
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
        let reader = SheetReader(shared: shared)
        try parse(data, reader, part: "the worksheet")
        if let problem = reader.problem { throw problem }
        return reader.rows
    }

    private static func parse(_ data: Data, _ delegate: XMLParserDelegate, part: String) throws(FormatError) {
        // From a stream, so libxml2 gets the XML in chunks: handed one Data, it refuses
        // documents over 10 MB (its "huge input" limit), and a 10,000-project sheet is larger.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        if !parser.parse(), (delegate as? SheetReader)?.problem == nil {
            let line = parser.lineNumber
            throw FormatError("not a readable Excel workbook: \(part) is not well-formed XML (near its line \(line))")
        }
    }

    final class SharedStringsReader: NSObject, XMLParserDelegate {
        var strings: [String] = []
        private var current = ""
        private var inText = false
        private var inPhonetic = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "si": current = ""
            case "t": inText = !inPhonetic
            case "rPh": inPhonetic = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "si": strings.append(XMLText.unescape(current))
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { current += string }
        }
    }

    /// Rows of cells; the bounds refuse sheets whose cell references are absurd.
    final class SheetReader: NSObject, XMLParserDelegate {
        static let maximumRow = 1_048_576
        static let maximumColumn = 16_384

        let shared: [String]
        var rows: [(row: Int, cells: [Int: Cell])] = []
        var problem: FormatError?
        private var rowNumber = 0
        private var cells: [Int: Cell] = [:]
        private var column = 0
        private var type = ""
        private var value = ""
        private var inValue = false
        private var inText = false
        private var inPhonetic = false

        init(shared: [String]) { self.shared = shared }

        private func fail(_ parser: XMLParser, _ message: String) {
            problem = FormatError(message)
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "row":
                let r = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
                guard r >= 1, r <= Self.maximumRow else { return fail(parser, "refused: the worksheet has a row number out of Excel's range (\(attributes["r"] ?? ""))") }
                rowNumber = r
                cells = [:]
                column = 0
            case "c":
                type = attributes["t"] ?? "n"
                value = ""
                if let reference = attributes["r"] {
                    guard let c = Self.columnIndex(reference), c < Self.maximumColumn else {
                        return fail(parser, "refused: the worksheet has a cell reference out of Excel's range (\(reference))")
                    }
                    column = c
                }
            case "v": inValue = true
            case "t": inText = !inPhonetic
            case "rPh": inPhonetic = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v": inValue = false
            case "t": inText = false
            case "rPh": inPhonetic = false
            case "c":
                let cell: Cell
                switch type {
                case "s":
                    guard let index = Int(value), index >= 0, index < shared.count else {
                        return fail(parser, "not a readable Excel workbook: a cell refers to shared string \(value), which does not exist")
                    }
                    cell = .text(shared[index])
                case "inlineStr", "str": cell = .text(XMLText.unescape(value))
                case "b": cell = .text(value == "1" ? "TRUE" : "FALSE")
                case "e": cell = .text(value)
                default: cell = .number(value)
                }
                if !value.isEmpty { cells[column] = cell }
                column += 1
            case "row":
                if !cells.isEmpty { rows.append((rowNumber, cells)) }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inValue || inText { value += string }
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
