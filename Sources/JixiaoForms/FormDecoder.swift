import Foundation

/// Decodes a form's fields (`URLEncodedForm.fields`, the fuzzed parser's output) into a
/// Decodable struct, as the web app's forms are read: a property is the field of its name,
/// a nested one `outer[inner]`, an array's elements `rows[0][name]`, `rows[1][name]` … in the
/// order of their numbers. What a browser leaves out reads as empty: a String as "", a Bool
/// (a checkbox) as false, an Optional as nil, an array as []. A number that is not one, or a
/// choice (a String-backed enum) that is none of its cases, is an error naming its field. At most `maximumElements` elements an array, whatever numbers are sent.
public struct FormDecoder: Sendable {
    public static let maximumElements = 500

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from fields: [String: String]) throws -> T {
        try T(from: FieldsDecoder(fields: fields, prefix: ""))
    }

    /// A field that is not what its property needs (`rows[2][order]`: "x" is not a number).
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public enum Expected: Sendable, Equatable {
            case number
            /// One of an enum's raw values.
            case choice
        }

        public var field: String
        public var value: String
        public var expected: Expected

        public init(field: String, value: String, expected: Expected = .number) {
            self.field = field
            self.value = value
            self.expected = expected
        }

        public var description: String { "\(field): “\(value)” is not \(expected == .number ? "a number" : "one of the choices")" }
    }
}

private struct FieldsDecoder: Decoder {
    let fields: [String: String]
    let prefix: String
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func name(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix)[\(key)]" }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        // The element numbers under this name: `rows[3][…]` → 3.
        let opening = prefix + "["
        var numbers = Set<Int>()
        for key in fields.keys where key.hasPrefix(opening) {
            let rest = key.dropFirst(opening.count)
            guard let close = rest.firstIndex(of: "]"), let n = Int(rest[..<close]), n >= 0 else { continue }
            numbers.insert(n)
        }
        return Unkeyed(decoder: self, elements: Array(numbers.sorted().prefix(FormDecoder.maximumElements)))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    /// The field's text; "" when the browser sent none.
    var text: String { fields[prefix] ?? "" }

    func hasAny(_ name: String) -> Bool {
        fields[name] != nil || fields.keys.contains { $0.hasPrefix(name + "[") }
    }

    func scalar<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return text as! T
        case is Bool.Type: return (!text.isEmpty && text != "0" && text != "false") as! T
        case is Int.Type:
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else { throw FormDecoder.Failure(field: prefix, value: text) }
            return n as! T
        case is Int64.Type:
            guard let n = Int64(text.trimmingCharacters(in: .whitespaces)) else { throw FormDecoder.Failure(field: prefix, value: text) }
            return n as! T
        case is Double.Type:
            guard let n = Double(text.trimmingCharacters(in: .whitespaces)), n.isFinite else { throw FormDecoder.Failure(field: prefix, value: text) }
            return n as! T
        default:
            do {
                return try T(from: self)
            } catch DecodingError.dataCorrupted where fields[prefix] != nil || !hasAny(prefix) {
                // A String-backed enum's synthesized init reads the text, then finds no case for it.
                throw FormDecoder.Failure(field: prefix, value: text, expected: .choice)
            }
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: FieldsDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { [] }

        func child(_ key: Key) -> FieldsDecoder {
            FieldsDecoder(fields: decoder.fields, prefix: decoder.name(key.stringValue), codingPath: decoder.codingPath + [key])
        }

        func contains(_ key: Key) -> Bool { true }
        /// Left out, or sent empty: nil for an Optional.
        func decodeNil(forKey key: Key) throws -> Bool {
            let name = decoder.name(key.stringValue)
            return (decoder.fields[name] ?? "").isEmpty && !decoder.fields.keys.contains { $0.hasPrefix(name + "[") }
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).scalar(type) }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try child(key).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { child(key) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: FieldsDecoder
        let elements: [Int]
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        init(decoder: FieldsDecoder, elements: [Int]) {
            self.decoder = decoder
            self.elements = elements
        }

        mutating func next() -> FieldsDecoder {
            defer { currentIndex += 1 }
            return FieldsDecoder(fields: decoder.fields, prefix: "\(decoder.prefix)[\(elements[currentIndex])]", codingPath: decoder.codingPath)
        }

        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            guard !isAtEnd else { throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "no more elements")) }
            return try next().scalar(type)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { next() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: FieldsDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { decoder.text.isEmpty && !decoder.hasAny(decoder.prefix) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.scalar(type) }
    }
}
