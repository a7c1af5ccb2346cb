/// The first worksheet of a small workbook as plain rows of text, for the lists people fill in
/// Excel and upload (a monitoring report's template): each row with its number in the sheet,
/// so a message names the row the person sees. The archive's guards (bombs, DTDs, damage) are
/// the table reader's.
enum XLSXRows {
    static func firstSheet(_ bytes: [UInt8], inflateLimit: Int = XLSXArchive.maximumTotalBytes) throws(FormatError) -> [DelimitedRecord] {
        let workbook = try XLSXReader.Workbook(bytes, inflateLimit: inflateLimit)
        guard let sheet = workbook.sheets.first else { throw FormatError("the workbook has no sheets") }
        let data = try workbook.archive.bytes(sheet.path)
        var records: [DelimitedRecord] = []
        try SpreadsheetXML.scan(data, 0..<data.count, shared: workbook.shared) { (row: SpreadsheetXML.RowCells) throws(FormatError) -> Bool in
            if !row.isBlank { records.append(DelimitedRecord(line: row.number, cells: row.strings)) }
            return true
        }
        return records
    }
}
