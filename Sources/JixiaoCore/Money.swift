/// An exact amount of money: a whole number of 分 (0.01 元).
///
/// Never Double: the tables' identities (总计 = 财政拨款 + 财政专户拨款 + 其他资金) must hold
/// to the last 分, and a float cannot say 0.1 exactly.
public struct Money: Hashable, Comparable, Sendable {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    /// The largest amount a table may state, in either direction: 10 万亿元, a third of the
    /// whole national budget. Nine thousand such amounts still sum inside Int64; sums over
    /// read data of any length use `checkedSum`, so no arithmetic on input can trap.
    public static let limit = Money(fen: 10_000_000_000_000 * 100)

    /// The sum, or nil when it would leave Int64 (only absurd inputs get there).
    public static func checkedSum(_ values: some Sequence<Money>) -> Money? {
        var sum: Int64 = 0
        for value in values {
            let (next, overflow) = sum.addingReportingOverflow(value.fen)
            if overflow { return nil }
            sum = next
        }
        return Money(fen: sum)
    }

    public var isZero: Bool { fen == 0 }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen - rhs.fen) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.fen += rhs.fen }
    public static prefix func - (value: Money) -> Money { Money(fen: -value.fen) }
    public var magnitude: Money { Money(fen: fen < 0 ? -fen : fen) }
}

/// The unit a table states its amounts in (the `单位：万元` line).
public enum MoneyUnit: String, Hashable, Sendable, CaseIterable, Codable {
    case wanYuan = "万元"
    case yuan = "元"

    /// How many 分 one unit holds.
    public var fenPerUnit: Int64 {
        switch self {
        case .wanYuan: 1_000_000
        case .yuan: 100
        }
    }

    /// How many decimal places of this unit one 分 needs (万元: 6, 元: 2).
    public var fenDecimals: Int {
        switch self {
        case .wanYuan: 6
        case .yuan: 2
        }
    }
}

/// Why an amount cell could not be read.
public enum MoneyParseError: Error, Hashable, Sendable {
    case notANumber
    case tooPrecise
    case outOfRange
}

extension Money {
    /// Reads an amount as tables state it: `1,980.40`, `11`, `11.5`, `-3.00`; an empty
    /// string is zero. Thousands separators may be `,` or `，`; digits may be full-width.
    /// More decimals than 分 can hold is an error, never a silent rounding.
    public init(parsing text: String, in unit: MoneyUnit) throws(MoneyParseError) {
        let result: Result<Money, MoneyParseError> = UTF8Scan.withBytes(text) { bytes in
            do throws(MoneyParseError) {
                return .success(try Money(utf8: bytes, in: unit))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// The same, straight from UTF-8 bytes (readers call this for every amount cell).
    public init(utf8 b: UnsafeBufferPointer<UInt8>, in unit: MoneyUnit) throws(MoneyParseError) {
        var negative = false
        var integerPart: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        var started = false
        var ended = false
        var i = 0
        let end = b.count
        while i < end {
            let space = UTF8Scan.spaceWidth(b, at: i, end: end)
            if space > 0 {
                // Spaces may pad the cell, never split a number.
                if started { ended = true }
                i += space
                continue
            }
            if ended { throw .notANumber }
            if let (digit, width) = UTF8Scan.digit(b, at: i, end: end) {
                i += width
                started = true
                sawDigit = true
                if sawPoint {
                    fractionDigits += 1
                    if fractionDigits > unit.fenDecimals {
                        if digit != 0 { throw .tooPrecise }
                        continue
                    }
                    fraction = fraction * 10 + Int64(digit)
                } else {
                    let (m, o1) = integerPart.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(Int64(digit))
                    if o1 || o2 { throw .outOfRange }
                    integerPart = s
                }
                continue
            }
            switch Money.symbol(b, at: i, end: end) {
            case (.minus, let width):
                if started { throw .notANumber }
                negative = true
                started = true
                i += width
            case (.comma, let width):
                if !sawDigit || sawPoint { throw .notANumber }
                i += width
            case (.point, let width):
                if sawPoint { throw .notANumber }
                sawPoint = true
                started = true
                i += width
            case (.other, _):
                throw .notANumber
            }
        }
        if !started {
            self = .zero
            return
        }
        if !sawDigit { throw .notANumber }
        var scale: Int64 = 1
        for _ in 0..<(unit.fenDecimals - min(fractionDigits, unit.fenDecimals)) { scale *= 10 }
        let fenPerUnit = unit.fenPerUnit
        guard integerPart <= Money.limit.fen / fenPerUnit else { throw .outOfRange }
        let fen = integerPart * fenPerUnit + fraction * scale
        guard fen <= Money.limit.fen else { throw .outOfRange }
        self.init(fen: negative ? -fen : fen)
    }

    private enum Symbol { case minus, comma, point, other }

    /// `-` `−` `－`, `,` `，`, `.` `．` at `i`, with their widths.
    private static func symbol(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (Symbol, Int) {
        switch b[i] {
        case 0x2D: return (.minus, 1)
        case 0x2C: return (.comma, 1)
        case 0x2E: return (.point, 1)
        case 0xE2 where i + 2 < end && b[i + 1] == 0x88 && b[i + 2] == 0x92: return (.minus, 3)
        case 0xEF where i + 2 < end && b[i + 1] == 0xBC:
            switch b[i + 2] {
            case 0x8D: return (.minus, 3)
            case 0x8C: return (.comma, 3)
            case 0x8E: return (.point, 3)
            default: return (.other, 0)
            }
        default: return (.other, 0)
        }
    }

    /// The amount in `unit` as the official table writes it: thousands separators and at
    /// least two decimals (`1,980.40`, `-3.00`); more decimals only when 分 need them, so
    /// that writing never loses money.
    public func formatted(in unit: MoneyUnit, thousandsSeparator: Bool = true) -> String {
        var out = ""
        write(in: unit, thousandsSeparator: thousandsSeparator, to: &out)
        return out
    }

    /// Writes the formatted amount into a text stream without building a String first
    /// (writers call this hundreds of thousands of times).
    public func write(in unit: MoneyUnit, thousandsSeparator: Bool = true, to out: inout some TextOutputStream) {
        let perUnit = UInt64(unit.fenPerUnit)
        var whole = fen.magnitude / perUnit
        var fraction = fen.magnitude % perUnit
        var decimals = unit.fenDecimals
        while decimals > 2 && fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        // Digits are produced right to left into a fixed buffer: the longest amount has
        // 17 whole digits, 5 separators, a point, 6 decimals and a sign.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var i = 40
            for _ in 0..<decimals {
                i -= 1
                buffer[i] = 0x30 + UInt8(fraction % 10)
                fraction /= 10
            }
            i -= 1
            buffer[i] = UInt8(ascii: ".")
            var digits = 0
            repeat {
                if thousandsSeparator && digits > 0 && digits % 3 == 0 {
                    i -= 1
                    buffer[i] = UInt8(ascii: ",")
                }
                i -= 1
                buffer[i] = 0x30 + UInt8(whole % 10)
                whole /= 10
                digits += 1
            } while whole > 0
            if fen < 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "-")
            }
            out.write(String(decoding: UnsafeBufferPointer(rebasing: buffer[i..<40]), as: UTF8.self))
        }
    }
}

/// The four stated amounts of a row. 总计 is stated, not computed: a table that breaks the
/// identity 总计 = 财政拨款 + 财政专户拨款 + 其他资金 must still be read and shown as it is.
public struct Amounts: Hashable, Sendable {
    /// 总计
    public var total: Money
    /// 财政拨款
    public var fiscalAppropriation: Money
    /// 财政专户拨款
    public var specialAccount: Money
    /// 其他资金
    public var otherFunds: Money

    public init(total: Money, fiscalAppropriation: Money, specialAccount: Money, otherFunds: Money) {
        self.total = total
        self.fiscalAppropriation = fiscalAppropriation
        self.specialAccount = specialAccount
        self.otherFunds = otherFunds
    }

    public static let zero = Amounts(total: .zero, fiscalAppropriation: .zero, specialAccount: .zero, otherFunds: .zero)

    public subscript(_ column: AmountColumn) -> Money {
        get {
            switch column {
            case .total: total
            case .fiscalAppropriation: fiscalAppropriation
            case .specialAccount: specialAccount
            case .otherFunds: otherFunds
            }
        }
        set {
            switch column {
            case .total: total = newValue
            case .fiscalAppropriation: fiscalAppropriation = newValue
            case .specialAccount: specialAccount = newValue
            case .otherFunds: otherFunds = newValue
            }
        }
    }

    /// The columns in table order, for code that treats them alike.
    public var columns: [Money] { [total, fiscalAppropriation, specialAccount, otherFunds] }

    public init(columns: [Money]) {
        precondition(columns.count == 4, "Amounts has four columns")
        self.init(total: columns[0], fiscalAppropriation: columns[1], specialAccount: columns[2], otherFunds: columns[3])
    }

    public static func + (lhs: Amounts, rhs: Amounts) -> Amounts {
        Amounts(
            total: lhs.total + rhs.total,
            fiscalAppropriation: lhs.fiscalAppropriation + rhs.fiscalAppropriation,
            specialAccount: lhs.specialAccount + rhs.specialAccount,
            otherFunds: lhs.otherFunds + rhs.otherFunds
        )
    }

    public static func += (lhs: inout Amounts, rhs: Amounts) { lhs = lhs + rhs }

    /// The sum of the three sources, which the stated total should equal.
    public var sumOfSources: Money { fiscalAppropriation + specialAccount + otherFunds }

    /// Whether the three sources together stay within `Money.limit` (each alone may, while
    /// their sum — a project's 总计 — does not: such a table could not be read back).
    public var sourcesWithinLimit: Bool {
        Money.checkedSum([fiscalAppropriation, specialAccount, otherFunds]).map { $0.magnitude <= Money.limit } ?? false
    }
}

/// The names of the amount columns, in table order.
public enum AmountColumn: Int, CaseIterable, Sendable {
    case total, fiscalAppropriation, specialAccount, otherFunds

    /// The column header of the official table.
    public var title: String {
        switch self {
        case .total: "总计"
        case .fiscalAppropriation: "财政拨款"
        case .specialAccount: "财政专户拨款"
        case .otherFunds: "其他资金"
        }
    }
}
