import Foundation
import JixiaoCore
@testable import JixiaoFormats
import Testing

@Suite struct TableHTMLTests {
    static let seed = try! DisclosureTextReader.read(Fixtures.seedBytes).table

    /// The seed's page, byte for byte: a change to the view shows up here, and is looked at
    /// in a browser before the snapshot is renewed (`jixiao convert SEED Fixtures/….html`).
    @Test func theSeedsPageMatchesItsSnapshot() throws {
        let snapshot = try String(contentsOf: Fixtures.directory.appendingPathComponent("000_d01970435e92e0bf.html"), encoding: .utf8)
        #expect(TableHTML.page(Self.seed) == snapshot)
    }

    @Test func theGridHoldsEveryRow() {
        let html = TableHTML.fragment(Self.seed)
        #expect(html.contains("<h1>项目支出绩效目标表（含转移支付项目）</h1>"))
        #expect(html.contains("<span>部门名称：中国共产党广州市越秀区委员会组织部（部门）</span><span>单位：万元</span>"))
        #expect(html.contains("<tr class=\"total\"><th scope=\"row\" class=\"name\">合计</th><td class=\"amount\">1,980.40</td><td class=\"amount\">1,652.20</td><td class=\"amount\"></td><td class=\"amount\">328.20</td>"))
        #expect(html.components(separatedBy: "<tr class=\"unit\">").count - 1 == 2)
        #expect(html.components(separatedBy: "<tr class=\"project\" id=\"p-").count - 1 == 11)
        // One line per indicator: 32 items in the seed.
        #expect(html.components(separatedBy: "<p>").count - 1 == 32)
        #expect(html.contains("<p>1、1-产出指标：11-数量指标：编外辅助人员聘用人数；实施周期指标值：≤2人；年度指标值：≤2人。</p>"))
    }

    @Test func textIsEscapedAndLineBreaksKept() {
        var table = Self.seed
        table.units[0].projects[0].name = "<script>alert('x')</script> & \"引号\""
        table.units[0].projects[0].goal = "第一段\n第二段"
        let html = TableHTML.fragment(table)
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;引号&quot;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("第一段<br>第二段"))
    }

    @Test func htmlIsWrittenNotRead() {
        #expect(TableFormat(fileName: "seed.html") == .html)
        #expect(throws: FormatError.self) { try TableFormat.html.read(Array("<html></html>".utf8), fileName: "x.html") }
        #expect(!TableFormat.readable.contains(.html))
    }
}
