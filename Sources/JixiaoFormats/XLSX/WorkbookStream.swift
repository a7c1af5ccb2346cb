import Foundation

/// A workbook written a sheet at a time (a year's bulk export: department after department,
/// each table loaded, written and let go). The sheets go into the archive as they come; the
/// parts that list them (content types, workbook, its relationships) follow the last one —
/// a ZIP's central directory, not its order, is what readers go by. The workbook appears at
/// its path only when `finish()` completes; `abandon()` (or an error) removes it.
public final class WorkbookStream {
    private let path: String
    private let partial: String
    private var zip: ZipWriter
    private var departments: [String] = []
    private var title: String?
    private var open = true

    public init(_ path: String) throws {
        self.path = path
        partial = AtomicFile.temporaryPath(beside: path)
        zip = try ZipWriter(path: partial, reportedAs: path)
    }

    deinit { abandon() }

    /// How many sheets are written.
    public var sheetCount: Int { departments.count }

    public func append(_ sheet: XLSXSheet) throws {
        precondition(open, "the workbook is finished")
        do {
            try SheetWriter.write(sheet, to: &zip, entry: "xl/worksheets/sheet\(departments.count + 1).xml")
        } catch {
            abandon()
            throw error
        }
        departments.append(sheet.department)
        if title == nil { title = sheet.department + sheet.title }
    }

    public func finish() throws {
        precondition(open, "the workbook is finished")
        do {
            let names = XLSXWriter.sheetNames(departments)
            try zip.add("[Content_Types].xml", XLSXWriter.contentTypes(sheets: names.count))
            try zip.add("_rels/.rels", XLSXWriter.rootRelationships)
            try zip.add("docProps/app.xml", XLSXWriter.appProperties)
            try zip.add("docProps/core.xml", XLSXWriter.coreProperties(title: title ?? ""))
            try zip.add("xl/workbook.xml", XLSXWriter.workbook(names))
            try zip.add("xl/_rels/workbook.xml.rels", XLSXWriter.workbookRelationships(sheets: names.count))
            try zip.add("xl/styles.xml", XLSXStyle.stylesXML)
        } catch {
            abandon()
            throw error
        }
        // `ZipWriter.finish` closes the file whatever happens: not abandoned after it.
        open = false
        do {
            try zip.finish()
        } catch {
            unlink(partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            let error = PartialFile.failure(path, "replace it")
            unlink(partial)
            throw error
        }
    }

    public func abandon() {
        guard open else { return }
        open = false
        zip.abandon()
        unlink(partial)
    }
}
