import Foundation
import JixiaoCore

/// A pull reader of JSON over bytes (RFC 8259): the caller asks for the value it expects —
/// an object's keys one by one, a string, a whole number — and gets it or an error naming
/// what was found and where (line and column). No tree is built: the table document is read
/// straight into its values (`TableJSONReader`), at a few hundred MB/s, where `JSONDecoder`
/// built Foundation objects for every value first (issue 17: 67 s for 100,000 projects).
/// Nesting is the caller's: it only descends where the document's shape has an object or an
/// array, so no input can recurse deeper than that shape.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A byte-order mark some editors put before UTF-8.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    /// A scanner standing at `offset` of the same bytes, to read one value found there
    /// before (`TableJSONReader` reads each project on a core of its own): its places
    /// (`line 3, column 14`) are still counted from the start of the document.
    init(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    struct Failure: Error {
        var message: String
    }

    enum Kind: String {
        case object = "an object", array = "an array", string = "a string", number = "a number"
        case literal = "true, false or null", end = "the end of the text", other = "a character JSON does not allow here"
    }

    /// Where the scanner is, as a person counts: `line 3, column 14`.
    var place: String {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "line \(line), column \(column)"
    }

    func syntax(_ what: String) -> Failure { Failure(message: "not valid JSON (\(place): \(what))") }

    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// What the next value is, without reading it.
    mutating func next() -> Kind {
        skipSpace()
        guard offset < bytes.count else { return .end }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return .literal
        default: return .other
        }
    }

    /// Reads `null` if it is next.
    mutating func null() throws -> Bool {
        guard next() == .literal, bytes[offset] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count, memcmp(bytes.baseAddress! + offset, word.utf8Start, count) == 0 else {
            throw syntax("expected \(word)")
        }
        offset += count
    }

    /// Reads `true`/`false`/`null` (values no key of the table document holds, but valid JSON
    /// the caller may need to step over to name the key that holds them).
    mutating func anyLiteral() throws {
        switch bytes[offset] {
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        default: try literal("null")
        }
    }

    /// Reads an object, calling `member` with each key once the scanner stands before its value;
    /// `member` must read the value.
    mutating func object(_ member: (inout JSONScanner, JSONKey) throws -> Void) throws {
        offset += 1 // `{`, seen by `next()`
        skipSpace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            guard next() == .string else { throw syntax("expected a key in quotes") }
            let key = try self.key()
            skipSpace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw syntax("expected : after the key \(quoted(key.text))") }
            offset += 1
            try member(&self, key)
            skipSpace()
            guard offset < bytes.count else { throw syntax("the object is not closed") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
            } else if bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return
            } else {
                throw syntax("expected , or } after a value")
            }
        }
    }

    /// Reads an array, calling `element` with each index once the scanner stands before it.
    mutating func array(_ element: (inout JSONScanner, Int) throws -> Void) throws {
        offset += 1 // `[`
        skipSpace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            return
        }
        var index = 0
        while true {
            try element(&self, index)
            index += 1
            skipSpace()
            guard offset < bytes.count else { throw syntax("the array is not closed") }
            if bytes[offset] == UInt8(ascii: ",") {
                offset += 1
            } else if bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return
            } else {
                throw syntax("expected , or ] after a value")
            }
        }
    }

    /// Reads a key (the scanner stands at its `"`): as its bytes when they are plain ASCII with
    /// no escape — every key of the table document — or else as `string()` reads it, with its
    /// checks and its errors. A hundred keys a project made into Strings was a sixth of a read.
    mutating func key() throws -> JSONKey {
        let start = offset + 1
        var i = start
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                offset = i + 1
                return JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[start..<i]), decoded: nil)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            i += 1
        }
        return JSONKey(bytes: nil, decoded: try string())
    }

    /// Reads a string (the scanner stands at its `"`): escapes resolved, UTF-8 checked.
    mutating func string() throws -> String {
        offset += 1
        let start = offset
        // The common case: no escape, so the bytes are the string.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                defer { offset += 1 }
                return try text(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw syntax("a control character inside a string must be escaped") }
            offset += 1
        }
        var decoded = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try decoded.withUnsafeBufferPointer { buffer in try text(buffer) }
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { throw syntax("the string is not closed") }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw syntax("a \\u escape of a high surrogate without its low surrogate")
                        }
                        offset += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw syntax("a \\u escape of a high surrogate without its low surrogate") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw syntax("a \\u escape of a lone low surrogate")
                    }
                    // Valid by the checks above: not a surrogate, at most 0x10FFFF.
                    decoded.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    throw syntax("\\\(Character(Unicode.Scalar(escape))) is not an escape JSON knows")
                }
            default:
                if byte < 0x20 { throw syntax("a control character inside a string must be escaped") }
                decoded.append(byte)
            }
        }
        throw syntax("the string is not closed")
    }

    /// Reads past a string (the scanner stands at its `"`) whose value is not wanted: its
    /// escapes and control characters checked, nothing made.
    mutating func skipString() throws {
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == UInt8(ascii: "\"") { return }
            if byte < 0x20 { throw syntax("a control character inside a string must be escaped") }
            if byte == UInt8(ascii: "\\") {
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                if escape == UInt8(ascii: "u") {
                    _ = try hex4()
                } else if !"\"\\/bfnrt".utf8.contains(escape) {
                    throw syntax("\\\(Character(Unicode.Scalar(escape))) is not an escape JSON knows")
                }
            }
        }
        throw syntax("the string is not closed")
    }

    /// Steps over the object the scanner stands at, finding only where it ends: its brackets
    /// counted, its strings stepped over. Nothing else is checked — the object is read in full
    /// afterwards; this is the quick pass that finds where each project starts, so that
    /// projects can be read on every core. Throws when the brackets do not close.
    mutating func skipObject() throws {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var depth = 0
        var i = offset
        let count = bytes.count
        guard let base = bytes.baseAddress else { throw syntax("expected a value") }
        while i < count {
            let byte = base[i]
            i += 1
            if byte == quote {
                // The next quote not escaped by an odd run of backslashes; `memchr` finds
                // quotes in long texts many bytes at a time.
                let opening = i
                while i < count {
                    guard let found = memchr(base + i, Int32(quote), count - i) else {
                        i = count
                        break
                    }
                    let at = found.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                    var backslashes = 0
                    while at - backslashes - 1 >= opening, base[at - backslashes - 1] == backslash { backslashes += 1 }
                    i = at + 1
                    if backslashes % 2 == 0 { break }
                }
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    offset = i
                    return
                }
            }
        }
        offset = min(i, count)
        throw syntax("the object is not closed")
    }

    private mutating func hex4() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw syntax("a \\u escape needs four hexadecimal digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw syntax("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private func text(_ buffer: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let text = UTF8Scan.string(buffer) else { throw syntax("a string that is not valid UTF-8") }
        return text
    }

    enum NumberProblem: Error {
        /// Valid JSON, but a fraction, an exponent or beyond Int64: not what the field holds.
        case notWhole
    }

    /// Reads a number (the scanner stands at it). A whole number within Int64 is returned;
    /// any other valid JSON number is `.failure(.notWhole)`, read past, for the caller to name.
    mutating func wholeNumber() throws -> Result<Int64, NumberProblem> {
        let negative = bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        guard offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) else { throw syntax("a number needs a digit") }
        if bytes[offset] == UInt8(ascii: "0"), offset + 1 < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset + 1]) {
            throw syntax("a number may not start with 0")
        }
        var value: Int64 = 0
        var fits = true
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
            let digit = Int64(bytes[offset] - UInt8(ascii: "0"))
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { fits = false } else { value = plus }
            offset += 1
        }
        var whole = fits
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) else { throw syntax("a fraction needs a digit") }
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
            whole = false
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) else { throw syntax("an exponent needs a digit") }
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
            whole = false
        }
        return whole ? .success(negative ? -value : value) : .failure(.notWhole)
    }
}

/// An object's key as `JSONScanner.key()` read it, matched against the keys a reader knows
/// (`case "name":`) without becoming a String; `text` for a message.
struct JSONKey {
    /// Plain ASCII bytes, valid while the scanner's bytes are; nil when `decoded` holds the key.
    let bytes: UnsafeBufferPointer<UInt8>?
    let decoded: String?

    var text: String { bytes.map { String(decoding: $0, as: UTF8.self) } ?? decoded ?? "" }

    static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        guard let bytes = key.bytes else { return key.decoded == pattern.description }
        return bytes.count == pattern.utf8CodeUnitCount && (bytes.isEmpty || memcmp(bytes.baseAddress!, pattern.utf8Start, bytes.count) == 0)
    }
}
