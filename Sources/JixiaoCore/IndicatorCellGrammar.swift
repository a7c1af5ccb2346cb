/// Reads and writes a 绩效指标 cell: numbered items, each
///   `N、` 一级 `：` 二级 `：` 三级 `；实施周期指标值：` value `；年度指标值：` value `。`
///
/// Reading accepts what copies from PDFs and web pages look like: half-width `:` `;`,
/// spaces around delimiters, line breaks inside and between items, a missing `。` before
/// the next number, either value missing, values in either order. Writing produces the
/// official full-width form, with each value verbatim.
public enum IndicatorCellGrammar {
    public static let periodLabel = "实施周期指标值"
    public static let annualLabel = "年度指标值"

    // MARK: Writing

    public static func format(_ indicators: [Indicator]) -> String {
        var out = ""
        for indicator in indicators { append(indicator, to: &out) }
        return out
    }

    public static func append(_ indicator: Indicator, to out: inout String) {
        if let ordinal = indicator.ordinal {
            out.append(String(ordinal))
            out.append("、")
        }
        if let text = indicator.unparsedText {
            out.append(text)
            return
        }
        if let level1 = indicator.level1 {
            out.append(level1.text)
            out.append("：")
        }
        if let level2 = indicator.level2 {
            out.append(level2.text)
            out.append("：")
        }
        out.append(indicator.name)
        if let period = indicator.periodTarget {
            out.append("；实施周期指标值：")
            out.append(period.text)
        }
        if let annual = indicator.annualTarget {
            out.append("；年度指标值：")
            out.append(annual.text)
        }
        out.append("。")
    }

    // MARK: Reading

    public static func parse(_ cell: String) -> [Indicator] {
        let original = Array(cell.unicodeScalars)
        // Line breaks carry no meaning inside an indicator cell (PDF copies wrap anywhere, and
        // Chinese has no spaces between words), so the grammar reads the cell without them.
        let scalars = original.filter { $0 != "\n" && $0 != "\r" }
        let items = splitItems(scalars)
        if items.isEmpty { return [] }
        var indicators: [Indicator] = []
        indicators.reserveCapacity(items.count)
        for item in items { indicators.append(parseItem(item.body, ordinal: item.ordinal)) }
        // A cell with no structured item at all is free text: keep it exactly as written.
        if indicators.allSatisfy({ $0.unparsedText != nil }) && items.count == 1 && items[0].ordinal == nil {
            return [Indicator(ordinal: nil, unparsedText: String(String.UnicodeScalarView(trim(original[...]))))]
        }
        return indicators
    }

    struct Item {
        var ordinal: Int?
        var body: ArraySlice<Unicode.Scalar>
    }

    /// Finds where items begin: at the start, and after each `。` where a number with `、`
    /// or a 一级 name follows; also at the expected next number `N、` followed by a 一级
    /// even when the `。` before it is missing.
    static func splitItems(_ s: [Unicode.Scalar]) -> [Item] {
        var starts: [(position: Int, ordinal: Int?, bodyStart: Int)] = []
        var i = skipSpaces(s, from: 0)
        guard i < s.count else { return [] }
        if let (ordinal, after) = ordinalPrefix(s, at: i) {
            starts.append((i, ordinal, skipSpaces(s, from: after)))
        } else {
            starts.append((i, nil, i))
        }
        var expected = (starts[0].ordinal ?? 0) + 1
        i += 1
        while i < s.count {
            if s[i] == "。" {
                let next = skipSpaces(s, from: i + 1)
                if next < s.count {
                    if let (ordinal, after) = ordinalPrefix(s, at: next) {
                        starts.append((next, ordinal, skipSpaces(s, from: after)))
                        expected = ordinal + 1
                        i = after
                        continue
                    }
                    if startsPrimaryLevel(s, at: next) {
                        starts.append((next, nil, next))
                        i = next
                        continue
                    }
                }
            } else if isASCIIDigit(s[i]), i > 0, !isASCIIDigit(s[i - 1]),
                      let (ordinal, after) = ordinalPrefix(s, at: i), ordinal == expected,
                      startsPrimaryLevel(s, at: skipSpaces(s, from: after)) {
                starts.append((i, ordinal, skipSpaces(s, from: after)))
                expected = ordinal + 1
                i = after
                continue
            }
            i += 1
        }
        var items: [Item] = []
        items.reserveCapacity(starts.count)
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].position : s.count
            items.append(Item(ordinal: start.ordinal, body: trim(s[start.bodyStart..<max(start.bodyStart, end)])))
        }
        return items
    }

    /// `12、` at `i`: the number and the index after `、`.
    static func ordinalPrefix(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int)? {
        var j = i
        var value = 0
        while j < s.count, isASCIIDigit(s[j]), j - i < 4 {
            value = value * 10 + Int(s[j].value - 0x30)
            j += 1
        }
        guard j > i else { return nil }
        let k = skipSpaces(s, from: j)
        guard k < s.count, s[k] == "、" else { return nil }
        return (value, k + 1)
    }

    /// Whether a 一级 level starts at `i`: `1-…` or a 一级 name of the framework.
    static func startsPrimaryLevel(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i
        while j < s.count, isASCIIDigit(s[j]) { j += 1 }
        if j > i {
            let k = skipSpaces(s, from: j)
            return k < s.count && isDash(s[k])
        }
        for category in PrimaryCategory.allCases {
            let name = Array(category.rawValue.unicodeScalars.dropLast(2))
            if i + name.count <= s.count && Array(s[i..<(i + name.count)]) == name { return true }
        }
        return false
    }

    static func parseItem(_ body: ArraySlice<Unicode.Scalar>, ordinal: Int?) -> Indicator {
        // Targets: each label with its colon starts a value that runs to the next label.
        let labels = findLabels(body)
        let headEnd = labels.first?.start ?? body.endIndex
        var head = trim(body[body.startIndex..<headEnd])
        if labels.isEmpty, head.last == "。" { head = trim(head.dropLast()) }
        while let last = head.last, last == "；" || last == ";" { head = trim(head.dropLast()) }

        // Head: 一级 ：二级 ：三级 (the name may itself contain colons).
        guard let firstColon = head.firstIndex(where: isColon),
              let secondColon = head[(firstColon + 1)...].firstIndex(where: isColon) else {
            return Indicator(ordinal: ordinal, unparsedText: unparsed(body))
        }
        let level1 = parseLevel(head[head.startIndex..<firstColon])
        let level2 = parseLevel(head[(firstColon + 1)..<secondColon])
        let name = trim(head[(secondColon + 1)...])
        guard let level1, let level2 else {
            return Indicator(ordinal: ordinal, unparsedText: unparsed(body))
        }

        var period: TargetValue?
        var annual: TargetValue?
        for (index, label) in labels.enumerated() {
            let end = index + 1 < labels.count ? labels[index + 1].start : body.endIndex
            var value = trim(body[label.valueStart..<end])
            if index + 1 == labels.count, value.last == "。" { value = trim(value.dropLast()) }
            while let last = value.last, last == "；" || last == ";" { value = trim(value.dropLast()) }
            // An empty value is a missing one: `；年度指标值：` alone states nothing.
            let target: TargetValue? = value.isEmpty ? nil : TargetValue(text: string(value))
            if label.isPeriod {
                guard period == nil else { return Indicator(ordinal: ordinal, unparsedText: unparsed(body)) }
                period = target
            } else {
                guard annual == nil else { return Indicator(ordinal: ordinal, unparsedText: unparsed(body)) }
                annual = target
            }
        }
        return Indicator(
            ordinal: ordinal, level1: level1, level2: level2, name: string(name),
            periodTarget: period, annualTarget: annual
        )
    }

    struct Label {
        var start: Int
        var valueStart: Int
        var isPeriod: Bool
    }

    private static let periodScalars = Array(periodLabel.unicodeScalars)
    private static let annualScalars = Array(annualLabel.unicodeScalars)

    /// `实施周期指标值：` and `年度指标值：` (either colon, spaces allowed before it).
    static func findLabels(_ body: ArraySlice<Unicode.Scalar>) -> [Label] {
        var labels: [Label] = []
        var i = body.startIndex
        while i < body.endIndex {
            for (scalars, isPeriod) in [(periodScalars, true), (annualScalars, false)] {
                guard i + scalars.count <= body.endIndex, body[i] == scalars[0],
                      Array(body[i..<(i + scalars.count)]) == scalars else { continue }
                let colon = skipSpaces(body, from: i + scalars.count)
                guard colon < body.endIndex, isColon(body[colon]) else { continue }
                labels.append(Label(start: i, valueStart: colon + 1, isPeriod: isPeriod))
                i = colon
                break
            }
            i += 1
        }
        return labels
    }

    /// `11-数量指标`, `11 - 数量指标`, or a bare name.
    static func parseLevel(_ raw: ArraySlice<Unicode.Scalar>) -> IndicatorLevel? {
        let text = trim(raw)
        guard !text.isEmpty else { return nil }
        var j = text.startIndex
        while j < text.endIndex, isASCIIDigit(text[j]) { j += 1 }
        if j > text.startIndex {
            let dash = skipSpaces(text, from: j)
            if dash < text.endIndex, isDash(text[dash]) {
                let name = trim(text[(dash + 1)...])
                guard !name.isEmpty else { return nil }
                return IndicatorLevel(code: string(text[text.startIndex..<j]), name: string(name))
            }
        }
        return IndicatorLevel(code: nil, name: string(text))
    }

    // MARK: Scalars

    private static func unparsed(_ body: ArraySlice<Unicode.Scalar>) -> String { string(trim(body)) }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }

    static func isColon(_ s: Unicode.Scalar) -> Bool { s == "：" || s == ":" }
    static func isDash(_ s: Unicode.Scalar) -> Bool { s == "-" || s == "－" || s == "—" || s == "–" }
    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\u{3000}" || s == "\u{A0}" }

    static func skipSpaces(_ s: [Unicode.Scalar], from i: Int) -> Int { skipSpaces(s[...], from: i) }

    static func skipSpaces(_ s: ArraySlice<Unicode.Scalar>, from i: Int) -> Int {
        var j = i
        while j < s.endIndex && isSpace(s[j]) { j += 1 }
        return j
    }

    static func trim(_ slice: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var start = slice.startIndex
        var end = slice.endIndex
        while start < end && isSpace(slice[start]) { start += 1 }
        while end > start && isSpace(slice[end - 1]) { end -= 1 }
        return slice[start..<end]
    }
}
