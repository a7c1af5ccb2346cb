import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import NIOCore

/// What the public may read: tables in the 已公开 state, each rendered once per format and
/// version and kept (a published table changes only by a new version, which makes a new key).
actor PublishedTables {
    struct Key: Hashable {
        var department: String
        var year: Int
        var version: Int
        var format: String
    }

    let repository: any TableRepository
    /// Kept as ByteBuffers: a response shares the cached storage instead of copying it.
    private var rendered: [Key: ByteBuffer] = [:]
    private var tables: [Key: BudgetTable] = [:]
    private var listed: (at: ContinuousClock.Instant, tables: [TableSummary])?
    /// How stale the list of published tables may be: public pages are cached a minute by
    /// browsers anyway, and asking the database on every request cost nine tenths of a page.
    static let listLifetime = Duration.seconds(2)

    init(repository: any TableRepository) { self.repository = repository }

    func list() async throws -> [TableSummary] {
        let now = ContinuousClock.now
        if let listed, now - listed.at < Self.listLifetime { return listed.tables }
        let tables = try await repository.listTables().filter { $0.state == .published }
        listed = (now, tables)
        return tables
    }

    func summary(department: String, year: Int) async throws -> TableSummary? {
        try await list().first { $0.department == department && $0.fiscalYear == year }
    }

    func table(_ summary: TableSummary) async throws -> BudgetTable? {
        let key = Key(department: summary.department, year: summary.fiscalYear, version: summary.version, format: "")
        if let table = tables[key] { return table }
        guard let table = try await repository.loadTable(department: summary.department, year: summary.fiscalYear) else { return nil }
        tables[key] = table
        return table
    }

    /// The table in `format` (`fragment` for the page's table HTML).
    func bytes(_ summary: TableSummary, format: String, render: @Sendable (BudgetTable) throws -> [UInt8]) async throws -> ByteBuffer? {
        let key = Key(department: summary.department, year: summary.fiscalYear, version: summary.version, format: format)
        if let bytes = rendered[key] { return bytes }
        guard let table = try await table(summary) else { return nil }
        let bytes = ByteBuffer(bytes: try render(table))
        rendered[key] = bytes
        return bytes
    }
}

extension TableSummary {
    /// A strong validator for a rendering of this version of the table.
    func etag(_ format: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(department)|\(fiscalYear)|\(version)|\(format)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return "\"" + String(hash, radix: 16) + "\""
    }

    var path: String { "/tables/\(fiscalYear)/\(WebPath.encode(department))" }
}

enum WebPath {
    /// A path segment for a department name (Chinese, parentheses): percent-encoded UTF-8.
    static func encode(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }

    static func decode(_ segment: String) -> String { segment.removingPercentEncoding ?? segment }
}

extension WebPath {
    /// A value for a query string: everything but the unreserved characters percent-encoded.
    static func encodeQuery(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
