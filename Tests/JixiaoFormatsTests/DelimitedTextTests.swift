import JixiaoCore
@testable import JixiaoFormats
import Testing

/// The quick pass that finds where records start (`recordStarts`, used by the CSV reader) must
/// find what splitting every record into cells (`scanRecord`) finds, on any input.
@Suite struct DelimitedTextTests {
    static func startsByCells(_ b: UnsafeBufferPointer<UInt8>, delimiter: UInt8) -> (starts: [Int], lines: [Int]) {
        var starts: [Int] = [], lines: [Int] = []
        var position = 0, line = 1
        var cells: [DelimitedText.Cell] = [], unescaped: [UInt8] = []
        while position < b.count {
            starts.append(position)
            lines.append(line)
            position = DelimitedText.scanRecord(b, at: position, line: &line, delimiter: delimiter, cells: &cells, unescaped: &unescaped)
        }
        starts.append(b.count)
        return (starts, lines)
    }

    @Test func recordStartsAgreeWithSplittingIntoCells() {
        var (seed, generator) = ReplayableRandom.generator(for: "recordStartsAgreeWithSplittingIntoCells")
        // The bytes that decide where records end, and some that do not.
        let alphabet = Array("\",\t\r\n\"a 一".utf8)
        var differences: [String] = []
        for round in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let delimiter = round % 2 == 0 ? UInt8(ascii: ",") : 0x09
            bytes.withUnsafeBufferPointer { b in
                let quick = DelimitedText.recordStarts(b, from: 0, delimiter: delimiter)
                let full = Self.startsByCells(b, delimiter: delimiter)
                if quick.starts != full.starts || quick.lines != full.lines { differences.append(String(decoding: bytes, as: UTF8.self).debugDescription) }
            }
        }
        #expect(differences.isEmpty, "seed \(seed): \(differences.prefix(3))")
    }

    /// Found on every core with the UTF-8 check (`validatedRecordStarts`), the starts are those
    /// of one pass, or nil exactly when the bytes are not UTF-8: on inputs past the size that
    /// splits them, with quoted line breaks, CR alone and damaged bytes wherever the cuts fall.
    @Test func recordStartsFoundOnEveryCoreAgreeWithOnePass() {
        var (seed, generator) = ReplayableRandom.generator(for: "recordStartsFoundOnEveryCoreAgreeWithOnePass")
        let parts = ["经费保障", ",", "\n", "\r\n", "\"多行\n单元格\"", "\"\"", "\"", "95%", "\r", ",\"a,b\"\n"].map { Array($0.utf8) }
        for round in 0..<24 {
            var bytes: [UInt8] = []
            // Mostly plain records; some rounds rich in quotes, so that guesses fall inside them.
            let rich = round % 3 == 0
            while bytes.count < (1 << 20) + 4096 {
                let part = rich || Int.random(in: 0..<8, using: &generator) == 0
                    ? parts.randomElement(using: &generator)! : parts[Int.random(in: 0...3, using: &generator)]
                bytes.append(contentsOf: part)
            }
            if round % 4 == 1 { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = 0xFF }
            if round % 4 == 2 { bytes[bytes.count / 2 + Int.random(in: -2...2, using: &generator)] = 0x80 }
            let start = round % 5 == 0 ? 3 : 0
            bytes.withUnsafeBufferPointer { b in
                let parallel = DelimitedText.validatedRecordStarts(b, from: start, delimiter: UInt8(ascii: ","))
                let valid = UTF8Scan.isValidUTF8(UnsafeBufferPointer(rebasing: b[start...]))
                let onePass = valid ? DelimitedText.recordStarts(b, from: start, delimiter: UInt8(ascii: ",")) : nil
                #expect(parallel?.starts == onePass?.starts && parallel?.lines == onePass?.lines, "seed \(seed), round \(round)")
                // A record said to be plain splits into the cells splitting it in full gives.
                guard let parallel else { return }
                var cells: [DelimitedText.Cell] = [], plainCells: [DelimitedText.Cell] = [], unescaped: [UInt8] = []
                var mismatches = 0
                for (i, start) in parallel.starts.dropLast().enumerated() where parallel.plain[i] {
                    var line = 0
                    _ = DelimitedText.scanRecord(b, at: start, line: &line, delimiter: UInt8(ascii: ","), cells: &cells, unescaped: &unescaped)
                    let end = DelimitedText.contentEnd(b, start: start, next: parallel.starts[i + 1])
                    DelimitedText.plainCells(b, start..<end, delimiter: UInt8(ascii: ","), cells: &plainCells)
                    if cells.map(\.range) != plainCells.map(\.range) || cells.contains(where: \.isUnescaped) { mismatches += 1 }
                }
                #expect(mismatches == 0, "seed \(seed), round \(round)")
                #expect(parallel.plain.contains(true) && parallel.plain.count == parallel.starts.count - 1)
            }
        }
    }

    @Test func aByteOrderMarkIsSteppedOverNotCopied() throws {
        let text = try TextDecoding.utf8Candidate([0xEF, 0xBB, 0xBF] + Array("表名,部门名称\n".utf8))
        #expect(text.start == 3)
        let records = DelimitedText(utf8: text, delimiter: UInt8(ascii: ","))
        #expect(try records.strings(records.records[0]).cells == ["表名", "部门名称"])
    }
}
