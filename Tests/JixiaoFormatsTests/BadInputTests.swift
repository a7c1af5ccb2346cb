import Foundation
import JixiaoCore

@testable import JixiaoFormats
import JixiaoSynthetic
import Testing

/// The generator of a test that mutates its inputs at random, and its seed: `JIXIAO_SEED`
/// when set, to replay a failure; a fresh one otherwise. The seed is printed first, so that a
/// failing run (even one that crashes) says how to replay it:
/// `JIXIAO_SEED=1234 swift test --filter survivesGarbage`.
enum ReplayableRandom {
    static func generator(for test: String) -> (seed: UInt64, generator: SplitMix64) {
        let seed: UInt64
        if let text = ProcessInfo.processInfo.environment["JIXIAO_SEED"] {
            guard let given = UInt64(text) else { preconditionFailure("JIXIAO_SEED=\(text) is not a seed (a whole number from 0 to 2^64 - 1)") }
            seed = given
        } else {
            seed = UInt64.random(in: 0...UInt64.max)
        }
        print("\(test): random seed \(seed) (replay with JIXIAO_SEED=\(seed) swift test --filter \(test))")
        return (seed, SplitMix64(seed: seed))
    }
}

/// Each kind of bad input gets one clear message naming the file, line and problem.
@Suite struct BadInputTests {
    static func message(_ bytes: [UInt8], format: TableFormat = .text, file: String = "t.txt") -> String? {
        do {
            _ = try format.read(bytes, fileName: file)
            return nil
        } catch {
            return error.description
        }
    }

    static func seedWith(_ replace: String, by replacement: String) -> [UInt8] {
        let seed = Fixtures.seedText
        precondition(seed.contains(replace))
        return Array(seed.replacingOccurrences(of: replace, with: replacement).utf8)
    }

    @Test func emptyFile() {
        #expect(Self.message([]) == "t.txt: the file is empty")
    }

    @Test func binaryFile() {
        #expect(Self.message([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]) == "t.txt: the file is binary, not a text table (it contains NUL bytes)")
    }

    @Test func neitherUTF8NorGB18030() {
        #expect(Self.message([0x41, 0x81, 0x20, 0x42]) == "t.txt: the file is neither UTF-8 nor GB18030 text")
    }

    @Test func missingHeaderRow() {
        let text = Fixtures.seedText.replacingOccurrences(of: "项目名称（资金使用单位）\t总计", with: "名称\t金额")
        #expect(Self.message(Array(text.utf8)) == "t.txt: no header row (项目名称（资金使用单位）, 总计, 财政拨款, 财政专户拨款, 其他资金, 绩效目标, 绩效指标) in the first 40 lines")
    }

    @Test func missingDepartment() {
        #expect(Self.message(Self.seedWith("部门名称：", by: "")) == "t.txt: no 部门名称 line before the header row")
    }

    @Test func notAnAmount() {
        let bytes = Self.seedWith("编外人员聘用经费\t11.00", by: "编外人员聘用经费\t12,3a")
        #expect(Self.message(bytes, file: "seed.txt") == "seed.txt: line 12, column 总计: \"12,3a\" is not an amount in 万元")
    }

    @Test func amountInAnotherColumn() {
        let bytes = Self.seedWith("购置经费\t5.10\t5.10", by: "购置经费\t5.10\t5.1O")
        #expect(Self.message(bytes) == "t.txt: line 13, column 财政拨款: \"5.1O\" is not an amount in 万元")
    }

    @Test func tooManyCells() {
        let bytes = Self.seedWith("人才发展工作经费\t3.00\t3.00\t\t\t", by: "人才发展工作经费\t3.00\t3.00\t\t\t\t\t\t额外\t")
        #expect(Self.message(bytes) == "t.txt: line 23: 11 cells where the header has 7 (the extra cell holds \"额外\")")
    }

    @Test func tooPreciseAndTooLarge() {
        #expect(Self.message(Self.seedWith("\t11.00\t11.00", by: "\t11.0000001\t11.00")) == "t.txt: line 12, column 总计: \"11.0000001\" has more decimals than 分 can hold")
        #expect(Self.message(Self.seedWith("\t11.00\t11.00", by: "\t99,000,000,000\t11.00")) == "t.txt: line 12, column 总计: \"99,000,000,000\" is beyond the largest amount a table may state (10 万亿元)")
    }

    @Test func firstRowCannotBeAUnit() {
        let bytes = Self.seedWith("中国共产党广州市越秀区委员会组织部\t1,977.40\t1,649.20\t\t328.20\t\t", by: "中国共产党广州市越秀区委员会组织部\t1,977.40\t1,649.20\t\t328.20\t目标\t")
        #expect(Self.message(bytes) == "t.txt: line 11: the first row after 合计 (\"中国共产党广州市越秀区委员会组织部\") has a 绩效目标 or 绩效指标, so it cannot be a spending-unit (资金使用单位) subtotal row")
    }

    @Test func rowWithoutName() {
        #expect(Self.message(Self.seedWith("购置经费\t5.10", by: "\t5.10")) == "t.txt: line 13, column 项目名称: a row with amounts but no 项目名称")
    }

    @Test func badJSON() {
        #expect(Self.message(Array("{".utf8), format: .json, file: "t.json")?.hasPrefix("t.json: not valid JSON") == true)
        #expect(Self.message(Array("{\"format\":\"jixiao.budget-table\"}".utf8), format: .json, file: "t.json") == "t.json: at the document: the key \"version\" is missing")
        var json = String(decoding: TableJSON.write(try! DisclosureTextReader.read(Fixtures.seedBytes).table), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"amount\":\"11.00\"", with: "\"amount\":\"11.01\"")
        #expect(Self.message(Array(json.utf8), format: .json, file: "t.json") == "t.json: at units[0].projects[0].amounts.total: fen 11000000 and amount \"11.01\" disagree")
    }

    @Test func badCSV() {
        let csv = String(decoding: TableCSV.write(try! DisclosureTextReader.read(Fixtures.seedBytes).table), as: UTF8.self)
        let broken = csv.replacingOccurrences(of: "编外人员聘用经费,11.00", with: "编外人员聘用经费,1l.00")
        #expect(Self.message(Array(broken.utf8), format: .csv, file: "t.csv") == "t.csv: line 4, column 总计: \"1l.00\" is not an amount in 万元")
        #expect(Self.message(Array("表名,部门名称\n".utf8), format: .csv, file: "t.csv") == "t.csv: line 1: the header has no column 金额单位")
    }

    /// No input may crash the reader: random bytes and random mutations of the seed.
    @Test func survivesGarbage() {
        var generator = ReplayableRandom.generator(for: "survivesGarbage").generator
        let seed = Fixtures.seedBytes
        for round in 0..<300 {
            var bytes = seed
            for _ in 0..<(1 + round % 20) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch round % 3 {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert([0x09, 0x0A, 0x22, 0x2C, 0x2E][round % 5], at: index)
                }
            }
            for format in TableFormat.allCases { _ = try? format.read(bytes) }
        }
    }
}

@Suite struct EncodingDetectionTests {
    /// The indicator cell is parsed from its bytes, not made a String first: its bytes must
    /// still be checked, or a file that is not UTF-8 only there would be silently repaired.
    @Test func invalidBytesOnlyInAnIndicatorCellAreCaught() {
        var bytes = Fixtures.seedBytes
        let marker = Array("活动开展数量".utf8)
        let at = bytes.indices.first { bytes[$0...].starts(with: marker) }!
        bytes[at] = 0xFF
        #expect(BadInputTests.message(bytes) == "t.txt: the file is neither UTF-8 nor GB18030 text")
    }

    /// Jixiao's UTF-8 check agrees with the standard library's on random and mutated bytes.
    @Test func theUTF8CheckAgreesWithTheStandardLibrary() {
        let (seed, start) = ReplayableRandom.generator(for: "theUTF8CheckAgreesWithTheStandardLibrary")
        var generator = start
        let samples: [[UInt8]] = [
            [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xF0, 0x9F, 0x98, 0x80], [0xE2, 0x82],
        ]
        var cases = samples
        let text = Array("≥95% 项目支出绩效目标表 😀 ａｂ".utf8)
        for _ in 0..<2_000 {
            var bytes = text
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            cases.append(bytes)
            cases.append((0..<Int.random(in: 0...8, using: &generator)).map { _ in UInt8.random(in: 0x80...0xFF, using: &generator) })
        }
        for bytes in cases {
            let ours = bytes.withUnsafeBufferPointer { UTF8Scan.isValidUTF8($0) }
            #expect(ours == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes) (JIXIAO_SEED=\(seed))")
        }
    }
}
