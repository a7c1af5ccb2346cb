import JixiaoFormats
/// The home page: the published tables by year, or those a search finds.
struct HomePage: PageView {
    struct Row: Sendable {
        var department: String, path: String, units: Int, projects: Int
        var total: String
        /// The projects a search matched (at most five), each leading to its row of the table.
        var matches: [Match]
        var more: Int?
        /// Stored, as templates read stored properties only (`Reflection`).
        var hasMatches: Bool
    }
    struct Match: Sendable { var name: String; var href: String }
    struct Year: Sendable {
        var year: Int
        var tables: [Row]
        /// 下载全部: the year's published tables in one file, each format.
        var bulk: [TablePage.Download]

        init(year: Int, tables: [Row]) {
            self.year = year
            self.tables = tables
            bulk = [(BulkFormat.xlsx, "Excel（每个部门一个工作表）"), (.csv, "CSV"), (.jsonl, "JSON Lines")].map {
                TablePage.Download(href: SiteURL.bulk(year: year, format: $0.0).path, label: $0.1)
            }
        }
    }
    static let template = "home"
    let title = "项目支出绩效目标表"
    var years: [Year], count: Int, query: String?
}

/// A published table: the official layout (`TableHTML.fragment`) and its downloads.
struct TablePage: PageView {
    struct Download: Sendable { var href: String; var label: String }
    static let template = "table"
    var title: String, table: String, downloads: [Download]
    /// "已更正" and the earlier publications, for a corrected table.
    var correction: CorrectionNote?
}
