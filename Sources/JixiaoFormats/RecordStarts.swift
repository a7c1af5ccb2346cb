import Dispatch
import Foundation
import JixiaoCore

extension DelimitedText {
    /// Where each record starts, and the line it starts on, with `end` (the input's length)
    /// last, in one pass on this thread (the reference `validatedRecordStarts` is checked
    /// against).
    static func recordStarts(_ b: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8) -> (starts: [Int], lines: [Int]) {
        let found = records(b, from: start, line: 1, before: b.count, delimiter: delimiter)
        return (found.starts + [b.count], found.lines)
    }

    /// Where each record starts and the line it starts on (as `recordStarts`), found on every
    /// core while the same pieces are checked to be UTF-8; nil when they are not. `plain` says
    /// of each record whether it is plain (`recordEnd`).
    ///
    /// Each piece but the first guesses that a record starts after its first LF and finds the
    /// records from there. The guesses are then checked in order: a piece whose guess is where
    /// the piece before really ended is right from there on, since where records end depends
    /// only on where one starts; a piece guessed wrong (its first LF inside a quoted cell, or
    /// CR alone ending lines) is found again from where the piece before ended.
    static func validatedRecordStarts(_ b: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8) -> (starts: [Int], lines: [Int], plain: [Bool])? {
        let cuts = UTF8Scan.characterCuts(b, from: start, pieces: b.count - start >= 1 << 20 ? ProcessInfo.activeCores * 4 : 1)
        struct Piece {
            var valid: Bool
            /// Where the piece's first record was guessed to start.
            var guess: Int
            var starts: [Int] = []
            /// Lines from the guess, the first record's being 0.
            var lines: [Int] = []
            var plain: [Bool] = []
            /// Where the first record at or after the next cut starts; lines up to it.
            var end: Int
            var endLine: Int
        }
        let pieces = Array(0..<cuts.count - 1).parallelMap(minimumChunk: 1) { k -> Piece in
            let valid = UTF8Scan.isValidUTF8(UnsafeBufferPointer(rebasing: b[cuts[k]..<cuts[k + 1]]))
            var guess = cuts[k]
            if k > 0, let base = b.baseAddress {
                let found = memchr(base + cuts[k], Int32(UInt8(ascii: "\n")), b.count - cuts[k])
                guess = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) + 1 } ?? b.count
            }
            var piece = Piece(valid: valid, guess: guess, end: guess, endLine: 0)
            guard valid else { return piece }
            (piece.starts, piece.lines, piece.plain, piece.end, piece.endLine) = records(b, from: guess, line: 0, before: cuts[k + 1], delimiter: delimiter)
            return piece
        }
        guard pieces.allSatisfy(\.valid) else { return nil }
        var starts: [Int] = [], lines: [Int] = [], plain: [Bool] = []
        var position = start
        var line = 1
        for (k, piece) in pieces.enumerated() {
            if piece.guess == position {
                starts.append(contentsOf: piece.starts)
                lines.append(contentsOf: piece.lines.lazy.map { $0 + line })
                plain.append(contentsOf: piece.plain)
                (position, line) = (piece.end, piece.endLine + line)
            } else if position < cuts[k + 1] {
                let found = records(b, from: position, line: line, before: cuts[k + 1], delimiter: delimiter)
                starts.append(contentsOf: found.starts)
                lines.append(contentsOf: found.lines)
                plain.append(contentsOf: found.plain)
                (position, line) = (found.end, found.endLine)
            }
        }
        starts.append(b.count)
        return (starts, lines, plain)
    }

    /// The records that start from `position` before `limit`, and where the next one starts.
    static func records(_ b: UnsafeBufferPointer<UInt8>, from position: Int, line: Int, before limit: Int, delimiter: UInt8)
        -> (starts: [Int], lines: [Int], plain: [Bool], end: Int, endLine: Int) {
        var starts: [Int] = [], lines: [Int] = [], plain: [Bool] = []
        var position = position
        var line = line
        var scratch: [UInt8] = []
        var isPlain = false
        while position < limit, position < b.count {
            starts.append(position)
            lines.append(line)
            position = recordEnd(b, at: position, line: &line, delimiter: delimiter, scratch: &scratch, plain: &isPlain)
            plain.append(isPlain)
        }
        return (starts, lines, plain, position, line)
    }
}
