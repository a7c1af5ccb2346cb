import Foundation

extension TableJSON {
    /// The keys each object of the document may hold (`schemas/budget-table.schema.json`).
    /// JSONDecoder skips keys it does not know, so a misspelt `goall` would lose every goal
    /// without a word; the reader walks the parsed document against these sets first and names
    /// the first unknown key with its path. The round-trip tests keep this list in step with
    /// the writer: a key written but not listed here would fail to read back.
    enum Keys {
        indirect enum Shape: Sendable {
            case object([String: Shape])
            case array(Shape)
            case value
        }

        static let amount = Shape.object(["fen": .value, "amount": .value])
        static let amounts = Shape.object(["total": amount, "fiscalAppropriation": amount, "specialAccount": amount, "otherFunds": amount])
        static let level = Shape.object(["code": .value, "name": .value, "category": .value])
        static let part = Shape.object(["subject": .value, "comparator": .value, "number": .value, "unit": .value])
        static let target = Shape.object(["text": .value, "kind": .value, "parts": .array(part)])
        static let indicator = Shape.object([
            "ordinal": .value, "level1": level, "level2": level, "name": .value,
            "periodTarget": target, "annualTarget": target, "unparsedText": .value,
        ])
        static let project = Shape.object(["name": .value, "amounts": amounts, "goal": .value, "indicators": .array(indicator)])
        static let unit = Shape.object(["name": .value, "amounts": amounts, "projects": .array(project)])
        static let document = Shape.object([
            "format": .value, "version": .value, "title": .value, "department": .value, "moneyUnit": .value,
            "fiscalYear": .value, "total": amounts, "units": .array(unit),
        ])

        /// The parsed document's keys, nothing else: objects with their keys, arrays with their
        /// elements, every other value a leaf. Decoded with the same JSONDecoder as the document.
        indirect enum Tree: Decodable {
            case object([String: Tree])
            case array([Tree])
            case leaf

            private struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }

            init(from decoder: any Decoder) throws {
                if let object = try? decoder.container(keyedBy: Key.self) {
                    var members: [String: Tree] = [:]
                    for key in object.allKeys { members[key.stringValue] = try object.decode(Tree.self, forKey: key) }
                    self = .object(members)
                } else if var array = try? decoder.unkeyedContainer() {
                    var elements: [Tree] = []
                    while !array.isAtEnd { elements.append(try array.decode(Tree.self)) }
                    self = .array(elements)
                } else {
                    self = .leaf
                }
            }
        }

        /// Throws naming the first key `tree` holds that `shape` does not allow. Values of the
        /// wrong type are left to the decoder, which names them as well.
        static func check(_ tree: Tree, _ shape: Shape = document, path: String = "") throws(FormatError) {
            switch (shape, tree) {
            case (.object(let allowed), .object(let members)):
                for key in members.keys.sorted() {
                    let here = path.isEmpty ? key : path + "." + key
                    guard let inner = allowed[key] else {
                        throw FormatError("at \(here): unknown key \(quoted(key)) (not part of the \(TableJSON.formatName) document; its content would be lost)")
                    }
                    try check(members[key]!, inner, path: here)
                }
            case (.array(let element), .array(let items)):
                for (i, item) in items.enumerated() { try check(item, element, path: "\(path)[\(i)]") }
            default:
                return
            }
        }
    }
}
