import Foundation
import JixiaoCore

@testable import JixiaoFormats
import JixiaoSynthetic
import Testing

/// The JSON reader reads in two passes (projects found, then read on every core); what it names
/// for a broken document must be what one strict pass over the document names.
@Suite struct TableJSONReaderTests {
    /// The message of reading `bytes` in two passes, and in one strict pass.
    static func messages(_ bytes: [UInt8]) -> (twoPasses: String?, onePass: String?) {
        func describe(_ body: () throws -> BudgetTable) -> String? {
            do {
                _ = try body()
                return nil
            } catch let error as JSONScanner.Failure {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        // Small batches, taken while the outline is read: a problem must be named the same
        // whichever batch it falls in.
        let twoPasses = describe { try TableJSONReader.table(InputBytes(bytes), batchSize: 4, lockstep: true) }
        let onePass = describe {
            try bytes.withUnsafeBufferPointer { buffer in
                try TableJSONReader.table(try TableJSONReader.outline(buffer, strict: true), InputBytes(bytes))
            }
        }
        return (twoPasses, onePass)
    }

    static func document(projects: Int, seed: UInt64) -> [UInt8] {
        var generator = TableGenerator(seed: seed)
        return TableJSON.write(generator.table(projects: projects, units: 3))
    }

    @Test func aLaterProblemDoesNotHideAnEarlierProjectsOwn() {
        var text = String(decoding: Self.document(projects: 9, seed: 3), as: UTF8.self)
        // The second project's `goal` misspelt, and a key no unit has after the first unit's projects.
        let goals = text.ranges(of: "\"goal\":")
        text.replaceSubrange(goals[1], with: "\"goall\":")
        let projectsOfSecondUnit = text.ranges(of: ",\"projects\":[")[1]
        text.replaceSubrange(projectsOfSecondUnit, with: ",\"colour\":1,\"projects\":[")
        let (twoPasses, onePass) = Self.messages(Array(text.utf8))
        #expect(twoPasses == onePass)
        #expect(twoPasses?.contains("units[0].projects[1].goall: unknown key") == true)
    }

    @Test func aProjectClosedByTheWrongBracketIsNamed() {
        var text = String(decoding: Self.document(projects: 6, seed: 4), as: UTF8.self)
        // The first project's closing } made a ]: the quick pass takes it for the end.
        let end = text.range(of: "],\"name\":")!
        let close = text[end.upperBound...].firstIndex(of: "}")!
        text.replaceSubrange(close...close, with: "]")
        let (twoPasses, onePass) = Self.messages(Array(text.utf8))
        #expect(twoPasses != nil)
        #expect(twoPasses == onePass)
    }

    @Test func aValueProblemIsNamedAfterEveryShapeProblem() {
        var text = String(decoding: Self.document(projects: 6, seed: 5), as: UTF8.self)
        let amount = text.range(of: "\"amount\":\"")!
        text.insert("9", at: amount.upperBound)
        let lastName = text.ranges(of: "\"name\":").last!
        text.replaceSubrange(lastName, with: "\"nam\":")
        let (twoPasses, onePass) = Self.messages(Array(text.utf8))
        #expect(twoPasses == onePass)
        #expect(twoPasses?.contains("unknown key \"nam\"") == true)
    }

    /// Random damage to a document of many projects: both readers name the same problem.
    @Test func twoPassesNameWhatOnePassNames() {
        var (seed, generator) = ReplayableRandom.generator(for: "twoPassesNameWhatOnePassNames")
        let original = Self.document(projects: 120, seed: seed)
        let significant = Array("{}[],:\"\\ 0a".utf8)
        var differences: [String] = []
        for round in 0..<200 {
            var bytes = original
            for _ in 0..<(1 + round % 3) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch round % 3 {
                case 0: bytes[index] = significant.randomElement(using: &generator)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(significant.randomElement(using: &generator)!, at: index)
                }
            }
            let (twoPasses, onePass) = Self.messages(bytes)
            if twoPasses != onePass { differences.append("round \(round): \(twoPasses ?? "read") / \(onePass ?? "read")") }
        }
        #expect(differences.isEmpty, "seed \(seed): \(differences.prefix(3))")
    }

    /// Keys are matched by their bytes; a key written with an escape still reads, and a key that
    /// is not UTF-8 is named where it stands, as a string value would be.
    @Test func keysWithEscapesOrBadBytes() throws {
        let document = Self.document(projects: 4, seed: 6)
        let text = String(decoding: document, as: UTF8.self)
        let escaped = Array(text.replacingOccurrences(of: "\"goal\":", with: "\"\\u0067oal\":").utf8)
        #expect(try TableJSONReader.table(InputBytes(escaped)) == TableJSONReader.table(InputBytes(document)))
        var broken = document
        let at = broken.indices.first { broken[$0...].starts(with: Array("\"goal\":".utf8)) }! + 3
        broken[at] = 0xFF
        let (twoPasses, onePass) = Self.messages(broken)
        #expect(twoPasses == onePass)
        #expect(twoPasses?.hasSuffix(": a string that is not valid UTF-8)") == true)
    }

    /// The outline hands projects over while it is read (`ProjectFeed`, here held to the
    /// reader's pace so that it does); what it handed over counts only if the whole outline
    /// agrees. A document that names the money unit after the units, or the units or the
    /// money unit twice (the last counts), reads as one pass reads it.
    @Test func whatTheOutlineHandedOverCountsOnlyIfTheWholeOutlineAgrees() throws {
        let document = String(decoding: Self.document(projects: 60, seed: 8), as: UTF8.self)
        struct Message: Error, Equatable { var text: String }
        func outcome(_ read: () throws -> BudgetTable) -> Result<BudgetTable, Message> {
            do { return .success(try read()) } catch { return .failure(Message(text: "\(error)")) }
        }
        let onePass = { (text: String) in
            outcome {
                let bytes = Array(text.utf8)
                return try bytes.withUnsafeBufferPointer { buffer in
                    try TableJSONReader.table(try TableJSONReader.outline(buffer, strict: true), InputBytes(bytes))
                }
            }
        }
        let end = try #require(document.lastIndex(of: "}"))
        let unitPair = try #require(document.range(of: "\"money_unit\":\"万元\","))
        // The money unit after the units.
        var late = document
        late.insert(contentsOf: ",\"money_unit\":\"万元\"", at: end)
        late.removeSubrange(unitPair)
        // The units twice: another table's first.
        let other = String(decoding: Self.document(projects: 30, seed: 9), as: UTF8.self)
        let otherUnits = other[try #require(other.range(of: ",\"units\":[")).lowerBound..<(try #require(other.lastIndex(of: "}")))]
        var twice = document
        twice.insert(contentsOf: otherUnits, at: try #require(document.range(of: ",\"units\":[")).lowerBound)
        // The money unit twice, 元 after the units: projects read against 万元 were read wrong.
        var unitTwice = document
        unitTwice.insert(contentsOf: ",\"money_unit\":\"元\"", at: end)
        for text in [late, twice, unitTwice] {
            for batchSize in [1, 4, 8_192] {
                let twoPasses = outcome { try TableJSONReader.table(InputBytes(Array(text.utf8)), batchSize: batchSize, lockstep: true) }
                #expect(twoPasses == onePass(text), "batch size \(batchSize)")
            }
        }
        #expect(onePass(twice) == onePass(document))
        #expect(throws: Never.self) { try onePass(late).get() }
        #expect(onePass(unitTwice) != onePass(document))
    }
}
