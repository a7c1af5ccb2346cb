/// Rows of text as a CSV Excel opens as it is: UTF-8 with BOM (so the Chinese shows), CRLF,
/// cells quoted only when they hold a comma, a quote or a line break — as `TableCSV` writes.
/// For reports that are lists rather than the table (the review's findings).
public enum CSVRows {
    public static func write(_ rows: [[String]]) -> [UInt8] {
        var out = ByteOutput(capacity: 4096)
        out.write("\u{FEFF}")
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i > 0 { out.write(",") }
                DelimitedCell.append(cell, delimiter: UInt8(ascii: ","), to: &out)
            }
            out.write("\r\n")
        }
        return out.bytes
    }

    /// The non-blank records of a CSV a person uploads (the actuals, a monitoring report), as
    /// text, handed to `body`; an error names `fileName`.
    static func read<T>(_ bytes: [UInt8], fileName: String?, _ body: ([DelimitedRecord]) throws(FormatError) -> T) throws(FormatError) -> T {
        do {
            return try TextDecoding.reading(bytes) { utf8 in
                let text = DelimitedText(utf8: utf8, delimiter: UInt8(ascii: ","))
                var records: [DelimitedRecord] = []
                for record in text.records where !record.isBlank { records.append(try text.strings(record)) }
                return try body(records)
            }
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }
}
