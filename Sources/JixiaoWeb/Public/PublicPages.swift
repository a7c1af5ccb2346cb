/// The home page: the published tables by year, or those a search finds.
struct HomePage: PageView {
    struct Row: Sendable {
        var department: String, path: String, units: Int, projects: Int
        var total: String
        /// The projects a search matched, when it matched projects rather than the department.
        var matches: String?
    }
    struct Year: Sendable { var year: Int; var tables: [Row] }
    static let template = "home"
    let title = "项目支出绩效目标表"
    var years: [Year], count: Int, query: String?
}

/// A published table: the official layout (`TableHTML.fragment`) and its downloads.
struct TablePage: PageView {
    struct Download: Sendable { var href: String; var label: String }
    static let template = "table"
    var title: String, table: String, downloads: [Download]
}
