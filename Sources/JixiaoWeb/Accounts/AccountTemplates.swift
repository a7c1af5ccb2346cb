/// The signed-in pages' Mustache templates: sign-in, the workspace, one's own account, and
/// the administrator's pages. Every form that changes something carries `_csrf`.
enum AccountTemplates {
    static let all: [String: String] = [
        "login": login, "workspace": workspace, "workspaceTable": workspaceTable, "account": account,
        "adminNav": adminNav, "accountFields": accountFields, "adminUsers": adminUsers, "adminUser": adminUser, "adminDepartments": adminDepartments,
        "adminYears": adminYears, "adminTokens": adminTokens, "adminRules": adminRules, "messages": messages,
    ]

    static let messages = """
    {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    """

    static let login = """
    <h1>登录</h1>
    {{>messages}}
    <form class="stack" method="post" action="/login">
    <input type="hidden" name="_csrf" value="{{loginToken}}">
    <input type="hidden" name="next" value="{{next}}">
    <label>登录名 <input name="login" value="{{login}}" autocomplete="username" required autofocus></label>
    <label>密码 <input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit">登录</button>
    </form>
    <p>公开的表无需登录即可查看和下载。</p>
    """

    static let workspace = """
    <h1>工作台</h1>
    <p>{{scope}}</p>
    {{#admin}}{{>adminNav}}{{/admin}}
    {{#hasAwaiting}}<h2>待办</h2>{{/hasAwaiting}}
    {{#awaiting}}<p class="awaits"><a href="{{path}}">{{department}} {{year}} 年度</a>：{{what}}</p>
    {{/awaiting}}
    {{#years}}
    <h2>{{year}} 年度</h2>
    <table class="list">
    <thead><tr><th>部门</th><th>状态</th><th>单位数</th><th>项目数</th><th>合计（万元）</th></tr></thead>
    <tbody>
    {{#tables}}<tr><td><a href="{{path}}">{{department}}</a></td><td><span class="state state-{{state}}">{{stateTitle}}</span></td><td class="amount">{{units}}</td><td class="amount">{{projects}}</td><td class="amount">{{total}}</td></tr>
    {{/tables}}
    </tbody>
    </table>
    {{/years}}
    {{^years}}<p>暂无可查看的表。</p>{{/years}}
    """

    static let workspaceTable = """
    <p class="crumbs"><a href="/workspace">工作台</a>› {{department}} {{year}} 年度</p>
    <h1>{{department}} {{year}} 年度项目支出绩效目标表 <span class="state state-{{state}}">{{stateTitle}}</span></h1>
    {{>messages}}
    {{#awaits}}<p class="awaits">待办：{{awaits}}</p>{{/awaits}}
    {{#publicPath}}<p>已公开：<a href="{{publicPath}}">公开页面</a></p>{{/publicPath}}
    {{#actions}}
    <form class="row action" method="post" action="{{base}}/transitions">
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="{{action}}"><input type="hidden" name="from" value="{{from}}">
    {{#needsComment}}<label>退回原因 <textarea name="comment" rows="2" cols="50" required></textarea></label>{{/needsComment}}
    {{^needsComment}}<label>说明（可不填） <input name="comment" size="40"></label>{{/needsComment}}
    <button type="submit" name="do" value="{{action}}">{{title}}</button>
    </form>
    {{/actions}}
    <h2>意见</h2>
    {{#comments}}<div class="comment"><b>{{author}}</b> <small>{{at}}</small>{{#transition}} <span class="state">{{transition}}</span>{{/transition}}{{#project}} <small>关于项目：{{project}}</small>{{/project}}<p>{{body}}</p></div>
    {{/comments}}
    {{^comments}}<p>暂无意见。</p>{{/comments}}
    {{#mayComment}}
    <form class="row" method="post" action="{{base}}/comments">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>写意见 <textarea name="body" rows="2" cols="50" required></textarea></label>
    <label>关于 <select name="project_id"><option value="">整张表</option>{{#projectOptions}}<option value="{{id}}">{{name}}</option>{{/projectOptions}}</select></label>
    <button type="submit">发表</button>
    </form>
    {{/mayComment}}
    <h2>项目</h2>
    {{#mayUpload}}
    <form class="row" method="post" action="{{base}}/upload" enctype="multipart/form-data">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>上传表格（文本、JSON、CSV 或 Excel） <input type="file" name="file" accept=".txt,.tsv,.json,.csv,.xlsx" required></label>
    <label><span><input type="checkbox" name="replace" value="1"> 替换现有内容（现有 {{projects}} 个项目）</span></label>
    <button type="submit">上传</button>
    </form>
    {{/mayUpload}}
    {{#units}}
    <h3 class="unit">{{name}} <small>小计 {{subtotal}} 万元</small></h3>
    {{#editable}}<div class="unit-tools">
    \(structureButton("unit-up", "{{unitID}}", "上移单位"))\(structureButton("unit-down", "{{unitID}}", "下移单位"))
    <form class="inline-tool" method="post" action="{{base}}/structure"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="rename-unit"><input type="hidden" name="id" value="{{unitID}}"><input name="name" value="{{name}}" size="20" aria-label="单位名称"><button type="submit">改名</button></form>
    {{#empty}}\(structureButton("delete-unit", "{{unitID}}", "删除单位", confirm: "删除资金使用单位“{{name}}”？")){{/empty}}
    </div>{{/editable}}
    <table class="list">
    <thead><tr><th>项目名称</th><th>总计（万元）</th><th>错误</th><th>警告</th><th>版本</th><th></th></tr></thead>
    <tbody>
    {{#projects}}<tr><td>{{name}}</td><td class="amount">{{total}}</td><td class="amount">{{errors}}</td><td class="amount">{{warnings}}</td><td class="amount">{{version}}</td>
    <td class="tools">{{#editable}}<a href="{{base}}/projects/{{id}}">修改</a> \(structureButton("project-up", "{{id}}", "↑"))\(structureButton("project-down", "{{id}}", "↓"))<form class="inline-tool" method="post" action="{{base}}/structure" data-confirm="删除项目“{{name}}”？删除后不能撤销，其意见将留在本表上。"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="delete-project"><input type="hidden" name="id" value="{{id}}"><input type="hidden" name="version" value="{{version}}"><button type="submit" class="danger">删除</button></form> {{/editable}}<a href="{{base}}/projects/{{id}}/history">历史</a></td></tr>
    {{/projects}}
    </tbody>
    </table>
    {{#editable}}<form class="row" method="post" action="{{base}}/structure"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="add-project"><input type="hidden" name="id" value="{{unitID}}"><label>新增项目 <input name="name" size="30" placeholder="项目名称"></label><button type="submit">新增</button></form>{{/editable}}
    {{/units}}
    {{#editable}}<form class="row" method="post" action="{{base}}/structure"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="add-unit"><label>新增资金使用单位 <input name="name" size="30" placeholder="单位名称"></label><button type="submit">新增单位</button></form>{{/editable}}
    <h2>审核发现：{{counts}}</h2>
    {{#findings}}
    <table class="list findings">
    <thead><tr><th>规则</th><th>严重程度</th><th>条数</th><th>修改建议</th></tr></thead>
    <tbody>
    {{#rules}}<tr class="sev-{{severity}}"><td><code>{{rule}}</code></td><td>{{severityTitle}}</td><td class="amount">{{count}}</td><td>{{fix}}</td></tr>
    {{/rules}}
    </tbody>
    </table>
    <details{{open}}><summary>逐条查看（位置与说明）</summary>
    \(findingItems)
    </details>
    {{/findings}}
    {{^findings}}<p>没有发现问题。</p>{{/findings}}
    <nav class="downloads">下载本表：{{#downloads}}<a href="{{href}}" download>{{label}}</a>{{/downloads}}</nav>
    {{{table}}}
    {{#editable}}<script src="/static/confirm.js" defer></script>{{/editable}}
    """

    /// A one-button form of the structure operations; `confirm` is asked first where
    /// JavaScript runs (`/static/confirm.js`).
    static func structureButton(_ op: String, _ id: String, _ label: String, confirm: String? = nil) -> String {
        let ask = confirm.map { #" data-confirm="\#($0)""# } ?? ""
        return #"<form class="inline-tool" method="post" action="{{base}}/structure"\#(ask)><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="op" value="\#(op)"><input type="hidden" name="id" value="\#(id)"><button type="submit">\#(label)</button></form>"#
    }

    /// Findings one by one (`items`), on the table page and beside a project's fields.
    static let findingItems = """
    <table class="list findings">
    <thead><tr><th>规则</th><th>严重程度</th><th>位置</th><th>说明</th><th>修改建议</th></tr></thead>
    <tbody>
    {{#items}}<tr class="sev-{{severity}}"><td><code>{{rule}}</code></td><td>{{severityTitle}}</td><td>{{location}}</td><td>{{message}}</td><td>{{fix}}</td></tr>
    {{/items}}
    </tbody>
    </table>
    """

    static let account = """
    <h1>我的账号</h1>
    {{>messages}}
    <table class="list"><tbody>
    <tr><th>登录名</th><td>{{login}}</td></tr><tr><th>姓名</th><td>{{name}}</td></tr>
    <tr><th>角色</th><td>{{role}}</td></tr>{{#department}}<tr><th>部门</th><td>{{department}}</td></tr>{{/department}}
    </tbody></table>
    <h2>修改密码</h2>
    <form class="stack" method="post" action="/account/password">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>当前密码 <input type="password" name="current" autocomplete="current-password" required></label>
    <label>新密码（至少 8 个字符） <input type="password" name="password" minlength="8" autocomplete="new-password" required></label>
    <label>再输入一次 <input type="password" name="confirm" minlength="8" autocomplete="new-password" required></label>
    <button type="submit">修改密码</button>
    </form>
    """

    static let adminNav = """
    <nav class="admin">管理：<a href="/admin/users">用户</a><a href="/admin/departments">部门</a><a href="/admin/years">预算年度</a><a href="/admin/tokens">接口令牌</a><a href="/admin/rules">审核规则</a></nav>
    """

    /// The fields the create and edit forms share (`form.login`, `form.displayName`, the options).
    static let accountFields = """
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>登录名 <input name="login" value="{{form.login}}" required></label>
    <label>姓名 <input name="display_name" value="{{form.displayName}}" required></label>
    <label>角色 <select name="role">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/roles}}</select></label>
    <label>部门（部门填报人员必选） <select name="department_id"><option value="">（不属于部门）</option>{{#departmentOptions}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/departmentOptions}}</select></label>
    """

    static let adminUsers = """
    <h1>用户</h1>
    {{>adminNav}}
    {{>messages}}
    <table class="list">
    <thead><tr><th>登录名</th><th>姓名</th><th>角色</th><th>部门</th><th>状态</th><th></th></tr></thead>
    <tbody>
    {{#users}}<tr><td>{{login}}</td><td>{{name}}</td><td>{{role}}</td><td>{{department}}</td><td>{{status}}</td><td><a href="/admin/users/{{id}}">修改</a></td></tr>
    {{/users}}
    </tbody>
    </table>
    <h2>新建用户</h2>
    <form class="stack" method="post" action="/admin/users">
    {{>accountFields}}
    <label>初始密码（至少 8 个字符） <input type="password" name="password" minlength="8" autocomplete="new-password" required></label>
    <button type="submit">创建用户</button>
    </form>
    """

    static let adminUser = """
    <p class="crumbs"><a href="/admin/users">用户</a>› {{login}}</p>
    <h1>修改用户 {{login}}</h1>
    {{>messages}}
    <form class="stack" method="post" action="/admin/users/{{id}}">
    {{>accountFields}}
    <label><span><input type="checkbox" name="disabled" value="1"{{#disabled}} checked{{/disabled}}> 停用（停用后立即退出所有登录）</span></label>
    <button type="submit">保存</button>
    </form>
    <h2>重设密码</h2>
    <form class="stack" method="post" action="/admin/users/{{id}}/password">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>新密码（至少 8 个字符） <input type="password" name="password" minlength="8" autocomplete="new-password" required></label>
    <button type="submit">重设密码</button>
    </form>
    """

    static let adminDepartments = """
    <h1>部门</h1>
    {{>adminNav}}
    {{>messages}}
    <table class="list">
    <thead><tr><th>部门名称</th><th>年度表数</th><th>用户数</th></tr></thead>
    <tbody>
    {{#departments}}<tr><td>{{name}}</td><td class="amount">{{tables}}</td><td class="amount">{{users}}</td></tr>
    {{/departments}}
    </tbody>
    </table>
    <form class="row" method="post" action="/admin/departments">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>新部门名称 <input name="name" required maxlength="100"></label>
    <button type="submit">添加部门</button>
    </form>
    """

    static let adminYears = """
    <h1>预算年度</h1>
    {{>adminNav}}
    {{>messages}}
    <table class="list">
    <thead><tr><th>年度</th><th>开启时间</th><th>表数</th></tr></thead>
    <tbody>
    {{#years}}<tr><td>{{year}}</td><td>{{opened}}</td><td class="amount">{{tables}}</td></tr>
    {{/years}}
    </tbody>
    </table>
    <form class="row" method="post" action="/admin/years">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>开启新年度 <input name="year" type="number" min="2000" max="2100" value="{{nextYear}}" required></label>
    <button type="submit">开启</button>
    </form>
    """

    static let adminRules = """
    <h1>审核规则</h1>
    {{>adminNav}}
    {{>messages}}
    <form class="row" method="get" action="/admin/rules"><label>预算年度 <select name="year">{{#years}}<option value="{{year}}"{{#selected}} selected{{/selected}}>{{year}}</option>{{/years}}</select></label><button type="submit">查看</button></form>
    <p>{{year}} 年度的设置：{{version}}。保存后，这一年度所有表的审核发现、提交检查和数据接口即按新设置计算。</p>
    <form method="post" action="/admin/rules">
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="year" value="{{year}}">
    <table class="list findings">
    <thead><tr><th>启用</th><th>规则</th><th>维度</th><th>说明</th><th>严重程度（默认）</th></tr></thead>
    <tbody>
    {{#rules}}<tr><td><input type="checkbox" name="on_{{id}}" value="1"{{#on}} checked{{/on}}></td><td><code>{{id}}</code><br>{{title}}</td><td>{{dimension}}</td><td><small>{{explanation}}</small></td>
    <td><select name="sev_{{id}}">{{#severities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/severities}}</select> <small>（{{default}}）</small></td></tr>
    {{/rules}}
    </tbody>
    </table>
    <div class="stack-inline">
    <label>大额项目（万元，FEW-INDICATORS） <input name="largeProjectWanYuan" value="{{largeProjectWanYuan}}" size="8"></label>
    <label>大额项目至少的指标数 <input name="minimumIndicators" value="{{minimumIndicators}}" size="4"></label>
    <label>目标雷同的比例（%，GOAL-COPIED） <input name="copyShare" value="{{copyShare}}" size="4"></label>
    </div>
    <label>模糊用语（VAGUE-VALUE，每行一个）<br><textarea name="vagueWords" rows="6" cols="30">{{vagueWords}}</textarea></label>
    <p><button type="submit" class="save">保存审核规则</button></p>
    </form>
    """

    static let adminTokens = """
    <h1>接口令牌</h1>
    {{>adminNav}}
    {{>messages}}
    {{#secret}}<p class="secret">新令牌（只显示这一次，请立即复制保存）：<code>{{secret}}</code></p>
    <p>用法：<code>curl -H "Authorization: Bearer {{secret}}" {{origin}}/api/v1/tables</code></p>{{/secret}}
    <table class="list">
    <thead><tr><th>名称</th><th>账号</th><th>签发人</th><th>签发时间</th><th>最近使用</th><th>状态</th><th></th></tr></thead>
    <tbody>
    {{#tokens}}<tr><td>{{name}}</td><td>{{login}}</td><td>{{issuer}}</td><td>{{created}}</td><td>{{used}}</td><td>{{status}}</td><td>{{^revoked}}<form class="inline" method="post" action="/admin/tokens/{{id}}/revoke"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" style="color:#a00;border-color:#a00">吊销</button></form>{{/revoked}}</td></tr>
    {{/tokens}}
    </tbody>
    </table>
    <h2>签发令牌</h2>
    <p>令牌以所选账号的身份读取接口，能看到的表与该账号登录后相同。</p>
    <form class="row" method="post" action="/admin/tokens">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label>名称 <input name="name" required maxlength="100" placeholder="如：夜间导出脚本"></label>
    <label>账号 <select name="user_id">{{#users}}<option value="{{id}}">{{login}}（{{role}}）</option>{{/users}}</select></label>
    <button type="submit">签发</button>
    </form>
    """
}
