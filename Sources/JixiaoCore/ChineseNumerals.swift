/// Numbers written in Chinese numerals where a target states one (docs/domain.md §3):
/// `不低于九成` is ≥ 90 %, `八成五` 85 %, `达到三十个` ≥ 30 个, `超过半数` > 50 %. Rewritten into
/// digits before `TargetGrammar` reads the value; the 指标值's text itself is kept as written.
///
/// Only where a number is plainly meant: a run of numerals right after a comparator
/// (`不低于` `达到` …) and followed by a measure word or the clause's end, or followed by `成`.
/// Elsewhere numerals are words — `进一步`, `一次性`, `统一`, `第一`, `达到一流水平` — and stay.
public enum ChineseNumerals {
    /// A numeral digit's value (`二` 2, `两` 2, `〇` 0).
    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "零", "〇": 0
        case "一": 1
        case "二", "两": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        default: nil
        }
    }

    static func multiplier(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "十": 10
        case "百": 100
        case "千": 1000
        case "万": 10000
        default: nil
        }
    }

    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool { digit(scalar) != nil || multiplier(scalar) != nil }

    /// What may follow a number after a comparator (`达到三十个`); anything else (`达到一流水平`)
    /// means the numeral is part of a word.
    static let measureWords: Set<Unicode.Scalar> = [
        "个", "次", "人", "项", "场", "家", "所", "户", "台", "件", "天", "日", "周", "月", "年", "倍", "元", "名", "处", "条",
        "篇", "份", "批", "期", "套", "本", "部", "座", "间", "张", "辆", "位", "种", "类", "门", "课", "节", "组", "支", "%", "％",
    ]
    static let clauseEnds: Set<Unicode.Scalar> = ["，", ",", "；", ";", "。", " ", "、", "）", ")"]

    /// The comparators' spellings as scalars, to ask whether the text so far ends in one.
    static let comparatorSpellings: [[Unicode.Scalar]] = TargetGrammar.prefixComparators.map { Array($0.spelling.unicodeScalars) }

    /// The text with such numbers in digits, or nil when it holds none.
    ///
    /// It works on Unicode scalars, not Characters: every numeral, measure word and comparator
    /// is one scalar each, and a Dictionary of Characters asked of every target was a third of
    /// reading the disclosure text.
    public static func rewrite(_ text: String) -> String? {
        // A numeral is a number only after a comparator or before 成: without either anywhere,
        // none is (most texts with 一 in them: 进一步, 统一). This kept `TargetValue` from
        // spending a third of a JSON read here.
        guard mayHoldNumber(text), text.unicodeScalars.contains(where: { isNumeral($0) || $0 == "半" }) else { return nil }
        let scalars = Array(text.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var changed = false
        var i = 0
        func write(_ digits: String) { out.append(contentsOf: digits.unicodeScalars) }
        while i < scalars.count {
            let scalar = scalars[i]
            guard isNumeral(scalar) || scalar == "半" else {
                out.append(scalar)
                i += 1
                continue
            }
            let afterComparator = comparatorSpellings.contains { out.count >= $0.count && out.suffix($0.count).elementsEqual($0) }
            // 半数 / 一半 after a comparator: half.
            if afterComparator, let width = half(scalars, at: i) {
                write("50%")
                i += width
                changed = true
                continue
            }
            var end = i
            while end < scalars.count, isNumeral(scalars[end]) { end += 1 }
            if end > i, let value = number(scalars[i..<end]) {
                if end < scalars.count, scalars[end] == "成" {
                    // 九成 = 90 %; 八成五 = 85 %.
                    var percent = value * 10
                    var next = end + 1
                    if value < 10, next < scalars.count, let tenth = digit(scalars[next]), tenth > 0 {
                        percent += tenth
                        next += 1
                    }
                    // …ending the clause or before 以上/或以上/及以上 (`一成不变` is a saying).
                    let ends = next == scalars.count || clauseEnds.contains(scalars[next]) || "以或及".unicodeScalars.contains(scalars[next])
                    if value <= 10, ends {
                        write("\(percent)%")
                        i = next
                        changed = true
                        continue
                    }
                } else if afterComparator, end == scalars.count || measureWords.contains(scalars[end]) || clauseEnds.contains(scalars[end]) {
                    write("\(value)")
                    i = end
                    changed = true
                    continue
                }
            }
            let stop = max(end, i + 1)
            out.append(contentsOf: scalars[i..<stop])
            i = stop
        }
        guard changed else { return nil }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: out)
        return String(result)
    }

    /// 成 and every comparator's spelling, as bytes, by their first byte.
    static let cues: [[UInt8]] = [Array("成".utf8)] + TargetGrammar.prefixComparators.map { Array($0.spelling.utf8) }
    /// Whether a byte starts any cue, by the byte: most bytes start none, and one load tells
    /// (a Dictionary of cues by first byte was hashed for every byte of every target).
    static let startsACue: [Bool] = (0...255).map { byte in cues.contains { $0[0] == byte } }

    /// Whether 成 or a comparator occurs anywhere in `text`: one pass over its bytes
    /// (String's own `contains` of a String went through generic matching, 20 % of a JSON read).
    static func mayHoldNumber(_ text: String) -> Bool {
        var text = text
        return startsACue.withUnsafeBufferPointer { startsACue in
            text.withUTF8 { bytes in
                for i in bytes.indices where startsACue[Int(bytes[i])] {
                    for cue in cues where i + cue.count <= bytes.count && bytes[i..<(i + cue.count)].elementsEqual(cue) { return true }
                }
                return false
            }
        }
    }

    /// `半数` or `一半` at `i`: their length.
    static func half(_ scalars: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 1 < scalars.count else { return nil }
        if scalars[i] == "半" && scalars[i + 1] == "数" { return 2 }
        if scalars[i] == "一" && scalars[i + 1] == "半" { return 2 }
        return nil
    }

    /// The value of a run of numerals (`三十五` 35, `一百零五` 105, `两千` 2000, `十二` 12,
    /// `二〇二五` 2025), or nil when it is not one number.
    static func number(_ run: ArraySlice<Unicode.Scalar>) -> Int? {
        guard run.count <= 12 else { return nil }
        // Digit by digit, as years are written: 二〇二五.
        if run.count > 1, run.allSatisfy({ digit($0) != nil }) {
            return run.reduce(0) { $0 * 10 + (digit($1) ?? 0) }
        }
        var total = 0, section = 0, last: Int?
        for scalar in run {
            if let d = digit(scalar) {
                guard last == nil || d == 0 || last == 0 else { return nil } // two digits in a row
                last = d
            } else if let m = multiplier(scalar) {
                if m == 10000 {
                    section += last ?? 0
                    guard section > 0 else { return nil }
                    total += section * m
                    section = 0
                } else {
                    section += (last ?? (m == 10 ? 1 : 0)) * m
                    guard last != 0 else { return nil }
                }
                last = nil
            }
        }
        return total + section + (last ?? 0)
    }
}
