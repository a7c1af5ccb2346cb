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
}
