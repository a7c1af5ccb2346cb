import JixiaoCore

/// Which sheet of a workbook is "the table", the same for `jixiao convert`/`check` and for an
/// upload: the sheet named (by name, or number from 1); else the only one; else, when the
/// reader knows whose table it wants (an upload to a department's table), the one sheet of
/// that department. Otherwise the workbook is refused, naming its sheets: silently reading the
/// first sheet of a bulk export would look like the whole of it.
extension XLSXReader {
    public static func readOne(_ bytes: [UInt8], fileName: String? = nil, sheet: String? = nil, department: String? = nil,
                               inflateLimit: Int = XLSXArchive.maximumTotalBytes) throws(FormatError) -> ReadTable {
        if sheet != nil { return try read(bytes, fileName: fileName, sheet: sheet, inflateLimit: inflateLimit) }
        do throws(FormatError) {
            let book = try Workbook(bytes, inflateLimit: inflateLimit)
            guard let first = book.sheets.first else { throw FormatError("the workbook has no sheets") }
            if book.sheets.count == 1 { return try book.table(first) }
            let names = book.sheets.map(\.name).joined(separator: "、")
            guard let department else {
                throw FormatError("the workbook holds \(book.sheets.count) sheets (\(names)); name the one to read (jixiao: --sheet NAME or --sheet NUMBER)")
            }
            var matching: [ReadTable] = []
            for sheet in book.sheets {
                let table = try book.table(sheet)
                if table.table.department == department { matching.append(table) }
            }
            guard matching.count == 1, let only = matching.first else {
                throw FormatError("the workbook holds \(book.sheets.count) sheets (\(names)), \(matching.isEmpty ? "none" : "\(matching.count)") of them 部门名称：\(department); upload one sheet, or a workbook with exactly one sheet of this department")
            }
            return only
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }
}
