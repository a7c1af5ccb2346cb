/// Reads the quantitative targets out of a 指标值's text.
///
/// A value is split into clauses at `，` `,` `；` `;` (never inside a number such as
/// `1,000`). A clause is quantitative when it reads
///   [subject] comparator number [unit] [suffix]   e.g. `每年每个区不低于1项`, `≥2台`
///   [subject] number [unit] suffix                e.g. `90%或以上`
///   number [unit]                                 e.g. `100%`, `1个` (comparator `none`)
/// where the unit holds no digit and at most eight characters (so `2025年12月底前完成`
/// stays qualitative). Clauses that read otherwise are qualitative; a value is quantitative
/// when any clause is. The comparator is the one written right before the first number
/// that has one.
public enum TargetGrammar {
    /// Comparator spellings written before the number.
    public static let prefixComparators: [(spelling: String, comparator: Comparator)] = [
        ("≥", .atLeast), (">=", .atLeast), ("＞＝", .atLeast), ("≧", .atLeast), ("⩾", .atLeast),
        ("大于等于", .atLeast), ("大于或等于", .atLeast), ("不低于", .atLeast), ("不少于", .atLeast),
        ("不小于", .atLeast), ("至少", .atLeast), ("达到", .atLeast),
        ("＞", .greaterThan), (">", .greaterThan), ("大于", .greaterThan), ("高于", .greaterThan),
        ("多于", .greaterThan), ("超过", .greaterThan),
        ("＝", .equal), ("=", .equal), ("等于", .equal),
        ("＜", .lessThan), ("<", .lessThan), ("小于", .lessThan), ("低于", .lessThan), ("少于", .lessThan),
        ("≤", .atMost), ("<=", .atMost), ("＜＝", .atMost), ("≦", .atMost), ("⩽", .atMost),
        ("小于等于", .atMost), ("小于或等于", .atMost), ("不高于", .atMost), ("不超过", .atMost),
        ("不大于", .atMost), ("不多于", .atMost), ("最多", .atMost),
    ]

    /// Comparator spellings written after the number and its unit (`90%或以上`, `5天以内`).
    public static let suffixComparators: [(spelling: String, comparator: Comparator)] = [
        ("或以上", .atLeast), ("及以上", .atLeast), ("以上", .atLeast),
        ("或以下", .atMost), ("及以下", .atMost), ("以下", .atMost), ("以内", .atMost),
    ]

    /// Longest first, so that `大于等于` wins over `等于` and `不超过` over `超过` when both
    /// end where the number starts.
    private static let prefixBytes: [([UInt8], Comparator)] = prefixComparators
        .map { (Array($0.spelling.utf8), $0.comparator) }.sorted { $0.0.count > $1.0.count }
    private static let suffixBytes: [([UInt8], Comparator)] = suffixComparators
        .map { (Array($0.spelling.utf8), $0.comparator) }.sorted { $0.0.count > $1.0.count }

    /// Units longer than this are prose, not units (`1个` yes, `1个区开展…的情况` no).
    static let maximumUnitLength = 8

    private typealias Bytes = UTF8Scan.Bytes

    public static func parse(_ text: String) -> [QuantitativeTarget] {
        parseDigits(ChineseNumerals.rewrite(text) ?? text)
    }

    private static func parseDigits(_ text: String) -> [QuantitativeTarget] {
        UTF8Scan.withBytes(text) { b in
            // Most qualitative values hold no digit at all: skip them at once.
            var hasDigit = false
            for i in 0..<b.count where UTF8Scan.isASCIIDigit(b[i]) || (b[i] == 0xEF && UTF8Scan.digit(b, at: i, end: b.count) != nil) {
                hasDigit = true
                break
            }
            guard hasDigit else { return [] }
            var parts: [QuantitativeTarget] = []
            var start = 0
            var i = 0
            while i <= b.count {
                let width = i == b.count ? 1 : clauseDelimiterWidth(b, at: i)
                if width > 0 {
                    if let target = parseClause(b, start..<i) { parts.append(target) }
                    start = i + width
                    i += width
                } else {
                    i += 1
                }
            }
            return parts
        }
    }

    /// `，` `；` `;`, or a `,` that is not a thousands separator between digits.
    private static func clauseDelimiterWidth(_ b: Bytes, at i: Int) -> Int {
        let x = b[i]
        if x == 0x3B { return 1 }
        if x == 0x2C {
            let between = UTF8Scan.digitEnds(b, at: i, start: 0) && i + 1 < b.count && UTF8Scan.digit(b, at: i + 1, end: b.count) != nil
            return between ? 0 : 1
        }
        if x == 0xEF, UTF8Scan.matches(b, at: i, UTF8Scan.fullWidthComma, end: b.count)
            || UTF8Scan.matches(b, at: i, UTF8Scan.fullWidthSemicolon, end: b.count) { return 3 }
        return 0
    }

    private static func parseClause(_ b: Bytes, _ raw: Range<Int>) -> QuantitativeTarget? {
        let clause = UTF8Scan.trim(b, raw)
        var comparator: Comparator?
        var subjectEnd = -1
        var numberStart = -1

        // Each number, in order: is a comparator written right before it?
        let prefixBytes = prefixBytes
        var i = clause.lowerBound
        while i < clause.upperBound {
            guard let (_, width) = UTF8Scan.digit(b, at: i, end: clause.upperBound) else {
                i += 1
                continue
            }
            if !UTF8Scan.digitEnds(b, at: i, start: clause.lowerBound) && !(i > clause.lowerBound && (b[i - 1] == 0x2E || b[i - 1] == 0x2C)) {
                if numberStart < 0 { numberStart = i }
                var before = i
                while before > clause.lowerBound {
                    let w = UTF8Scan.spaceWidth(b, before: before, start: clause.lowerBound)
                    if w == 0 { break }
                    before -= w
                }
                if let (spelling, found) = prefixBytes.first(where: { UTF8Scan.endsWith(b, $0.0, end: before, start: clause.lowerBound) }) {
                    comparator = found
                    subjectEnd = before - spelling.count
                    numberStart = i
                    break
                }
            }
            i += width
        }
        guard numberStart >= 0 else { return nil }
        let suffixBytes = suffixBytes
        if subjectEnd < 0 { subjectEnd = numberStart }

        // The number: digits, a decimal point, thousands separators between digits; read
        // straight into an exact decimal.
        var significand: Int64 = 0
        var scale = 0
        var numberEnd = numberStart
        var sawPoint = false
        while numberEnd < clause.upperBound {
            if let (value, width) = UTF8Scan.digit(b, at: numberEnd, end: clause.upperBound) {
                let (m, o1) = significand.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(value))
                if o1 || o2 { return nil }
                significand = s
                if sawPoint { scale += 1 }
                numberEnd += width
                continue
            }
            let next = numberEnd + (b[numberEnd] == 0xEF ? 3 : 1)
            let digitFollows = next < clause.upperBound && UTF8Scan.digit(b, at: next, end: clause.upperBound) != nil
            let isPoint = b[numberEnd] == 0x2E || (b[numberEnd] == 0xEF && next <= clause.upperBound && b[numberEnd + 1] == 0xBC && b[numberEnd + 2] == 0x8E)
            if isPoint && digitFollows && !sawPoint {
                sawPoint = true
                numberEnd = next
            } else if b[numberEnd] == 0x2C && digitFollows && !sawPoint {
                numberEnd += 1 // thousands separator
            } else {
                break
            }
        }
        let number = ExactDecimal(significand: significand, scale: scale)

        // The unit runs to the end of the clause, less a suffix comparator.
        var unitEnd = clause.upperBound
        if let (spelling, found) = suffixBytes.first(where: { UTF8Scan.endsWith(b, $0.0, end: clause.upperBound, start: numberEnd) }) {
            unitEnd -= spelling.count
            if comparator == nil { comparator = found }
        }
        let unit = UTF8Scan.trim(b, numberEnd..<unitEnd)
        for k in unit where UTF8Scan.digit(b, at: k, end: unit.upperBound) != nil { return nil }
        if UTF8Scan.scalarCount(b, unit) > maximumUnitLength { return nil }

        let subject = UTF8Scan.trim(b, clause.lowerBound..<subjectEnd)
        // A bare value must be the whole clause: `100%`, not `第3季度完成`.
        if comparator == nil && !subject.isEmpty { return nil }
        return QuantitativeTarget(
            subject: UTF8Scan.string(b, subject),
            comparator: comparator ?? .none,
            number: number,
            unit: UTF8Scan.string(b, unit)
        )
    }
}
