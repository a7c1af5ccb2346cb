/// Reads the quantitative targets out of a 指标值's text.
///
/// A value is split into clauses at `，` `,` `；` `;` (never inside a number such as
/// `1,000`). A clause is quantitative when it reads
///   [subject] comparator number [unit] [suffix]   e.g. `每年每个区不低于1项`, `≥2台`
///   [subject] number [unit] suffix                e.g. `90%或以上`
///   number [unit]                                 e.g. `100%`, `1个` (comparator `none`)
/// where the unit holds no digit (so `2025年12月底前完成` stays qualitative). Clauses
/// that read otherwise are qualitative; a value is quantitative when any clause is.
public enum TargetGrammar {
    /// Comparator spellings written before the number, longest first so that `大于等于`
    /// wins over `大于` and `不超过` over `超过`.
    public static let prefixComparators: [(spelling: String, comparator: Comparator)] = {
        let table: [(String, Comparator)] = [
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
        return table.map { (spelling: $0.0, comparator: $0.1) }
            .sorted { $0.spelling.unicodeScalars.count > $1.spelling.unicodeScalars.count }
    }()

    /// Comparator spellings written after the number and its unit (`90%或以上`, `5天以内`).
    public static let suffixComparators: [(spelling: String, comparator: Comparator)] = {
        let table: [(String, Comparator)] = [
            ("或以上", .atLeast), ("及以上", .atLeast), ("以上", .atLeast),
            ("或以下", .atMost), ("及以下", .atMost), ("以下", .atMost), ("以内", .atMost),
        ]
        return table.map { (spelling: $0.0, comparator: $0.1) }
            .sorted { $0.spelling.unicodeScalars.count > $1.spelling.unicodeScalars.count }
    }()

    private static let prefixScalars: [([Unicode.Scalar], Comparator)] =
        prefixComparators.map { (Array($0.spelling.unicodeScalars), $0.comparator) }
    private static let suffixScalars: [([Unicode.Scalar], Comparator)] =
        suffixComparators.map { (Array($0.spelling.unicodeScalars), $0.comparator) }

    /// Units longer than this are prose, not units (`1个` yes, `1个区开展…的情况` no).
    static let maximumUnitLength = 8

    public static func parse(_ text: String) -> [QuantitativeTarget] {
        // Most values are short and plain: skip the work when there is no digit at all.
        guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) || text.unicodeScalars.contains(where: isFullWidthDigit) else {
            return []
        }
        var parts: [QuantitativeTarget] = []
        for clause in clauses(of: Array(text.unicodeScalars)) {
            if let target = parseClause(clause) { parts.append(target) }
        }
        return parts
    }

    /// Splits at clause delimiters that are not thousands separators inside a number.
    static func clauses(of scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var result: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        for i in scalars.indices {
            let s = scalars[i]
            let isDelimiter: Bool
            switch s {
            case "，", "；", ";": isDelimiter = true
            case ",":
                let digitBefore = i > 0 && isDigit(scalars[i - 1])
                let digitAfter = i + 1 < scalars.count && isDigit(scalars[i + 1])
                isDelimiter = !(digitBefore && digitAfter)
            default: isDelimiter = false
            }
            if isDelimiter {
                result.append(scalars[start..<i])
                start = i + 1
            }
        }
        result.append(scalars[start..<scalars.count])
        return result
    }

    static func parseClause(_ raw: ArraySlice<Unicode.Scalar>) -> QuantitativeTarget? {
        let clause = trimmed(raw)
        guard let firstDigit = clause.firstIndex(where: isDigit) else { return nil }

        // A prefix comparator that the number follows (spaces allowed between).
        var comparator: Comparator?
        var subjectEnd = firstDigit
        var numberStart = firstDigit
        searching: for position in clause.indices {
            for (spelling, candidate) in prefixScalars where matches(spelling, in: clause, at: position) {
                var after = position + spelling.count
                while after < clause.endIndex && isSpace(clause[after]) { after += 1 }
                if after < clause.endIndex && isDigit(clause[after]) {
                    comparator = candidate
                    subjectEnd = position
                    numberStart = after
                    break searching
                }
            }
        }

        // The number: digits, a decimal point, thousands separators between digits.
        var numberEnd = numberStart
        var numberText = ""
        while numberEnd < clause.endIndex {
            let s = clause[numberEnd]
            if let d = asciiDigit(s) {
                numberText.unicodeScalars.append(d)
            } else if (s == "." || s == "．") && numberEnd + 1 < clause.endIndex && isDigit(clause[numberEnd + 1]) {
                numberText.append(".")
            } else if s == "," && numberEnd + 1 < clause.endIndex && isDigit(clause[numberEnd + 1]) && !numberText.contains(".") {
                // thousands separator: drop it
            } else {
                break
            }
            numberEnd += 1
        }
        guard let number = ExactDecimal(numberText) else { return nil }

        // The unit runs to the end of the clause, less a suffix comparator.
        var unitEnd = clause.endIndex
        for (spelling, candidate) in suffixScalars where unitEnd - spelling.count >= numberEnd {
            if matches(spelling, in: clause, at: unitEnd - spelling.count) {
                unitEnd -= spelling.count
                if comparator == nil { comparator = candidate }
                break
            }
        }
        let unit = trimmed(clause[numberEnd..<unitEnd])
        if unit.contains(where: isDigit) || unit.count > maximumUnitLength { return nil }

        let subject = trimmed(clause[clause.startIndex..<subjectEnd])
        if comparator == nil {
            // A bare value must be the whole clause: `100%`, not `第3季度完成`.
            guard subject.isEmpty else { return nil }
            comparator = Comparator.none
        }
        return QuantitativeTarget(
            subject: String(String.UnicodeScalarView(subject)),
            comparator: comparator ?? .none,
            number: number,
            unit: String(String.UnicodeScalarView(unit))
        )
    }

    private static func matches(_ spelling: [Unicode.Scalar], in clause: ArraySlice<Unicode.Scalar>, at position: Int) -> Bool {
        guard position >= clause.startIndex, position + spelling.count <= clause.endIndex else { return false }
        for (offset, s) in spelling.enumerated() where clause[position + offset] != s { return false }
        return true
    }

    private static func trimmed(_ slice: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var start = slice.startIndex
        var end = slice.endIndex
        while start < end && isSpace(slice[start]) { start += 1 }
        while end > start && isSpace(slice[end - 1]) { end -= 1 }
        return slice[start..<end]
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { asciiDigit(s) != nil }

    private static func isFullWidthDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0xFF10 && s.value <= 0xFF19 }

    /// The ASCII digit for `s`, folding full-width digits (`９５％` reads as 95).
    private static func asciiDigit(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        if s.value >= 0x30 && s.value <= 0x39 { return s }
        if isFullWidthDigit(s) { return Unicode.Scalar(s.value - 0xFF10 + 0x30) }
        return nil
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\u{3000}" || s == "\u{A0}" || s == "\n" || s == "\r"
    }
}
