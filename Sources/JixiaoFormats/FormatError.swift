/// Why a file could not be read: where (file, line, column) and what was found there.
/// Its description is the message a person sees:
/// `seed.txt: line 9, column 总计: "12,3a" is not an amount in 万元`.
public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String?
    /// The worksheet, for errors in a workbook; then `line` is the sheet's row.
    public var sheet: String?
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, column: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location: [String] = []
        if let sheet { location.append("sheet \(quoted(sheet))") }
        if let line { location.append(sheet == nil ? "line \(line)" : "row \(line)") }
        if let column { location.append("column \(column)") }
        let place = location.joined(separator: ", ")
        let prefix = [file, place.isEmpty ? nil : place].compactMap { $0 }.joined(separator: ": ")
        return prefix.isEmpty ? message : prefix + ": " + message
    }

    /// The same error, naming the file it came from.
    public func inFile(_ name: String) -> FormatError {
        var copy = self
        copy.file = name
        return copy
    }
}

/// Quotes a cell's text for an error message, shortened so one bad cell cannot flood a terminal.
func quoted(_ text: String, limit: Int = 40) -> String {
    let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
    return "\"" + shown + "\""
}
