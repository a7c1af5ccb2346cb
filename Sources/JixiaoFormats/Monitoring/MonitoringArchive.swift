import Foundation

/// A round's 监控表 of every department: one workbook a department (`MonitoringWorkbook`), in
/// one ZIP, written on every core.
public enum MonitoringArchive {
    public static func bytes(_ documents: [MonitoringDocument]) throws -> [UInt8] {
        let workbooks = try documents.parallelMap(minimumChunk: 1) { document in Result { try MonitoringWorkbook.bytes(document) } }.map { try $0.get() }
        return try TemporaryFile.bytes(suffix: ".zip") { path in
            var zip = try ZipWriter(path: path)
            do {
                var used = Set<String>()
                for (document, workbook) in Swift.zip(documents, workbooks) {
                    var name = document.department.filter { !"/\\:*?\"<>|".contains($0) }
                    while !used.insert(name).inserted { name += "_" }
                    try zip.add("\(name)\(document.period)监控表.xlsx", workbook)
                }
                try zip.finish()
            } catch {
                zip.abandon()
                throw error
            }
        }
    }
}
