import Testing
@testable import JixiaoWeb

/// View models are read once, down to their nested values (`Reflection`), instead of through a
/// `Mirror` for every name a template looks up; what the templates see must not change.
@Suite struct TemplateReflectionTests {
    struct Item: Sendable { var name: String; var note: String?; var count: Int }
    struct Links: Sendable { var home: String }
    struct Page: PageView {
        static let template = "error"
        var title: String
        var items: [Item], links: Links, missing: Links?, flags: [Bool]
    }

    @Test func nestedValuesAreReadByName() throws {
        let fields = Reflection.fields(of: Page(title: "题", items: [Item(name: "甲", note: nil, count: 2), Item(name: "乙", note: "注", count: 0)],
                                                links: Links(home: "/"), missing: nil, flags: [true, false]))
        #expect(fields["missing"] == nil, "a nil Optional is no value, as swift-mustache reads it")
        let items = try #require(fields["items"] as? [Any])
        let first = try #require(items.first as? Reflection.Fields)
        #expect(first.child(named: "name") as? String == "甲")
        #expect(first.child(named: "note") == nil)
        #expect(first.child(named: "count") as? Int == 2)
        #expect((items.last as? Reflection.Fields)?.child(named: "note") as? String == "注")
        #expect((fields["links"] as? Reflection.Fields)?.child(named: "home") as? String == "/")
        #expect((fields["flags"] as? [Any])?.compactMap { $0 as? Bool } == [true, false])
        #expect("\(first)" == "\(Item(name: "甲", note: nil, count: 2))", "printed, it reads as the value did")
    }

    @Test func aRenderedTemplateReadsNestedValuesAndTheSiteLinks() {
        // The layout reads `site.…`, `viewer.…` and `assets.…` from a page's chrome.
        let html = Pages.render(Layout(title: "标题", content: "<p>内容</p>", viewer: Viewer(name: "王芳", role: "编报人", department: "某部门", admin: true, csrf: "tok")),
                                chrome: PageChrome(csrf: "tok", assets: ["site_css": "/s.css", "table_css": "/t.css"], site: .shared))
        #expect(html.contains(#"href="\#(SiteURL.workspace.path)""#) && html.contains(#"href="\#(SiteURL.adminUsers.path)""#))
        #expect(html.contains("王芳") && html.contains("编报人 · 某部门") && html.contains(#"value="tok""#) && html.contains("/s.css"))
        #expect(html.contains("<p>内容</p>"))
        let signedOut = Pages.render(Layout(title: "标题", content: "", viewer: nil), chrome: PageChrome(csrf: nil, assets: [:], site: .shared))
        #expect(signedOut.contains(#"href="\#(SiteURL.login.path)""#) && !signedOut.contains("退出"))
    }

    /// The layout is rendered once for each title and visitor (`LayoutHalves`): each visitor's
    /// own token goes into the sign-out form, and a title that reads like a marker stays text.
    @Test func theKeptLayoutCarriesEachVisitorsTokenAndEscapesTheTitle() {
        let title = "标题 <jixiao-content> <csrf>"
        let viewer = Viewer(name: "王芳", role: "编报人", department: nil, admin: false, csrf: "unused")
        let halves = LayoutHalves.shared.halves(title: title, viewer: viewer)
        #expect(halves === LayoutHalves.shared.halves(title: title, viewer: Viewer(name: "王芳", role: "编报人", department: nil, admin: false, csrf: "other")),
                "one rendering for every session of one visitor")
        let (head, tail) = (halves.head.filled(with: "tokA"), halves.tail.filled(with: "tokA"))
        #expect(head.contains("标题 &lt;jixiao-content&gt; &lt;csrf&gt;") && head.contains(#"value="tokA""#))
        #expect(head.hasSuffix(#"<div class="content">"#.appending("\n")) && tail.hasPrefix("\n</div>"))
        #expect(LayoutHalves.shared.halves(title: title, viewer: viewer).head.filled(with: "tokB").contains(#"value="tokB""#))
        let signedOut = LayoutHalves.shared.halves(title: title, viewer: nil).head.filled(with: "")
        #expect(signedOut.contains(SiteURL.login.path) && !signedOut.contains("王芳"))
    }

    /// Every template escapes over UTF-8 bytes (`ByteEscapedHTML`): swift-mustache's own escaping
    /// goes by `Character`, and a `<` joined to a "prepend" mark (U+0600) before it, or a `>`
    /// with a combining accent after it, went out raw.
    @Test(arguments: ["\u{0600}<img src=x onerror=alert(1)>", "<b>\u{0301}粗体</b>\u{0301}", "\u{0600}<csrf>", "\u{0600}<jixiao-content>", "a & \"b\" 'c'"])
    func textIsEscapedWhateverCharacterItJoins(_ typed: String) {
        let html = Pages.render(ErrorPage(status: 400, title: typed, message: typed), chrome: PageChrome(csrf: nil, assets: [:], site: .shared))
        for raw in ["<img", "<b>", "<csrf>", "<jixiao-content>", "\"b\""] { #expect(!html.contains(raw), "\(raw) in \(html)") }
        #expect(html.contains("&lt;") || html.contains("&amp;"))
        let halves = LayoutHalves.shared.halves(title: typed, viewer: nil)
        let page = halves.head.filled(with: "") + "<p>内容</p>" + halves.tail.filled(with: "")
        #expect(page.components(separatedBy: "<p>内容</p>").count == 2 && page.hasSuffix("</html>"), "the content between the halves, once")
    }
}
