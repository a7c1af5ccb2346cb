/// A 指标值 (实施周期指标值 or 年度指标值): the text as written, always kept, plus what
/// Jixiao understands of it. `≤2人` is one quantitative target; `帮扶省外被帮扶地区不少于1次，
/// 帮扶省内被帮扶地区不少于2次` is two; `顺利通过考核` is qualitative (no parts).
public struct TargetValue: Hashable, Sendable, CustomStringConvertible {
    /// The value as written (trimmed). Writers reproduce it verbatim.
    public let text: String
    /// The quantitative targets found in the text; empty for a qualitative value.
    public let parts: [QuantitativeTarget]

    public init(text: String) {
        self.text = text
        self.parts = TargetGrammar.parse(text)
    }

    /// The target `text` states, sharing `other`'s reading when it states the same: most
    /// tables repeat the period value as the annual one, and a reading made once is a parse
    /// (and its memory) saved per indicator.
    public static func sharing(_ text: String, with other: TargetValue?) -> TargetValue {
        if let other, UTF8Scan.same(other.text, text) { return other }
        return TargetValue(text: text)
    }

    public var isQuantitative: Bool { !parts.isEmpty }
    public var description: String { text }

    // The parts are a function of the text: comparing the text is enough, and cheaper.
    public static func == (lhs: TargetValue, rhs: TargetValue) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// One comparator-number-unit target, with the words before it that say what it applies to.
public struct QuantitativeTarget: Hashable, Sendable {
    /// What the target applies to when the value says it (`帮扶省外被帮扶地区`, `每年每个区`).
    public var subject: String
    public var comparator: Comparator
    public var number: ExactDecimal
    /// The unit as written (`人`, `%`, `百分比`, `万元`); may be empty.
    public var unit: String

    public init(subject: String = "", comparator: Comparator, number: ExactDecimal, unit: String) {
        self.subject = subject
        self.comparator = comparator
        self.number = number
        self.unit = unit
    }
}

/// The five comparators of the official tables, plus `none` for a bare value (`100%`).
public enum Comparator: String, CaseIterable, Hashable, Sendable, Codable {
    case atLeast = "≥"
    case greaterThan = "＞"
    case equal = "＝"
    case lessThan = "＜"
    case atMost = "≤"
    case none = ""

    /// The symbol the official tables use; empty for `none`.
    public var symbol: String { rawValue }

    public init?(symbol: String) {
        guard let found = Comparator.allCases.first(where: { $0.rawValue == symbol }) else { return nil }
        self = found
    }
}

/// An exact decimal number: `significand × 10^-scale`. Target numbers are compared and
/// written back, never computed with, so an integer pair is all they need. Equality is of
/// the number as written (`1.50` is not `1.5`, so text round-trips); ordering is by value.
public struct ExactDecimal: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var significand: Int64
    public var scale: Int

    public init(significand: Int64, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    /// Reads `95`, `1.5`, `1,000` (ASCII digits only; callers fold full-width digits first).
    public init?(_ text: some StringProtocol) {
        var significand: Int64 = 0
        var scale = 0
        var sawPoint = false
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (m, o1) = significand.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                if o1 || o2 { return nil }
                significand = s
                sawDigit = true
                if sawPoint { scale += 1 }
            case UInt8(ascii: "."):
                if sawPoint { return nil }
                sawPoint = true
            case UInt8(ascii: ","):
                if sawPoint || !sawDigit { return nil }
            default:
                return nil
            }
        }
        guard sawDigit else { return nil }
        self.init(significand: significand, scale: scale)
    }

    /// The number in plain decimal notation, keeping written trailing zeros (`1.50`).
    public var description: String {
        let negative = significand < 0
        var digits = String(significand.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }

    /// An approximation for ordering and ratios (scores); never for storage.
    public var doubleValue: Double {
        var value = Double(significand)
        for _ in 0..<scale { value /= 10 }
        return value
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        // Align scales exactly where Int64 allows, else fall back to the approximation.
        let scale = max(lhs.scale, rhs.scale)
        if let l = lhs.scaled(to: scale), let r = rhs.scaled(to: scale) { return l < r }
        return lhs.doubleValue < rhs.doubleValue
    }

    private func scaled(to target: Int) -> Int64? {
        var value = significand
        for _ in scale..<target {
            let (m, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = m
        }
        return value
    }
}
