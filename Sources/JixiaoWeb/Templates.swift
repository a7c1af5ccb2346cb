import JixiaoFormats
import Mustache

/// The site's Mustache templates: one layout, the home page, the table page. The table itself
/// is `TableHTML.fragment`, the same HTML the standalone page and the PDF print.
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        try! library.register(layout, named: "layout")
        try! library.register(home, named: "home")
        try! library.register(table, named: "table")
        return library
    }()

    static func page(_ template: String, _ object: [String: Any]) -> String {
        library.render(object, withTemplate: template) ?? ""
    }

    static let siteStyle = """
    body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #1a1a1a; }
    header.site { background: #8c1c13; color: #fff; padding: 10px 24px; display: flex; align-items: baseline; gap: 24px; }
    header.site a { color: #fff; text-decoration: none; }
    header.site .brand { font-size: 20px; font-weight: bold; }
    .content { padding: 16px 24px; }
    form.search input[type=search] { width: 24em; padding: 4px; }
    table.list { border-collapse: collapse; margin: 8px 0 24px; }
    table.list th, table.list td { border: 1px solid #bbb; padding: 4px 10px; }
    table.list td.amount { text-align: right; font-variant-numeric: tabular-nums; }
    nav.downloads { margin: 8px 0 16px; }
    nav.downloads a { margin-right: 12px; }
    footer.site { color: #777; font-size: 12px; padding: 16px 24px; }
    @media print { header.site, nav.downloads, footer.site { display: none; } .content { padding: 0; } }
    """

    static let layout = """
    <!DOCTYPE html>
    <html lang="zh-CN">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} — 绩效</title>
    <style>
    {{{siteStyle}}}
    {{{tableStyle}}}
    </style>
    </head>
    <body>
    <header class="site"><a class="brand" href="/">绩效 · 项目支出绩效目标公开</a><a href="/">首页</a><a href="/openapi.json">数据接口</a></header>
    <div class="content">
    {{{content}}}
    </div>
    <footer class="site">由 Jixiao 生成 · 数据以各部门公开的《项目支出绩效目标表》为准</footer>
    </body>
    </html>
    """

    static let home = """
    <h1>项目支出绩效目标表</h1>
    <form class="search" method="get" action="/">
    <label>按部门或项目名称查找：<input type="search" name="q" value="{{query}}"></label>
    <button type="submit">查找</button>
    </form>
    {{#query}}<p>“{{query}}”的查找结果：{{count}} 张表。</p>{{/query}}
    {{#years}}
    <h2>{{year}} 年度</h2>
    <table class="list">
    <thead><tr><th>部门</th><th>单位数</th><th>项目数</th><th>合计（万元）</th></tr></thead>
    <tbody>
    {{#tables}}<tr><td><a href="{{path}}">{{department}}</a>{{#matches}}<br><small>匹配项目：{{matches}}</small>{{/matches}}</td><td class="amount">{{units}}</td><td class="amount">{{projects}}</td><td class="amount">{{total}}</td></tr>
    {{/tables}}
    </tbody>
    </table>
    {{/years}}
    {{^years}}<p>暂无公开的表。</p>{{/years}}
    """

    static let table = """
    <nav class="downloads">下载：{{#downloads}}<a href="{{href}}" download>{{label}}</a>{{/downloads}}</nav>
    {{{table}}}
    """
}
