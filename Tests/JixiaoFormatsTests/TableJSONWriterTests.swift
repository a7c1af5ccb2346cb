import Foundation
import JixiaoCore
@testable import JixiaoFormats
import JixiaoSynthetic
import Testing

/// The compact JSON writer (issue 17) writes the very document `JSONEncoder` writes from
/// `TableJSON.Document` — same keys, same order, same values — in a third of the bytes of the
/// pretty form, and reads back to the same table.
@Suite struct TableJSONWriterTests {
    /// What `JSONEncoder` makes of the document, compact: the reference.
    static func encoded(_ table: BudgetTable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(TableJSON.Document(table))) + [UInt8(ascii: "\n")]
    }

    @Test func theSeedAndGeneratedTablesAreTheEncodersBytes() throws {
        var seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        #expect(TableJSON.write(seed) == (try Self.encoded(seed)))
        seed.fiscalYear = 2025
        #expect(TableJSON.write(seed) == (try Self.encoded(seed)))
        // Large enough for the projects to be written on several cores.
        for (seed, projects) in [(UInt64(1), 40), (7, 3_000)] {
            var generator = TableGenerator(seed: seed)
            let table = generator.table(projects: projects, units: 5)
            let compact = TableJSON.write(table)
            #expect(compact == (try Self.encoded(table)))
            #expect(try TableJSON.read(compact).table == table)
            #expect(compact.count * 2 < TableJSON.write(table, pretty: true).count)
        }
    }

    /// Quotes, backslashes, slashes, every control character and text beyond the BMP: the
    /// same value as the encoder's (its spelling of an escape may differ), and the same table back.
    @Test func awkwardTextIsEscapedAsJSONWants() throws {
        var table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        let awkward = "引号\"反斜杠\\斜杠/" + (0..<32).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{7F}😀\u{2028}"
        table.title += awkward
        table.units[0].name += awkward
        table.units[0].projects[0].goal += awkward
        table.units[0].projects[0].indicators[0].name += awkward
        let compact = TableJSON.write(table)
        let mine = try JSONSerialization.jsonObject(with: Data(compact)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: Data(try Self.encoded(table))) as? NSDictionary
        #expect(mine != nil && mine == theirs)
        #expect(try TableJSON.read(compact).table == table)
        #expect(!compact.contains(0x0A) || compact.firstIndex(of: 0x0A) == compact.count - 1, "one line, ended by a newline")
    }

    /// Version 2 writes every key in snake_case, as the API does; a version 1 document (camelCase,
    /// as publications kept before it are stored) reads to the same table.
    @Test func versionTwoIsSnakeCaseAndVersionOneStillReads() throws {
        var table = try DisclosureTextReader.read(Fixtures.seedBytes).table
        table.fiscalYear = 2025
        let written = String(decoding: TableJSON.write(table), as: UTF8.self)
        #expect(written.contains(#""money_unit":"万元""#) && written.contains(#""fiscal_year":2025"#) && written.contains(#""version":2"#))
        #expect(written.range(of: #""[a-z]+[A-Z][A-Za-z]*":"#, options: .regularExpression) == nil, "a camelCase key")
        var older = written.replacingOccurrences(of: #""version":2"#, with: #""version":1"#)
        for (snake, camel) in [("money_unit", "moneyUnit"), ("fiscal_year", "fiscalYear"), ("period_target", "periodTarget"), ("annual_target", "annualTarget"),
                               ("fiscal_appropriation", "fiscalAppropriation"), ("special_account", "specialAccount"), ("other_funds", "otherFunds")] {
            older = older.replacingOccurrences(of: "\"\(snake)\":", with: "\"\(camel)\":")
        }
        #expect(older.contains(#""moneyUnit""#))
        #expect(try TableJSON.read(Array(older.utf8)).table == table)
        let future = written.replacingOccurrences(of: #""version":2"#, with: #""version":3"#)
        #expect(throws: FormatError.self) { try TableJSON.read(Array(future.utf8)) }
    }

    /// The eight-bytes-at-a-time test for bytes to escape finds what a test byte by byte finds.
    @Test func bytesToEscapeAreFoundEightAtATime() {
        var (seed, generator) = ReplayableRandom.generator(for: "bytesToEscapeAreFoundEightAtATime")
        let alphabet: [UInt8] = [0x00, 0x08, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xE4, 0xFF, UInt8(ascii: "a")]
        for round in 0..<5_000 {
            // Mostly harmless bytes, so that a lone byte to escape falls anywhere in a word.
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                let special = Int.random(in: 0..<6, using: &generator) == 0
                bytes.append(special ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0x23...0x5B, using: &generator))
            }
            let bytewise = bytes.contains { (byte: UInt8) -> Bool in byte < 0x20 || byte == 0x22 || byte == 0x5C }
            #expect(bytes.withUnsafeBufferPointer(TableJSONWriter.needsEscaping) == bytewise, "seed \(seed), round \(round): \(bytes)")
        }
    }
}
