import Foundation
import JixiaoTestSupport

/// The committed fixtures (`SeedFixture`): a byte-exact copy of the customer's seed table.
enum Fixtures {
    static let directory = SeedFixture.fixtures
    static let seedName = SeedFixture.url.lastPathComponent

    static var seedBytes: [UInt8] {
        // The fixture is committed; a missing one is a broken checkout, not a condition to handle.
        try! SeedFixture.bytes
    }

    static var seedText: String { String(decoding: seedBytes, as: UTF8.self) }

    /// The seed in canonical form: the same bytes without its leading blank lines, ending
    /// with one newline.
    static var seedCanonical: String {
        var text = seedText
        while text.hasPrefix("\n") { text.removeFirst() }
        while text.hasSuffix("\n") { text.removeLast() }
        return text + "\n"
    }
}
