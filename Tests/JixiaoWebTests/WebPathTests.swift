import Foundation
import Testing
@testable import JixiaoWeb

/// Links' path segments are percent-encoded by hand (`WebPath.encode`): exactly as Foundation's
/// `urlPathAllowed` less "/", which the links were made with before, so no link changes.
@Suite struct WebPathTests {
    static func foundation(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed)!
    }

    @Test func everyASCIICharacterIsEncodedAsFoundationDoes() {
        for scalar in (1...127).compactMap(Unicode.Scalar.init) {
            let text = "a\(Character(scalar))b"
            #expect(WebPath.encode(text) == Self.foundation(text), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test(arguments: ["中国共产党广州市越秀区委员会组织部（部门）", "广州市海珠区档案馆（部门）", "A/B?C#D", "100% 完成", "𠮷野家 ✓", "", "plain-name_1.0~"])
    func namesAreEncodedAsFoundationDoesAndComeBack(_ name: String) {
        #expect(WebPath.encode(name) == Self.foundation(name))
        #expect(WebPath.decode(WebPath.encode(name)) == name)
    }
}
