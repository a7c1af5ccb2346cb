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
        // Small batches: a problem must be named the same whichever batch it falls in.
        let twoPasses = describe { try TableJSONReader.table(InputBytes(bytes), batchSize: 4) }
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
}
