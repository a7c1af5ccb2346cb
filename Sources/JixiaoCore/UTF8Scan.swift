#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers for the grammars. They scan UTF-8 directly: every delimiter the
/// grammars look for (`、` `。` `：` `；` `，`, ASCII punctuation, digits) is a fixed byte
/// sequence, and UTF-8 never lets one character's bytes match inside another's, so no
/// decoding is needed until a field becomes a String. This is what makes reading a
/// 100,000-project table take a second rather than ten.
package enum UTF8Scan {
    package typealias Bytes = UnsafeBufferPointer<UInt8>

    package static let fullWidthColon: [UInt8] = Array("：".utf8)
    package static let fullWidthSemicolon: [UInt8] = Array("；".utf8)
    package static let fullWidthComma: [UInt8] = Array("，".utf8)

    @inline(__always)
    package static func matches(_ b: Bytes, at i: Int, _ pattern: [UInt8], end: Int) -> Bool {
        guard i >= 0, i + pattern.count <= end else { return false }
        var k = 0
        while k < pattern.count {
            if b[i + k] != pattern[k] { return false }
            k += 1
        }
        return true
    }

    /// Whether two ranges hold the same bytes.
    package static func equal(_ b: Bytes, _ x: Range<Int>, _ y: Range<Int>) -> Bool {
        same(Bytes(rebasing: b[x]), Bytes(rebasing: b[y]))
    }

    /// Whether `pattern` ends exactly at `end` (and starts at or after `start`).
    @inline(__always)
    package static func endsWith(_ b: Bytes, _ pattern: [UInt8], end: Int, start: Int) -> Bool {
        end - pattern.count >= start && matches(b, at: end - pattern.count, pattern, end: end)
    }

    /// The width of the space (ASCII space, tab, U+3000, U+00A0, and U+FEFF: a byte-order mark
    /// inside the text is invisible padding, and kept as a cell it could not be written back,
    /// since the first one of a file is taken as the file's) at `i`, or 0.
    @inline(__always)
    package static func spaceWidth(_ b: Bytes, at i: Int, end: Int) -> Int {
        let x = b[i]
        if x == 0x20 || x == 0x09 { return 1 }
        if x == 0xE3, i + 2 < end, b[i + 1] == 0x80, b[i + 2] == 0x80 { return 3 }
        if x == 0xC2, i + 1 < end, b[i + 1] == 0xA0 { return 2 }
        if x == 0xEF, i + 2 < end, b[i + 1] == 0xBB, b[i + 2] == 0xBF { return 3 }
        return 0
    }

    /// The width of the space ending at `end`, or 0.
    @inline(__always)
    package static func spaceWidth(_ b: Bytes, before end: Int, start: Int) -> Int {
        let x = b[end - 1]
        if x == 0x20 || x == 0x09 { return 1 }
        if x == 0x80, end - 3 >= start, b[end - 3] == 0xE3, b[end - 2] == 0x80 { return 3 }
        if x == 0xA0, end - 2 >= start, b[end - 2] == 0xC2 { return 2 }
        if x == 0xBF, end - 3 >= start, b[end - 3] == 0xEF, b[end - 2] == 0xBB { return 3 }
        return 0
    }

    package static func skipSpaces(_ b: Bytes, from i: Int, end: Int) -> Int {
        var j = i
        while j < end {
            let w = spaceWidth(b, at: j, end: end)
            if w == 0 { break }
            j += w
        }
        return j
    }

    package static func trim(_ b: Bytes, _ range: Range<Int>) -> Range<Int> {
        let start = skipSpaces(b, from: range.lowerBound, end: range.upperBound)
        var end = range.upperBound
        while end > start {
            let w = spaceWidth(b, before: end, start: start)
            if w == 0 { break }
            end -= w
        }
        return start..<end
    }

    /// The width of `：` or `:` at `i`, or 0.
    @inline(__always)
    package static func colonWidth(_ b: Bytes, at i: Int, end: Int) -> Int {
        if b[i] == 0x3A { return 1 }
        return matches(b, at: i, fullWidthColon, end: end) ? 3 : 0
    }

    /// Whether `；` or `;` ends at `end`: its width, or 0.
    @inline(__always)
    package static func semicolonWidth(_ b: Bytes, before end: Int, start: Int) -> Int {
        if end > start && b[end - 1] == 0x3B { return 1 }
        return endsWith(b, fullWidthSemicolon, end: end, start: start) ? 3 : 0
    }

    /// The width of a dash (`-` `－` `—` `–`) at `i`, or 0.
    @inline(__always)
    package static func dashWidth(_ b: Bytes, at i: Int, end: Int) -> Int {
        let x = b[i]
        if x == 0x2D { return 1 }
        guard i + 2 < end else { return 0 }
        if x == 0xEF, b[i + 1] == 0xBC, b[i + 2] == 0x8D { return 3 } // －
        if x == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0x94 || b[i + 2] == 0x93 { return 3 } // — –
        return 0
    }

    @inline(__always)
    package static func isASCIIDigit(_ x: UInt8) -> Bool { x >= 0x30 && x <= 0x39 }

    /// The digit (ASCII or full-width `０`–`９`) at `i` and its width, or nil.
    @inline(__always)
    package static func digit(_ b: Bytes, at i: Int, end: Int) -> (value: UInt8, width: Int)? {
        let x = b[i]
        if isASCIIDigit(x) { return (x - 0x30, 1) }
        if x == 0xEF, i + 2 < end, b[i + 1] == 0xBC, b[i + 2] >= 0x90, b[i + 2] <= 0x99 { return (b[i + 2] - 0x90, 3) }
        return nil
    }

    /// Whether a digit ends at `end` (the byte before `end` closes one).
    @inline(__always)
    package static func digitEnds(_ b: Bytes, at end: Int, start: Int) -> Bool {
        guard end > start else { return false }
        if isASCIIDigit(b[end - 1]) { return true }
        return end - 3 >= start && b[end - 3] == 0xEF && b[end - 2] == 0xBC && b[end - 1] >= 0x90 && b[end - 1] <= 0x99
    }

    /// How many characters (scalars) the bytes hold.
    package static func scalarCount(_ b: Bytes, _ range: Range<Int>) -> Int {
        var count = 0
        for i in range where b[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    @inline(__always)
    package static func string(_ b: Bytes, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self)
    }

    /// Runs `body` over the string's UTF-8 bytes without copying them.
    @inline(__always)
    package static func withBytes<R>(_ text: String, _ body: (Bytes) -> R) -> R {
        var text = text
        return text.withUTF8(body)
    }

    /// Trims spaces and line breaks from both ends of a cell.
    package static func trimLines(_ b: Bytes, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end {
            if b[start] == 0x0A || b[start] == 0x0D {
                start += 1
                continue
            }
            let w = spaceWidth(b, at: start, end: end)
            if w == 0 { break }
            start += w
        }
        while end > start {
            if b[end - 1] == 0x0A || b[end - 1] == 0x0D {
                end -= 1
                continue
            }
            let w = spaceWidth(b, before: end, start: start)
            if w == 0 { break }
            end -= w
        }
        return start..<end
    }

    /// Whether `needle` occurs in `haystack`, comparing bytes: for valid UTF-8 this is the
    /// same answer as a character search, at a fraction of the cost (no grapheme breaking).
    package static func contains(_ haystack: Bytes, _ needle: Bytes) -> Bool {
        firstIndex(of: needle, in: haystack) != nil
    }

    /// Where `needle` first occurs in `haystack`. memchr finds candidates for the needle's
    /// second byte: the markup the readers look for starts with `<`, which is everywhere in
    /// XML, while `!`, `r` or `x` after it are rare.
    package static func firstIndex(of needle: Bytes, in haystack: Bytes) -> Int? {
        let n = needle.count
        guard n > 0 else { return 0 }
        guard haystack.count >= n, let h = haystack.baseAddress, let k = needle.baseAddress else { return nil }
        let anchor = n > 1 ? 1 : 0
        let last = haystack.count - n
        var i = 0
        while i <= last {
            guard let hit = memchr(h + i + anchor, Int32(k[anchor]), last - i + 1) else { return nil }
            i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - h - anchor
            if memcmp(h + i, k, n) == 0 { return i }
            i += 1
        }
        return nil
    }

    package static func firstIndex(of needle: StaticString, in haystack: Bytes) -> Int? {
        firstIndex(of: Bytes(start: needle.utf8Start, count: needle.utf8CodeUnitCount), in: haystack)
    }

    package static func hash(_ b: Bytes, _ range: Range<Int>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range {
            hash ^= UInt64(b[i])
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The bytes as a String when they are well-formed UTF-8, else nil: one pass that checks
    /// and copies. `String(validating:as:)` is generic over the encoding and looked up type
    /// metadata at run time for every string (a sixth of reading JSON on two cores, under a
    /// lock); our own check followed by `String(decoding:)` went over the bytes twice.
    /// `_tryFromUTF8` is the standard library's own unspecialised entry for exactly this.
    package static func string(_ b: Bytes) -> String? {
        String._tryFromUTF8(b)
    }

    /// Where to cut `b[start...]` into `pieces` of about one size so that no character is cut:
    /// each cut moved back to a byte that is not 10xxxxxx (at most three; four such bytes in a
    /// row are invalid whichever piece holds them). The first is `start`, the last `b.count`.
    package static func characterCuts(_ b: Bytes, from start: Int, pieces: Int) -> [Int] {
        var cuts = [start]
        let length = b.count - start
        for k in 1..<max(pieces, 1) {
            var cut = start + length / pieces * k
            for _ in 0..<3 where cut > cuts[cuts.count - 1] && b[cut] & 0xC0 == 0x80 { cut -= 1 }
            cuts.append(max(cut, cuts[cuts.count - 1]))
        }
        cuts.append(b.count)
        return cuts
    }

    /// Whether two runs of bytes are the same, by `memcmp` (the generic `elementsEqual` went
    /// byte by byte through iterators, on every row of a CSV).
    package static func same(_ a: Bytes, _ b: Bytes) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
    }

    /// Whether two Strings hold the same bytes (not `==`, which compares canonical equivalents).
    package static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { a in b.withUTF8 { b in same(a, b) } }
    }

    /// Whether the bytes are well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
    /// nothing above U+10FFFF). Readers check a cell this way when they parse it without
    /// making it a String first.
    package static func isValidUTF8(_ b: Bytes) -> Bool {
        var i = 0
        let n = b.count
        guard let base = b.baseAddress else { return true }
        while i < n {
            let x = b[i]
            if x < 0x80 {
                // A run of ASCII (digits, delimiters, codes) eight bytes at a time.
                while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                if i < n, b[i] < 0x80 { i += 1 }
                continue
            }
            func continuation(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
            switch x {
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard continuation(i + 1), continuation(i + 2) else { return false }
                let y = b[i + 1]
                if x == 0xE0 && y < 0xA0 { return false }
                if x == 0xED && y > 0x9F { return false }
                i += 3
                // A run of three-byte characters (Chinese text), each told by one 32-bit load
                // (1110xxxx 10xxxxxx 10xxxxxx, the fourth byte ignored): the check of a 197 MB
                // CSV was the largest cost of reading it.
                while i + 4 <= n {
                    let w = UInt32(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self))
                    guard w & 0x00C0_C0F0 == 0x0080_80E0 else { break }
                    let lead = w & 0xFF, second = (w >> 8) & 0xFF
                    if lead == 0xE0 && second < 0xA0 || lead == 0xED && second > 0x9F { return false }
                    i += 3
                }
            case 0xF0...0xF4:
                guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return false }
                let y = b[i + 1]
                if x == 0xF0 && y < 0x90 { return false }
                if x == 0xF4 && y > 0x8F { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }

    /// `、` (E3 80 81) at `i`.
    @inline(__always)
    package static func isEnumerationComma(_ b: Bytes, at i: Int) -> Bool {
        i + 2 < b.count && b[i] == 0xE3 && b[i + 1] == 0x80 && b[i + 2] == 0x81
    }

    /// `。` (E3 80 82) at `i`.
    @inline(__always)
    package static func isFullStop(_ b: Bytes, at i: Int) -> Bool {
        i + 2 < b.count && b[i] == 0xE3 && b[i + 1] == 0x80 && b[i + 2] == 0x82
    }
}
