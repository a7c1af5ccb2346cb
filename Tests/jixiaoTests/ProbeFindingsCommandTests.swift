import Foundation
import Testing

/// Issue 14's findings as `jixiao convert` meets them: refused with exit 2, a message that
/// names where, and nothing written.
@Suite struct ProbeFindingsCommandTests {
    static let fixtures = CommandLineTests.packageRoot.appendingPathComponent("Tests/JixiaoFormatsTests/Fixtures")

    /// Finding 2: the amount that rounds past Int64.max crashed the process (exit 132).
    @Test func theOverflowingWorkbookIsRefusedNamingTheCell() throws {
        let out = try CommandLineTests.temporaryDirectory().appendingPathComponent("out.txt").path
        let result = try CommandLineTests.run(["convert", Self.fixtures.appendingPathComponent("overflow-amount.xlsx").path, out])
        #expect(result.status == 2)
        #expect(result.stderr.contains(#"sheet "绩效目标表", row 7, column 财政拨款: "9223372036854.7758075" is beyond the largest amount"#))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Finding 18: a header cell the reader cannot place lost its whole column, exit 0.
    @Test func aMisnamedHeaderIsRefusedNotDropped() throws {
        let directory = try CommandLineTests.temporaryDirectory()
        let input = directory.appendingPathComponent("renamed.txt")
        let seed = try String(contentsOfFile: CommandLineTests.seed, encoding: .utf8)
        try Data(seed.replacingOccurrences(of: "\t绩效目标\t", with: "\tX绩效目标\t").utf8).write(to: input)
        let out = directory.appendingPathComponent("out.json").path
        let result = try CommandLineTests.run(["convert", input.path, out])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\"X绩效目标\" is not a column of the table"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
