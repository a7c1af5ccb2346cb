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
        appendCell(indicators, to: &out)
        return out
    }

    /// Writes a cell's items one after another, `separator` between them (a sheet puts each
    /// on its own line, which the reader ignores). A numbered item after one whose text ends in
    /// a digit gets a space first: `…达到95` then `2、1-产出指标…` would read back as `…952、…`,
    /// one item (copied cells often lack the `。`; found by fuzzing). The reader trims it.
    public static func appendCell(_ indicators: [Indicator], separator: String = "", to out: inout some TextOutputStream) {
        var previousEndsInDigit = false
        for (i, indicator) in indicators.enumerated() {
            if i > 0 { out.write(separator) }
            if previousEndsInDigit && indicator.ordinal != nil { out.write(" ") }
            append(indicator, to: &out)
            previousEndsInDigit = indicator.unparsedText?.utf8.last.map(UTF8Scan.isASCIIDigit) ?? false
        }
    }

    /// Writes one item in the official form into any text stream (a String, or the byte
    /// buffer writers use).
    public static func append(_ indicator: Indicator, to out: inout some TextOutputStream) {
        if let ordinal = indicator.ordinal {
            out.write(String(ordinal))
            out.write("、")
        }
        if let text = indicator.unparsedText {
            out.write(text)
            return
        }
        appendLevel(indicator.level1, to: &out)
        appendLevel(indicator.level2, to: &out)
        out.write(indicator.name)
        if let period = indicator.periodTarget {
            out.write("；实施周期指标值：")
            out.write(period.text)
        }
        if let annual = indicator.annualTarget {
            out.write("；年度指标值：")
            out.write(annual.text)
        }
        out.write("。")
    }

    /// `11-数量指标：`, or `数量指标：` without a code.
    private static func appendLevel(_ level: IndicatorLevel?, to out: inout some TextOutputStream) {
        guard let level else { return }
        if let code = level.code {
            out.write(code)
            out.write("-")
        }
        out.write(level.name)
        out.write("：")
    }

    // MARK: Reading

    public static func parse(_ cell: String) -> [Indicator] {
        if cell.isEmpty { return [] }
        return UTF8Scan.withBytes(cell) { parse(utf8: $0) }
    }

    /// The same from the cell's UTF-8 bytes, which must be valid (readers check them), so
    /// that a reader need not make the whole cell a String first.
    package static func parse(utf8 original: UnsafeBufferPointer<UInt8>) -> [Indicator] {
        if original.isEmpty { return [] }
        // Line breaks carry no meaning inside an indicator cell (PDF copies wrap anywhere,
        // and Chinese has no spaces between words), so the grammar reads it without them.
        guard original.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
            return parse(original, original: original)
        }
        let joined = original.filter { $0 != 0x0A && $0 != 0x0D }
        return joined.withUnsafeBufferPointer { parse($0, original: original) }
    }

    private typealias Bytes = UTF8Scan.Bytes

    private static func parse(_ b: Bytes, original: Bytes) -> [Indicator] {
        let items = splitItems(b)
        if items.isEmpty { return [] }
        var indicators: [Indicator] = []
        indicators.reserveCapacity(items.count)
        for item in items { indicators.append(parseItem(b, item.body, ordinal: item.ordinal)) }
        // A cell with no structure at all is free text: keep it exactly as written.
        if items.count == 1 && items[0].ordinal == nil && indicators[0].unparsedText != nil {
            let whole = UTF8Scan.trim(original, 0..<original.count)
            return [Indicator(ordinal: nil, unparsedText: UTF8Scan.string(original, whole))]
        }
        return indicators
    }

    private struct Item {
        var ordinal: Int?
        var body: Range<Int>
    }

    /// Finds where items begin: at the start, and after each `。` where a number with `、`
    /// or a 一级 follows; also at the expected next number `N、` followed by a 一级 even
    /// when the `。` before it is missing.
    private static func splitItems(_ b: Bytes) -> [Item] {
        let end = b.count
        var starts: [(position: Int, ordinal: Int?, bodyStart: Int)] = []
        var i = UTF8Scan.skipSpaces(b, from: 0, end: end)
        guard i < end else { return [] }
        if let (ordinal, after) = ordinalPrefix(b, at: i) {
            starts.append((i, ordinal, UTF8Scan.skipSpaces(b, from: after, end: end)))
        } else {
            starts.append((i, nil, i))
        }
        var expected = (starts[0].ordinal ?? 0) + 1
        i += 1
        while i < end {
            let x = b[i]
            if x == 0xE3 && UTF8Scan.isFullStop(b, at: i) {
                let next = UTF8Scan.skipSpaces(b, from: i + 3, end: end)
                if next < end {
                    if let (ordinal, after) = ordinalPrefix(b, at: next) {
                        starts.append((next, ordinal, UTF8Scan.skipSpaces(b, from: after, end: end)))
                        expected = ordinal + 1
                        i = after
                        continue
                    }
                    if startsPrimaryLevel(b, at: next) {
                        starts.append((next, nil, next))
                        i = next + 1
                        continue
                    }
                }
                i += 3
                continue
            }
            if UTF8Scan.isASCIIDigit(x), !UTF8Scan.isASCIIDigit(b[i - 1]),
               let (ordinal, after) = ordinalPrefix(b, at: i), ordinal == expected,
               startsPrimaryLevel(b, at: UTF8Scan.skipSpaces(b, from: after, end: end)) {
                starts.append((i, ordinal, UTF8Scan.skipSpaces(b, from: after, end: end)))
                expected = ordinal + 1
                i = after
                continue
            }
            i += 1
        }
        var items: [Item] = []
        items.reserveCapacity(starts.count)
        for (index, start) in starts.enumerated() {
            let itemEnd = index + 1 < starts.count ? starts[index + 1].position : end
            items.append(Item(ordinal: start.ordinal, body: UTF8Scan.trim(b, start.bodyStart..<max(start.bodyStart, itemEnd))))
        }
        return items
    }

    /// `12、` at `i`: the number and the index after `、`.
    private static func ordinalPrefix(_ b: Bytes, at i: Int) -> (Int, Int)? {
        var j = i
        var value = 0
        while j < b.count, UTF8Scan.isASCIIDigit(b[j]), j - i < 4 {
            value = value * 10 + Int(b[j] - 0x30)
            j += 1
        }
        guard j > i else { return nil }
        let k = UTF8Scan.skipSpaces(b, from: j, end: b.count)
        guard UTF8Scan.isEnumerationComma(b, at: k) else { return nil }
        return (value, k + 3)
    }

    private static let primaryNames: [[UInt8]] = PrimaryCategory.allCases.map { Array($0.rawValue.dropLast(2).utf8) }

    /// Whether a 一级 starts at `i`: `1-…` or a 一级 name of the framework.
    private static func startsPrimaryLevel(_ b: Bytes, at i: Int) -> Bool {
        var j = i
        while j < b.count, UTF8Scan.isASCIIDigit(b[j]) { j += 1 }
        if j > i {
            let k = UTF8Scan.skipSpaces(b, from: j, end: b.count)
            return k < b.count && UTF8Scan.dashWidth(b, at: k, end: b.count) > 0
        }
        return primaryNames.contains { UTF8Scan.matches(b, at: i, $0, end: b.count) }
    }

    private static func parseItem(_ b: Bytes, _ body: Range<Int>, ordinal: Int?) -> Indicator {
        var labels = findLabels(b, body)
        var head = UTF8Scan.trim(b, body.lowerBound..<(labels.first?.start ?? body.upperBound))
        if labels.isEmpty, head.count >= 3, UTF8Scan.isFullStop(b, at: head.upperBound - 3) {
            head = UTF8Scan.trim(b, head.lowerBound..<(head.upperBound - 3))
        }
        head = trimSemicolons(b, head)

        // Head: 一级 ：二级 ：三级 (the name may itself contain colons).
        guard let (firstColon, firstWidth) = colon(b, from: head.lowerBound, end: head.upperBound),
              let (secondColon, secondWidth) = colon(b, from: firstColon + firstWidth, end: head.upperBound),
              let level1 = parseLevel(b, head.lowerBound..<firstColon),
              let level2 = parseLevel(b, (firstColon + firstWidth)..<secondColon) else {
            return Indicator(ordinal: ordinal, unparsedText: UTF8Scan.string(b, body))
        }
        let name = UTF8Scan.trim(b, (secondColon + secondWidth)..<head.upperBound)

        var period: TargetValue?
        var annual: TargetValue?
        for (index, label) in labels.enumerated() {
            let valueEnd = index + 1 < labels.count ? labels[index + 1].start : body.upperBound
            var value = UTF8Scan.trim(b, label.valueStart..<valueEnd)
            if index + 1 == labels.count, value.count >= 3, UTF8Scan.isFullStop(b, at: value.upperBound - 3) {
                value = UTF8Scan.trim(b, value.lowerBound..<(value.upperBound - 3))
            }
            value = trimSemicolons(b, value)
            // An empty value is a missing one: `；年度指标值：` alone states nothing. Most tables
            // repeat the period value as the annual one: share it rather than parse it twice.
            let target: TargetValue?
            if value.isEmpty {
                target = nil
            } else if let previous = index > 0 ? labels[index - 1].valueRange : nil, let shared = period ?? annual,
                      previous.count == value.count, UTF8Scan.equal(b, previous, value) {
                target = shared
            } else {
                target = TargetValue(text: UTF8Scan.string(b, value))
            }
            labels[index].valueRange = value
            // A label given twice is not the grammar: keep the item as written.
            if label.isPeriod {
                guard period == nil else { return Indicator(ordinal: ordinal, unparsedText: UTF8Scan.string(b, body)) }
                period = target
            } else {
                guard annual == nil else { return Indicator(ordinal: ordinal, unparsedText: UTF8Scan.string(b, body)) }
                annual = target
            }
        }
        return Indicator(
            ordinal: ordinal, level1: level1, level2: level2, name: UTF8Scan.string(b, name),
            periodTarget: period, annualTarget: annual
        )
    }

    private static func trimSemicolons(_ b: Bytes, _ range: Range<Int>) -> Range<Int> {
        var range = range
        while true {
            let w = UTF8Scan.semicolonWidth(b, before: range.upperBound, start: range.lowerBound)
            if w == 0 { return range }
            range = UTF8Scan.trim(b, range.lowerBound..<(range.upperBound - w))
        }
    }

    /// The first `：` or `:` in the range, with its width.
    private static func colon(_ b: Bytes, from start: Int, end: Int) -> (Int, Int)? {
        var i = start
        while i < end {
            let w = UTF8Scan.colonWidth(b, at: i, end: end)
            if w > 0 { return (i, w) }
            i += 1
        }
        return nil
    }

    private struct Label {
        var start: Int
        var valueStart: Int
        var isPeriod: Bool
        /// The trimmed value, once read.
        var valueRange: Range<Int>? = nil
    }

    private static let periodBytes = Array(periodLabel.utf8)
    private static let annualBytes = Array(annualLabel.utf8)

    /// `实施周期指标值：` and `年度指标值：` (either colon, spaces allowed before it).
    private static func findLabels(_ b: Bytes, _ body: Range<Int>) -> [Label] {
        var labels: [Label] = []
        var i = body.lowerBound
        let end = body.upperBound
        let periodBytes = periodBytes
        let annualBytes = annualBytes
        while i < end {
            let x = b[i]
            // Both labels start with a three-byte character whose first byte is 0xE5.
            if x == 0xE5 {
                let isPeriod = UTF8Scan.matches(b, at: i, periodBytes, end: end)
                if isPeriod || UTF8Scan.matches(b, at: i, annualBytes, end: end) {
                    let colon = UTF8Scan.skipSpaces(b, from: i + (isPeriod ? periodBytes.count : annualBytes.count), end: end)
                    let width = colon < end ? UTF8Scan.colonWidth(b, at: colon, end: end) : 0
                    if width > 0 {
                        labels.append(Label(start: i, valueStart: colon + width, isPeriod: isPeriod))
                        i = colon
                    }
                }
            }
            i += 1
        }
        return labels
    }

    /// `11-数量指标`, `11 - 数量指标`, or a bare name.
    private static func parseLevel(_ b: Bytes, _ raw: Range<Int>) -> IndicatorLevel? {
        let text = UTF8Scan.trim(b, raw)
        guard !text.isEmpty else { return nil }
        var j = text.lowerBound
        while j < text.upperBound, UTF8Scan.isASCIIDigit(b[j]) { j += 1 }
        if j > text.lowerBound {
            let dash = UTF8Scan.skipSpaces(b, from: j, end: text.upperBound)
            if dash < text.upperBound {
                let width = UTF8Scan.dashWidth(b, at: dash, end: text.upperBound)
                if width > 0 {
                    let name = UTF8Scan.trim(b, (dash + width)..<text.upperBound)
                    guard !name.isEmpty else { return nil }
                    return IndicatorLevel(code: UTF8Scan.string(b, text.lowerBound..<j), name: UTF8Scan.string(b, name))
                }
            }
        }
        return IndicatorLevel(code: nil, name: UTF8Scan.string(b, text))
    }
}
