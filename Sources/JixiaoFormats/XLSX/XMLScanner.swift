import JixiaoCore

/// A small XML scanner over UTF-8 bytes, enough for SpreadsheetML: elements (with any
/// namespace prefix dropped), attributes in either quote, self-closing tags, character data
/// with the five entities and numeric references, CDATA, comments and processing
/// instructions skipped. DTDs never get here (`XLSXArchive` refuses them). It is what makes a
/// 100 MB worksheet take a second rather than ten: no String per event, no callbacks through
/// Objective-C-style delegates.
struct XMLScanner {
    enum Event {
        /// An element opens: its local name, whether it closes itself. Its attributes are the
        /// scanner's `attributes` until the next event (one buffer reused, not an array per tag).
        case start(name: Range<Int>, selfClosing: Bool)
        case end(name: Range<Int>)
        /// Character data between tags (raw: entities still to decode with `text`).
        case text(Range<Int>)
    }

    struct Malformed: Error {
        var offset: Int
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    /// The attributes of the last start tag, as byte ranges.
    private(set) var attributes: [(name: Range<Int>, value: Range<Int>)] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func next() throws(Malformed) -> Event? {
        let b = bytes
        while position < b.count {
            if b[position] != UInt8(ascii: "<") {
                let start = position
                while position < b.count && b[position] != UInt8(ascii: "<") { position += 1 }
                return .text(start..<position)
            }
            // Markup.
            guard position + 1 < b.count else { throw Malformed(offset: position) }
            switch b[position + 1] {
            case UInt8(ascii: "?"):
                position = try skip(past: [UInt8(ascii: "?"), UInt8(ascii: ">")], from: position + 2)
                continue
            case UInt8(ascii: "!"):
                if starts(with: "<!--", at: position) {
                    position = try skip(past: Array("-->".utf8), from: position + 4)
                    continue
                }
                if starts(with: "<![CDATA[", at: position) {
                    let start = position + 9
                    let end = try skip(past: Array("]]>".utf8), from: start)
                    position = end
                    return .text(start..<(end - 3))
                }
                throw Malformed(offset: position)
            case UInt8(ascii: "/"):
                let nameStart = position + 2
                var i = nameStart
                while i < b.count && b[i] != UInt8(ascii: ">") { i += 1 }
                guard i < b.count else { throw Malformed(offset: position) }
                position = i + 1
                return .end(name: localName(trimmed(nameStart..<i)))
            default:
                return try startTag()
            }
        }
        return nil
    }

    private mutating func startTag() throws(Malformed) -> Event {
        let b = bytes
        var i = position + 1
        let nameStart = i
        while i < b.count && !isSpace(b[i]) && b[i] != UInt8(ascii: ">") && b[i] != UInt8(ascii: "/") { i += 1 }
        let name = localName(nameStart..<i)
        attributes.removeAll(keepingCapacity: true)
        while true {
            while i < b.count && isSpace(b[i]) { i += 1 }
            guard i < b.count else { throw Malformed(offset: position) }
            if b[i] == UInt8(ascii: ">") {
                position = i + 1
                return .start(name: name, selfClosing: false)
            }
            if b[i] == UInt8(ascii: "/") {
                guard i + 1 < b.count, b[i + 1] == UInt8(ascii: ">") else { throw Malformed(offset: i) }
                position = i + 2
                return .start(name: name, selfClosing: true)
            }
            let attributeStart = i
            while i < b.count && b[i] != UInt8(ascii: "=") && !isSpace(b[i]) { i += 1 }
            let attributeName = attributeStart..<i
            while i < b.count && isSpace(b[i]) { i += 1 }
            guard i < b.count, b[i] == UInt8(ascii: "=") else { throw Malformed(offset: i) }
            i += 1
            while i < b.count && isSpace(b[i]) { i += 1 }
            guard i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else { throw Malformed(offset: i) }
            let quote = b[i]
            let valueStart = i + 1
            i = valueStart
            while i < b.count && b[i] != quote { i += 1 }
            guard i < b.count else { throw Malformed(offset: valueStart) }
            attributes.append((attributeName, valueStart..<i))
            i += 1
        }
    }

    // MARK: Reading what was scanned

    /// Whether the bytes of `range` spell `name`.
    func equals(_ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let literal = name.utf8Start
        for k in 0..<range.count where bytes[range.lowerBound + k] != literal[k] { return false }
        return true
    }

    /// An attribute of the last start tag, by its local name.
    func attribute(_ name: StaticString) -> Range<Int>? {
        attributes.first { equals(localName($0.name), name) }?.value
    }

    /// Character data or an attribute value with its entities decoded.
    func text(_ range: Range<Int>) -> String {
        let b = bytes
        guard b[range].contains(UInt8(ascii: "&")) else { return UTF8Scan.string(b, range) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            guard b[i] == UInt8(ascii: "&"), let semicolon = b[i..<min(range.upperBound, i + 12)].firstIndex(of: UInt8(ascii: ";")) else {
                out.append(b[i])
                i += 1
                continue
            }
            let entity = (i + 1)..<semicolon
            var scalar: Unicode.Scalar?
            if equals(entity, "amp") { scalar = "&" }
            else if equals(entity, "lt") { scalar = "<" }
            else if equals(entity, "gt") { scalar = ">" }
            else if equals(entity, "quot") { scalar = "\"" }
            else if equals(entity, "apos") { scalar = "'" }
            else if b[entity.lowerBound] == UInt8(ascii: "#") {
                let hex = entity.count > 1 && (b[entity.lowerBound + 1] == UInt8(ascii: "x") || b[entity.lowerBound + 1] == UInt8(ascii: "X"))
                let digits = UTF8Scan.string(b, (entity.lowerBound + (hex ? 2 : 1))..<entity.upperBound)
                scalar = UInt32(digits, radix: hex ? 16 : 10).flatMap(Unicode.Scalar.init)
            }
            if let scalar {
                out.append(contentsOf: Array(String(scalar).utf8))
                i = semicolon + 1
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `x:c` → `c`.
    func localName(_ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        for i in range where bytes[i] == UInt8(ascii: ":") { start = i + 1 }
        return start..<range.upperBound
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int> {
        var end = range.upperBound
        while end > range.lowerBound && isSpace(bytes[end - 1]) { end -= 1 }
        return range.lowerBound..<end
    }

    private func isSpace(_ x: UInt8) -> Bool { x == 0x20 || x == 0x09 || x == 0x0A || x == 0x0D }

    private func starts(with literal: String, at i: Int) -> Bool {
        let pattern = Array(literal.utf8)
        return UTF8Scan.matches(bytes, at: i, pattern, end: bytes.count)
    }

    private func skip(past terminator: [UInt8], from start: Int) throws(Malformed) -> Int {
        var i = start
        while i + terminator.count <= bytes.count {
            if UTF8Scan.matches(bytes, at: i, terminator, end: bytes.count) { return i + terminator.count }
            i += 1
        }
        throw Malformed(offset: start)
    }
}
