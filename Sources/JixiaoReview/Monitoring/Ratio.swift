import JixiaoCore

/// A ratio held as an exact fraction, so that a light's boundary (60 %, 80 %, 120 %) falls
/// where the numbers put it: 59.99 % is below 60 % and 60 % is not, which a Double of
/// 0.6 × (7 ÷ 12) cannot promise.
struct Ratio: Sendable {
    let numerator: Int128
    /// Positive.
    let denominator: Int128

    /// nil when the denominator is not positive.
    init?(_ numerator: Int128, over denominator: Int128) {
        guard denominator > 0 else { return nil }
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `a ÷ b` of two exact decimals, nil when b is not positive or a digit would overflow.
    init?(_ a: ExactDecimal, over b: ExactDecimal) {
        let scale = max(a.scale, b.scale)
        guard let x = Self.integer(a, at: scale), let y = Self.integer(b, at: scale) else { return nil }
        self.init(x, over: y)
    }

    /// The ratio times `factor ÷ divisor` (the share of the year: 12 ÷ N).
    func scaled(by factor: Int128, over divisor: Int128) -> Ratio? {
        let (n, o1) = numerator.multipliedReportingOverflow(by: factor)
        let (d, o2) = denominator.multipliedReportingOverflow(by: divisor)
        return o1 || o2 ? nil : Ratio(n, over: d)
    }

    /// Whether the ratio is below `percent` %: numerator × 100 < percent × denominator, exactly
    /// (and by the Double approximation only where the products would overflow 128 bits).
    func isBelow(percent: Int) -> Bool {
        let (l, o1) = numerator.multipliedReportingOverflow(by: 100)
        let (r, o2) = Int128(percent).multipliedReportingOverflow(by: denominator)
        if o1 || o2 { return value * 100 < Double(percent) }
        return l < r
    }

    var value: Double { Double(numerator) / Double(denominator) }

    private static func integer(_ d: ExactDecimal, at scale: Int) -> Int128? {
        var value = Int128(d.significand)
        for _ in d.scale..<scale {
            let (m, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = m
        }
        return value
    }
}
