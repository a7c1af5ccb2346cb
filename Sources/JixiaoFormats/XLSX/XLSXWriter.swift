import Foundation
import JixiaoCore

/// What one worksheet shows: a table's heading and its spending units in order. The units
/// may be produced one at a time — a generated million-project table never exists whole —
/// so the heading states what the sheet writer must know before the first unit: the 合计
/// and how many unit and project rows follow.
public struct XLSXSheet {
    public var title: String
    public var department: String
    public var moneyUnit: MoneyUnit
    public var total: Amounts?
    /// Unit rows plus project rows.
    public var rowCount: Int
    public var units: any Sequence<SpendingUnit>
    /// `预算年度：2025` beside 部门名称, when the title states no year (`TableAssembly.yearLine`).
    public var yearLine: String?

    public init(title: String, department: String, moneyUnit: MoneyUnit, total: Amounts?, rowCount: Int, units: any Sequence<SpendingUnit>,
                yearLine: String? = nil) {
        self.yearLine = yearLine
        self.title = title
        self.department = department
        self.moneyUnit = moneyUnit
        self.total = total
        self.rowCount = rowCount
        self.units = units
    }

    public init(_ table: BudgetTable) {
        self.init(
            title: table.title, department: table.department, moneyUnit: table.moneyUnit, total: table.total,
            rowCount: table.units.count + table.projectCount, units: table.units, yearLine: TableAssembly.yearLine(table)
        )
    }
}

/// Writes tables as an Excel workbook (.xlsx), one sheet per table: the bulk export of many
/// departments is one workbook. Our own writer — no Swift xlsx package is available — on our
/// own ZIP container and the system zlib, producing the parts Excel requires (content types,
/// relationships, a workbook with print titles, styles with the Normal style). The workbook
/// appears at `path` only when complete.
public enum XLSXWriter {
    public static func write(_ tables: [BudgetTable], to path: String) throws {
        try write(sheets: tables.map(XLSXSheet.init), to: path)
    }

    public static func write(sheets: [XLSXSheet], to path: String) throws {
        let book = try WorkbookStream(path)
        for sheet in sheets { try book.append(sheet) }
        try book.finish()
    }

    /// Sheet names as Excel allows them: at most 31 characters, none of `[]:*?/\`, unique.
    static func sheetNames(_ departments: [String]) -> [String] {
        var used = Set<String>()
        return departments.enumerated().map { index, department in
            var name = String(department.filter { !"[]:*?/\\'".contains($0) }.prefix(31))
            if name.isEmpty { name = "Sheet\(index + 1)" }
            var candidate = name
            var n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = "(\(n))"
                candidate = String(name.prefix(31 - suffix.count)) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    static func contentTypes(sheets: Int) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
        """
        for i in stride(from: 1, through: sheets, by: 1) {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    static let rootRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
    <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
    </Relationships>
    """

    static let appProperties = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Jixiao</Application></Properties>
    """

    static func coreProperties(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(XMLText.escaped(title))</dc:title>\
        <dc:creator>Jixiao</dc:creator></cp:coreProperties>
        """
    }

    /// The workbook, with each sheet's header rows as its print titles.
    static func workbook(_ names: [String], titleRow: Int = SheetWriter.headerRow) -> String {
        workbook(names, titleRows: names.map { _ in titleRow })
    }

    /// The workbook, each sheet with the row repeated atop its printed pages (none: nil).
    static func workbook(_ names: [String], titleRows: [Int?]) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
        """
        for (i, name) in names.enumerated() {
            xml += "<sheet name=\"\(XMLText.escaped(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        xml += "</sheets><definedNames>"
        for (i, name) in names.enumerated() {
            guard let titleRow = titleRows[i] else { continue }
            let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
            xml += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">\(XMLText.escaped(quoted))!$\(titleRow):$\(titleRow)</definedName>"
        }
        return xml + "</definedNames></workbook>"
    }

    static func workbookRelationships(sheets: Int) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        """
        for i in 0..<sheets {
            xml += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }
}
