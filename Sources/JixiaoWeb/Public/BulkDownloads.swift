import Crypto
import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import NIOConcurrencyHelpers

/// `/bulk/{year}.csv`, `.jsonl` and `.xlsx`: every table published for a year in one file
/// (`BulkExport`), for those who want the year, not a department. Each file is built once per
/// generation of the year's published list — named by a digest of which tables, at which
/// version and revision, it holds — and kept on disk in `directory`, the CSV and JSON Lines
/// also gzipped for clients that accept it. A new publication, correction or withdrawal
/// changes the digest: the next request builds the new file and removes the old.
final class BulkDownloads: Sendable {
    let tables: PublishedTables
    let directory: String
    private let fileIO = FileIO()
    /// Builds under way, by file: requests for the same file wait for the one build.
    private let building = NIOLockedValueBox([String: Task<Void, any Error>]())

    /// A directory of this server's own under the system's temporary directory: two servers
    /// on different databases never share one (`serve --bulk-dir` keeps files across restarts).
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-bulk-\(UUID().uuidString)").path
    }

    init(tables: PublishedTables, directory: String) {
        self.tables = tables
        self.directory = directory
    }

    /// The operations of `/openapi.json` this answers.
    var handlers: [String: OpenAPIRoutes.Handler] {
        [
            "bulkCSV": { request, context in try await self.download(.csv, request, context) },
            "bulkJSONL": { request, context in try await self.download(.jsonl, request, context) },
            "bulkXLSX": { request, context in try await self.download(.xlsx, request, context) },
        ]
    }

    func download(_ format: BulkFormat, _ request: Request, _ context: AppContext) async throws -> Response {
        guard let year = context.parameters.get("year").flatMap({ Int($0) }), (1000...9999).contains(year) else {
            throw HTTPError(.notFound, message: "没有这个年度")
        }
        let summaries = try await tables.list().filter { $0.fiscalYear == year }.sorted { $0.department < $1.department }
        guard !summaries.isEmpty else { throw HTTPError(.notFound, message: "\(year) 年度还没有公开的表") }
        let generation = Self.generation(summaries)
        let file = "\(directory)/\(year)-\(generation).\(format.rawValue)"
        try await build(file, summaries, format: format, year: year)

        let gzip = format.compresses && Self.acceptsGzip(request.headers)
        let etag = "\"bulk-\(year)-\(generation)\(gzip ? "-gz" : "")\""
        if var notModified = PublicSite.notModified(request.headers, etag) {
            notModified.headers[.vary] = "Accept-Encoding"
            return notModified
        }
        let body = try await fileIO.loadFile(path: gzip ? file + ".gz" : file, context: context)
        let name = "\(year)年度项目支出绩效目标表（全部公开）.\(format.rawValue)"
        var response = Response(status: .ok, headers: [
            .contentType: format.contentType,
            .contentDisposition: PublicSite.attachment(name, fallback: "jixiao-\(year)-all.\(format.rawValue)"),
            .eTag: etag, .cacheControl: "public, max-age=60", .vary: "Accept-Encoding",
        ], body: body)
        if gzip { response.headers[.contentEncoding] = "gzip" }
        return response
    }

    /// 16 hex digits of SHA-256 over each table's department, version, revision and size.
    static func generation(_ summaries: [TableSummary]) -> String {
        let listed = summaries.map { "\($0.department)|\($0.version)|\($0.revision)|\($0.projectCount)|\($0.total?.total.fen ?? -1)" }
        return Hex.string(SHA256.hash(data: Data(listed.joined(separator: "\n").utf8)).prefix(8))
    }

    /// `gzip` among the codings the client accepts, and not refused with `q=0`.
    static func acceptsGzip(_ headers: HTTPFields) -> Bool {
        headers[values: .acceptEncoding].flatMap { $0.split(separator: ",") }.contains { coding in
            let parts = coding.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "gzip" || parts.first == "x-gzip" else { return false }
            return !parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "").range(of: #"^q=0(\.0*)?$"#, options: .regularExpression) != nil }
        }
    }

    /// Builds `file` (and its `.gz`) unless it is on disk: once, however many ask at once.
    private func build(_ file: String, _ summaries: [TableSummary], format: BulkFormat, year: Int) async throws {
        // The last thing a build writes: its presence means the file is whole.
        let finished = format.compresses ? file + ".gz" : file
        if FileManager.default.fileExists(atPath: finished) { return }
        let task = building.withLockedValue { building -> Task<Void, any Error> in
            if let task = building[file] { return task }
            let task = Task {
                defer { _ = self.building.withLockedValue { $0.removeValue(forKey: file) } }
                if FileManager.default.fileExists(atPath: finished) { return }
                try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
                _ = try await BulkExport.write(summaries, scope: .published, repository: self.tables.repository, to: file, format: format)
                if format.compresses { try GzipFile.compress(file, to: file + ".gz") }
                self.removeEarlier(than: file, year: year, format: format)
            }
            building[file] = task
            return task
        }
        try await task.value
    }

    /// The files of earlier generations of the same year and format.
    private func removeEarlier(than file: String, year: Int, format: BulkFormat) {
        let kept = (file as NSString).lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix("\(year)-") && name != kept && name != kept + ".gz"
            && (name.hasSuffix("." + format.rawValue) || name.hasSuffix("." + format.rawValue + ".gz")) {
            try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
        }
    }
}
