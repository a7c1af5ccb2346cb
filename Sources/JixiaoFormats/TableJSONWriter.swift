import Foundation
import JixiaoCore

/// The table document as compact JSON, written straight into bytes the way the text writer
/// works, its projects on every core: the same document `TableJSON.Document` describes, keys in
/// the same sorted order (`JSONEncoder`'s `.sortedKeys`, which the pretty form still uses), no
/// whitespace. `JSONEncoder` built the whole document as values first and took 21 s and 2.7 GB
/// for 100,000 projects (issue 17).
enum TableJSONWriter {
    static func write(_ table: BudgetTable) -> [UInt8] {
        var bytes: [UInt8] = []
        write(table) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The document in pieces, in order, handed to `take`: the projects a batch at a time, each
    /// batch on every core, so that a file is written with no more than a batch in memory
    /// beside the table (`TableFormat.write(toFile:)`, the year's JSON Lines).
    static func write(_ table: BudgetTable, _ take: ([UInt8]) throws -> Void) rethrows {
        let unit = table.moneyUnit
        var out = ByteOutput(capacity: 4_096)
        out.write("{\"department\":")
        string(table.department, &out)
        if let year = table.fiscalYear {
            out.write(",\"fiscal_year\":")
            integer(Int64(year), &out)
        }
        out.write(",\"format\":")
        string(TableJSON.formatName, &out)
        out.write(",\"money_unit\":")
        string(unit.rawValue, &out)
        out.write(",\"title\":")
        string(table.title, &out)
        if let total = table.total {
            out.write(",\"total\":")
            write(total, unit, &out)
        }
        out.write(",\"units\":[")
        try take(out.bytes)
        out.bytes.removeAll(keepingCapacity: true)
        // A unit's row opens it (closing the one before); its projects follow, comma-separated.
        try table.renderRows({ place, piece in
            let spendingUnit = table.units[place.unit]
            guard let p = place.project else {
                if place.unit > 0 { piece.write("]},") }
                piece.write("{\"amounts\":")
                write(spendingUnit.amounts, unit, &piece)
                piece.write(",\"name\":")
                string(spendingUnit.name, &piece)
                piece.write(",\"projects\":[")
                return
            }
            if p > 0 { piece.write(byte: UInt8(ascii: ",")) }
            write(spendingUnit.projects[p], unit, &piece)
        }, take)
        if !table.units.isEmpty { out.write("]}") }
        out.write("],\"version\":")
        integer(Int64(TableJSON.version), &out)
        out.write("}\n")
        try take(out.bytes)
    }

    private static func write(_ project: Project, _ unit: MoneyUnit, _ out: inout ByteOutput) {
        out.write("{\"amounts\":")
        write(project.amounts, unit, &out)
        out.write(",\"goal\":")
        string(project.goal, &out)
        out.write(",\"indicators\":[")
        for (i, indicator) in project.indicators.enumerated() {
            if i > 0 { out.write(byte: UInt8(ascii: ",")) }
            write(indicator, &out)
        }
        out.write("],\"name\":")
        string(project.name, &out)
        out.write(byte: UInt8(ascii: "}"))
    }

    /// The keys `TableJSON.IndicatorJSON` has, those with a value, in sorted order.
    private static func write(_ indicator: Indicator, _ out: inout ByteOutput) {
        out.write(byte: UInt8(ascii: "{"))
        var first = true
        func key(_ name: String) {
            out.write(first ? "\"" : ",\"")
            first = false
            out.write(name)
            out.write("\":")
        }
        if let annual = indicator.annualTarget {
            key("annual_target")
            write(annual, &out)
        }
        if let level = indicator.level1 {
            key("level1")
            write(level, category: indicator.primaryCategory?.identifier, &out)
        }
        if let level = indicator.level2 {
            key("level2")
            write(level, category: indicator.secondaryCategory?.identifier, &out)
        }
        key("name")
        string(indicator.name, &out)
        if let ordinal = indicator.ordinal {
            key("ordinal")
            integer(Int64(ordinal), &out)
        }
        if let period = indicator.periodTarget {
            key("period_target")
            write(period, &out)
        }
        if let unparsed = indicator.unparsedText {
            key("unparsed_text")
            string(unparsed, &out)
        }
        out.write(byte: UInt8(ascii: "}"))
    }

    private static func write(_ level: IndicatorLevel, category: String?, _ out: inout ByteOutput) {
        out.write(byte: UInt8(ascii: "{"))
        if let category {
            out.write("\"category\":")
            string(category, &out)
            out.write(byte: UInt8(ascii: ","))
        }
        if let code = level.code {
            out.write("\"code\":")
            string(code, &out)
            out.write(byte: UInt8(ascii: ","))
        }
        out.write("\"name\":")
        string(level.name, &out)
        out.write(byte: UInt8(ascii: "}"))
    }

    private static func write(_ value: TargetValue, _ out: inout ByteOutput) {
        out.write(value.isQuantitative ? "{\"kind\":\"quantitative\",\"parts\":[" : "{\"kind\":\"qualitative\",\"parts\":[")
        for (i, part) in value.parts.enumerated() {
            if i > 0 { out.write(byte: UInt8(ascii: ",")) }
            out.write("{\"comparator\":")
            string(part.comparator.symbol, &out)
            out.write(",\"number\":")
            string(part.number.description, &out)
            out.write(",\"subject\":")
            string(part.subject, &out)
            out.write(",\"unit\":")
            string(part.unit, &out)
            out.write(byte: UInt8(ascii: "}"))
        }
        out.write("],\"text\":")
        string(value.text, &out)
        out.write(byte: UInt8(ascii: "}"))
    }

    private static func write(_ amounts: Amounts, _ unit: MoneyUnit, _ out: inout ByteOutput) {
        out.write("{\"fiscal_appropriation\":")
        write(amounts.fiscalAppropriation, unit, &out)
        out.write(",\"other_funds\":")
        write(amounts.otherFunds, unit, &out)
        out.write(",\"special_account\":")
        write(amounts.specialAccount, unit, &out)
        out.write(",\"total\":")
        write(amounts.total, unit, &out)
        out.write(byte: UInt8(ascii: "}"))
    }

    private static func write(_ money: Money, _ unit: MoneyUnit, _ out: inout ByteOutput) {
        out.write("{\"amount\":\"")
        out.write(money.formatted(in: unit, thousandsSeparator: false))
        out.write("\",\"fen\":")
        integer(money.fen, &out)
        out.write(byte: UInt8(ascii: "}"))
    }

    private static func integer(_ value: Int64, _ out: inout ByteOutput) {
        if value < 0 { out.write(byte: UInt8(ascii: "-")) }
        // Amounts are bounded far inside Int's range (`Money.limit`); the magnitude of
        // Int64.min is the one value that would not fit, and no field holds it.
        out.write(decimal: Int(clamping: value.magnitude))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t` … or `\u00XX`;
    /// everything else (Chinese, `/`) as its UTF-8 bytes. Text without any of those is copied whole.
    static func string(_ text: String, _ out: inout ByteOutput) {
        out.write(byte: UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            guard needsEscaping(bytes) else {
                out.bytes.append(contentsOf: bytes)
                return
            }
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.bytes.append(contentsOf: bytes[start..<i])
                start = i + 1
                switch byte {
                case UInt8(ascii: "\""): out.write("\\\"")
                case UInt8(ascii: "\\"): out.write("\\\\")
                case 0x0A: out.write("\\n")
                case 0x0D: out.write("\\r")
                case 0x09: out.write("\\t")
                case 0x08: out.write("\\b")
                case 0x0C: out.write("\\f")
                default:
                    out.write("\\u00")
                    out.write(byte: hex[Int(byte >> 4)])
                    out.write(byte: hex[Int(byte & 0x0F)])
                }
            }
            out.bytes.append(contentsOf: bytes[start...])
        }
        out.write(byte: UInt8(ascii: "\""))
    }

    /// Whether any byte is below 0x20, `"` or `\`, eight bytes at a time: most strings have
    /// none and are copied whole (a test byte by byte was a tenth of writing JSON). A byte is
    /// zero in `x ^ c` where it equals c; `(v - 0x01…) & ~v & 0x80…` is nonzero exactly when
    /// some byte of v is zero, and `(x - 0x20…) & ~x & 0x80…` when some byte of x is below 0x20.
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= bytes.count {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = x ^ (ones &* 0x22), backslash = x ^ (ones &* 0x5C)
            let found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((x &- ones &* 0x20) & ~x)
            if found & highs != 0 { return true }
            i += 8
        }
        while i < bytes.count {
            let byte = base[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }
}
