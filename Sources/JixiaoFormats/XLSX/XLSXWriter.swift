import Foundation
import JixiaoCore
import ZIPFoundation

/// Writes tables as an Excel workbook (.xlsx), one sheet per table: the bulk export of many
/// departments is one workbook. Our own writer on ZIPFoundation — no Swift xlsx package is
/// available — producing the parts Excel requires (content types, relationships, a workbook
/// with print titles, styles with the Normal style) and streaming each sheet through a
/// temporary file. The workbook appears at `path` only when complete.
public enum XLSXWriter {
    public static func write(_ tables: [BudgetTable], to path: String) throws {
        let fileManager = FileManager.default
        let work = fileManager.temporaryDirectory.appendingPathComponent("jixiao-xlsx-\(UUID().uuidString)")
        try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: work) }

        let target = URL(fileURLWithPath: path)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            let archive = try Archive(url: partial, accessMode: .create)
            let names = sheetNames(tables)
            try add(archive, "[Content_Types].xml", contentTypes(sheets: tables.count))
            try add(archive, "_rels/.rels", rootRelationships)
            try add(archive, "docProps/app.xml", appProperties)
            try add(archive, "docProps/core.xml", coreProperties(title: tables.first.map { $0.department + $0.title } ?? ""))
            try add(archive, "xl/workbook.xml", workbook(names))
            try add(archive, "xl/_rels/workbook.xml.rels", workbookRelationships(sheets: tables.count))
            try add(archive, "xl/styles.xml", XLSXStyle.stylesXML)
            for (index, table) in tables.enumerated() {
                let sheet = work.appendingPathComponent("sheet\(index + 1).xml")
                var writer = try SheetWriter(path: sheet.path)
                try writer.write(table)
                try archive.addEntry(with: "xl/worksheets/sheet\(index + 1).xml", fileURL: sheet, compressionMethod: .deflate)
                try fileManager.removeItem(at: sheet)
            }
            guard rename(partial.path, target.path) == 0 else {
                throw AtomicFile.WriteError(description: "\(path): cannot replace it: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fileManager.removeItem(at: partial)
            throw error
        }
    }

    private static func add(_ archive: Archive, _ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<(Int(position) + size))
        }
    }

    /// Sheet names as Excel allows them: at most 31 characters, none of `[]:*?/\`, unique.
    static func sheetNames(_ tables: [BudgetTable]) -> [String] {
        var used = Set<String>()
        return tables.enumerated().map { index, table in
            var name = String(table.department.filter { !"[]:*?/\\'".contains($0) }.prefix(31))
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
    static func workbook(_ names: [String]) -> String {
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
            let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
            xml += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">\(XMLText.escaped(quoted))!$\(SheetWriter.headerRow):$\(SheetWriter.headerRow)</definedName>"
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
