import JixiaoFormats
import Mustache

/// The site's Mustache templates: one layout, the home page, the table page. The table itself
/// is `TableHTML.fragment`, the same HTML the standalone page and the PDF print.
enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let templates = ["layout": layout, "home": home, "table": table, "error": error].merging(AccountTemplates.all) { a, _ in a }.merging(WorkflowTemplates.all) { a, _ in a }
        for (name, text) in templates { try! library.register(text, named: name) }
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
    header.site .who { margin-left: auto; }
    form.inline { display: inline; margin-left: 8px; }
    form.inline button { background: none; border: 1px solid #fff; color: #fff; cursor: pointer; }
    form.stack { display: grid; gap: 8px; max-width: 28em; margin: 8px 0 24px; }
    form.stack label { display: grid; gap: 2px; }
    form.stack input, form.stack select { padding: 4px; font: inherit; }
    form.stack button, form.row button { justify-self: start; padding: 4px 16px; }
    form.row { display: flex; gap: 8px; align-items: end; flex-wrap: wrap; margin: 8px 0 24px; }
    p.error { color: #a00; background: #fdecea; padding: 6px 10px; }
    p.notice { color: #185c1e; background: #e8f5e9; padding: 6px 10px; }
    p.secret code { font-size: 15px; background: #fff8d6; padding: 4px 8px; user-select: all; }
    nav.admin a, p.crumbs a { margin-right: 12px; }
    .state { padding: 1px 8px; border-radius: 10px; font-size: 13px; background: #eee; white-space: nowrap; }
    .state-draft { background: #eceff1; } .state-submitted { background: #e3f2fd; } .state-returned { background: #fdecea; }
    .state-approved { background: #fff3e0; } .state-published { background: #e8f5e9; }
    table.findings td { vertical-align: top; max-width: 28em; }
    p.awaits { background: #fff3e0; padding: 6px 10px; font-weight: bold; }
    div.comment { border-left: 3px solid #8c1c13; padding: 2px 10px; margin: 6px 0; }
    div.comment p { margin: 4px 0; white-space: pre-wrap; }
    form.action button { background: #8c1c13; color: #fff; border: none; padding: 6px 18px; cursor: pointer; }
    form.row textarea { font: inherit; }
    .pre { white-space: pre-wrap; }
    td.removed { background: #fdecea; } td.added { background: #e8f5e9; }
    form.project .fields { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: end; }
    form.project label { display: grid; gap: 2px; }
    form.project label.goal textarea { width: 100%; font: inherit; }
    form.project input.amount { text-align: right; }
    table.indicators td { vertical-align: top; } table.indicators input, table.indicators select { font: inherit; }
    small.reading { color: #185c1e; } small.reading.bad { color: #a60; }
    p.note { margin: 2px 0; font-size: 13px; } p.note.sev-error { color: #a00; } p.note.sev-warning { color: #8a5300; }
    p.note code { font-size: 12px; } p.note i { color: #555; }
    form.inline-tool { display: inline; margin: 0 2px; } form.inline-tool button { padding: 0 6px; } button.danger { color: #a00; }
    h3.unit { margin: 20px 0 4px; } h3.unit small { font-weight: normal; color: #555; } div.unit-tools { margin: 4px 0; }
    button.save { background: #8c1c13; color: #fff; border: none; padding: 6px 24px; margin: 12px 0; cursor: pointer; }
    tr.sev-error td:nth-child(2) { color: #a00; font-weight: bold; } tr.sev-warning td:nth-child(2) { color: #a60; }
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
    <header class="site"><a class="brand" href="/">绩效 · 项目支出绩效目标公开</a><a href="/">首页</a>{{#viewer}}<a href="/workspace">工作台</a>{{#admin}}<a href="/admin/users">管理</a>{{/admin}}{{/viewer}}<a href="/openapi.json">数据接口</a>
    <span class="who">{{#viewer}}<a href="/account">{{name}}</a>（{{role}}{{#department}} · {{department}}{{/department}}）<form class="inline" method="post" action="/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">退出</button></form>{{/viewer}}{{^viewer}}<a href="/login">登录</a>{{/viewer}}</span></header>
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

    static let error = """
    <h1>{{status}} · {{title}}</h1>
    <p>{{message}}</p>
    <p><a href="/">回到首页</a></p>
    """

    static let table = """
    <nav class="downloads">下载：{{#downloads}}<a href="{{href}}" download>{{label}}</a>{{/downloads}}</nav>
    {{{table}}}
    """
}
