import Foundation
import Testing

/// Workbooks of several departments from the command line: the bulk export, picking one sheet
/// back out, and the streamed workbook `generate` writes.
@Suite struct WorkbookCommandTests {
    typealias CLI = CommandLineTests

    @Test func severalTablesMakeOneWorkbookAndComeBackOneByOne() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let second = dir.appendingPathComponent("second.json").path
        #expect(try CLI.run(["generate", "--projects", "40", "--seed", "3", second]).status == 0)
        let book = dir.appendingPathComponent("全区.xlsx").path
        #expect(try CLI.run(["convert", CLI.seed, second, book]).status == 0)

        // The second sheet is the second table, by number; the seed, by its sheet name.
        let back = try CLI.run(["convert", book, "--sheet", "2", "-", "--to", "json"])
        #expect(back.status == 0)
        let direct = try CLI.run(["convert", second, "-", "--to", "json"])
        #expect(back.stdout == direct.stdout)
        let seedText = try CLI.run(["convert", book, "--sheet", "中国共产党广州市越秀区委员会组织部（部门）", "-"])
        #expect(seedText.stderr == "")
        let original = String(decoding: try Data(contentsOf: URL(fileURLWithPath: CLI.seed)), as: UTF8.self)
        #expect(String(decoding: seedText.stdout, as: UTF8.self) == String(original.drop(while: { $0 == "\n" })) + "\n")

        // Without --sheet a single-table output is refused, naming the sheets; a workbook
        // output takes them all.
        let ambiguous = try CLI.run(["convert", book, dir.appendingPathComponent("x.txt").path])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("holds 2 sheets"))
        #expect(ambiguous.stderr.contains("--sheet"))
        let copy = dir.appendingPathComponent("copy.xlsx").path
        #expect(try CLI.run(["convert", book, copy]).status == 0)
        #expect(try CLI.run(["convert", copy, "--sheet", "2", "-", "--to", "json"]).stdout == direct.stdout)
        let missing = try CLI.run(["convert", book, "--sheet", "9", "-"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no sheet \"9\""))
        let tooMany = try CLI.run(["convert", CLI.seed, second, dir.appendingPathComponent("both.json").path])
        #expect(tooMany.status != 0)
        #expect(tooMany.stderr.contains("only into an Excel workbook"))
    }

    /// `generate` streams a workbook: it holds the same table as the text it generates.
    @Test func generatedWorkbookEqualsGeneratedText() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("g.xlsx").path
        #expect(try CLI.run(["generate", "--projects", "2500", "--seed", "5", book]).status == 0)
        let text = try CLI.run(["generate", "--projects", "2500", "--seed", "5", "-"])
        let fromBook = try CLI.run(["convert", book, "-"])
        #expect(fromBook.status == 0)
        #expect(fromBook.stdout == text.stdout)
    }
}
