import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoStore

/// How the web app keeps a publication: the table document's JSON (it carries the year, the
/// title, the money unit; it reads back to the identical table), with the list's figures.
extension PublishedContent {
    init(_ table: BudgetTable) {
        self.init(content: String(decoding: TableJSON.write(table), as: UTF8.self), unitCount: table.units.count,
                  projectCount: table.projectCount, total: table.total)
    }
}

extension PublishedTables {
    /// The table a summary of the published list names: its publication, or (revision 0, a
    /// table published before publications were kept) the table as stored.
    static func load(_ summary: TableSummary, _ repository: any TableRepository) async throws -> BudgetTable? {
        guard summary.revision > 0 else { return try await repository.loadTable(department: summary.department, year: summary.fiscalYear) }
        guard let content = try await repository.publications.content(department: summary.department, year: summary.fiscalYear, revision: summary.revision) else {
            return nil
        }
        // Written by `PublishedContent.init` from a table; a document that does not read back
        // is a defect worth a 500 that names it, not a page that quietly shows something else.
        do {
            return try TableJSON.read(Array(content.utf8)).table
        } catch {
            throw StoreError.database("\(summary.department) \(summary.fiscalYear) publication \(summary.revision) does not read back: \(error)")
        }
    }
}

extension CorrectionNote {
    /// The earlier publications anyone may still download: all but the newest, and none
    /// that was withdrawn.
    static func offered(_ publications: [Publication]) -> [Publication] {
        publications.dropLast().filter { $0.withdrawnAt == nil }
    }
}

/// What a published table's page says of its corrections: "已更正" with the date, and the
/// earlier publications to download, for those who compare.
struct CorrectionNote: Sendable {
    struct Earlier: Sendable {
        var label: String
        var downloads: [TablePage.Download]
    }

    var text: String
    var earlier: [Earlier]

    /// Nil for a table published once. Earlier publications taken off the site (撤回公开) are
    /// dated, not offered.
    init?(_ publications: [Publication]) {
        guard let last = publications.last, publications.count > 1 else { return nil }
        let dates = publications.dropLast().map { DisplayTime.date($0.publishedAt) + ($0.withdrawnAt == nil ? "" : "，已撤回") }
        text = "已更正：本表于 \(DisplayTime.date(last.publishedAt)) 更正后重新公开（此前公开于 \(dates.joined(separator: "、"))）。"
        earlier = Self.offered(publications).map { publication in
            Earlier(label: "第 \(publication.summary.revision) 版（\(DisplayTime.date(publication.publishedAt)) 公开）",
                    downloads: PublicSite.downloads.map {
                        .init(href: SiteURL.publicRevision(publication.summary.key, revision: publication.summary.revision, file: "table.\($0.ext)").path, label: $0.label)
                    })
        }
    }
}
