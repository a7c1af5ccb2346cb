/// The editing pages' templates: a project's form (with its findings, how each target value
/// is read, and — after a conflict — both versions side by side), and its history.
enum WorkflowTemplates {
    static let all: [String: String] = ["projectEdit": projectEdit, "projectHistory": projectHistory, "findingItems": AccountTemplates.findingItems, "notes": notes]

    /// A finding beside a field.
    static let notes = """
    <p class="note sev-{{severity}}"><b>{{severityTitle}}</b> <code>{{rule}}</code> {{message}}。<i>{{fix}}</i></p>
    """

    static let projectEdit = """
    <p class="crumbs"><a href="/workspace">工作台</a>› <a href="{{base}}">{{department}} {{year}} 年度</a>› 修改项目</p>
    <h1>修改项目：{{name}}</h1>
    {{>messages}}
    {{#problems}}<p class="error" role="alert">{{.}}</p>{{/problems}}
    {{#conflict}}
    <h2>两个版本</h2>
    <table class="list findings"><thead><tr><th>字段</th><th>{{by}} 保存的（第 {{found}} 版，{{at}}）</th><th>您提交的</th></tr></thead><tbody>
    {{#fields}}<tr><td>{{field}}</td><td class="pre">{{theirs}}</td><td class="pre">{{yours}}</td></tr>{{/fields}}
    </tbody></table>
    <p>下面的表单保留了您提交的内容。再次保存将以您的内容覆盖第 {{found}} 版；或<a href="{{base}}/projects/{{id}}">放弃您的修改，重新打开</a>。</p>
    {{/conflict}}
    <form class="project" method="post" action="{{base}}/projects/{{id}}">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <input type="hidden" name="rows" value="{{rowCount}}">
    <p>资金使用单位：{{unit}} · 第 {{version}} 版</p>
    <div class="fields">
    <label>项目名称 <input name="name" value="{{name}}" size="40" required></label>
    <label>财政拨款（万元） <input name="fiscal" value="{{fiscal}}" inputmode="decimal" size="12" class="amount"></label>
    <label>财政专户拨款（万元） <input name="special" value="{{special}}" inputmode="decimal" size="12" class="amount"></label>
    <label>其他资金（万元） <input name="other" value="{{other}}" inputmode="decimal" size="12" class="amount"></label>
    <p class="total">总计（自动计算）：<output id="total">{{total}}</output> 万元</p>
    </div>
    {{#nameFindings}}{{>notes}}{{/nameFindings}}{{#amountFindings}}{{>notes}}{{/amountFindings}}
    <label class="goal">绩效目标 <textarea name="goal" rows="4">{{goal}}</textarea></label>
    {{#goalFindings}}{{>notes}}{{/goalFindings}}
    <h2>绩效指标</h2>
    {{#indicatorFindings}}{{>notes}}{{/indicatorFindings}}
    <p class="hint">一级、二级从指标框架中选择；指标值写比较符、数值和单位（如“≥2人”“100%”“≤30天”），保存后显示 Jixiao 的读法。清空一行或勾选“删除”即去掉该指标；改“序号”可调整顺序。</p>
    <table class="list indicators">
    <thead><tr><th>序号</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>实施周期指标值</th><th>年度指标值</th><th>删除</th></tr></thead>
    <tbody>
    {{#rows}}<tr>
    <td><input name="order_{{i}}" value="{{order}}" size="2"></td>
    {{#raw}}<td colspan="5"><input type="hidden" name="raw_{{i}}" value="{{raw}}">无法按框架解析，原文保留：<span class="pre">{{raw}}</span></td>{{/raw}}
    {{^raw}}
    <td><select name="l1_{{i}}">{{#l1}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/l1}}</select></td>
    <td><select name="l2_{{i}}">{{#l2}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/l2}}</select></td>
    <td><input name="name_{{i}}" value="{{name}}" size="18"></td>
    <td><input name="period_{{i}}" value="{{period}}" size="12" data-reading="period_{{i}}"><br><small class="reading{{#periodQualitative}} bad{{/periodQualitative}}" id="reading-period_{{i}}">{{periodReading}}</small></td>
    <td><input name="annual_{{i}}" value="{{annual}}" size="12" data-reading="annual_{{i}}"><br><small class="reading{{#annualQualitative}} bad{{/annualQualitative}}" id="reading-annual_{{i}}">{{annualReading}}</small></td>
    {{/raw}}
    <td><input type="checkbox" name="delete_{{i}}" value="1"></td>
    </tr>
    {{#hasRowFindings}}<tr class="notes"><td></td><td colspan="6">{{#rowFindings}}{{>notes}}{{/rowFindings}}</td></tr>{{/hasRowFindings}}
    {{/rows}}
    </tbody>
    </table>
    <button type="submit" class="save">保存</button> <a href="{{base}}">返回这张表</a> · <a href="{{base}}/projects/{{id}}/history">历史</a>
    </form>
    <h2>本项目的审核发现：{{counts}}</h2>
    {{#findings}}{{>findingItems}}{{/findings}}
    {{^findings}}<p>没有发现问题。</p>{{/findings}}
    <script src="/static/project-edit.js" defer></script>
    """

    static let projectHistory = """
    <p class="crumbs"><a href="/workspace">工作台</a>› <a href="{{base}}">{{department}} {{year}} 年度</a>› 项目历史</p>
    <h1>项目历史：{{name}}</h1>
    <table class="list">
    <thead><tr><th>版本</th><th>保存人</th><th>时间</th><th>总计（万元）</th></tr></thead>
    <tbody>
    {{#versions}}<tr><td>第 {{number}} 版</td><td>{{actor}}</td><td>{{at}}</td><td class="amount">{{total}}</td></tr>
    {{/versions}}
    </tbody>
    </table>
    <form class="row" method="get" action="{{base}}/projects/{{id}}/history">
    <label>比较 第 <select name="a">{{#options}}<option value="{{n}}"{{#isA}} selected{{/isA}}>{{n}}</option>{{/options}}</select> 版</label>
    <label>与 第 <select name="b">{{#options}}<option value="{{n}}"{{#isB}} selected{{/isB}}>{{n}}</option>{{/options}}</select> 版</label>
    <button type="submit">比较</button>
    </form>
    <h2>第 {{a}} 版 → 第 {{b}} 版</h2>
    {{#same}}<p>两个版本相同。</p>{{/same}}
    {{^same}}
    <table class="list findings"><thead><tr><th>字段</th><th>第 {{a}} 版</th><th>第 {{b}} 版</th></tr></thead><tbody>
    {{#changes}}<tr><td>{{field}}</td><td class="pre removed">{{before}}</td><td class="pre added">{{after}}</td></tr>{{/changes}}
    </tbody></table>
    {{/same}}
    """
}
