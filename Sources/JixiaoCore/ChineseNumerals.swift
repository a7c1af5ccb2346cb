/// Numbers written in Chinese numerals where a target states one (docs/domain.md §3):
/// `不低于九成` is ≥ 90 %, `八成五` 85 %, `达到三十个` ≥ 30 个, `超过半数` > 50 %. Rewritten into
/// digits before `TargetGrammar` reads the value; the 指标值's text itself is kept as written.
///
/// Only where a number is plainly meant: a run of numerals right after a comparator
/// (`不低于` `达到` …) and followed by a measure word or the clause's end, or followed by `成`.
/// Elsewhere numerals are words — `进一步`, `一次性`, `统一`, `第一`, `达到一流水平` — and stay.
public enum ChineseNumerals {
    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let multipliers: [Character: Int] = ["十": 10, "百": 100, "千": 1000, "万": 10000]
    /// What may follow a number after a comparator (`达到三十个`); anything else (`达到一流水平`)
    /// means the numeral is part of a word.
    static let measureWords: Set<Character> = [
        "个", "次", "人", "项", "场", "家", "所", "户", "台", "件", "天", "日", "周", "月", "年", "倍", "元", "名", "处", "条",
        "篇", "份", "批", "期", "套", "本", "部", "座", "间", "张", "辆", "位", "种", "类", "门", "课", "节", "组", "支", "%", "％",
    ]
    static let clauseEnds: Set<Character> = ["，", ",", "；", ";", "。", " ", "、", "）", ")"]

    /// The text with such numbers in digits, or nil when it holds none.
    public static func rewrite(_ text: String) -> String? {
        guard text.contains(where: { digits[$0] != nil || multipliers[$0] != nil || $0 == "半" }) else { return nil }
        // A numeral is a number only after a comparator or before 成: without either anywhere,
        // none is (most texts with 一 in them: 进一步, 统一). This kept `TargetValue` from
        // spending a third of a JSON read here.
        guard mayHoldNumber(text) else { return nil }
        let characters = Array(text)
        var out = ""
        var changed = false
        var i = 0
        while i < characters.count {
            let character = characters[i]
            guard digits[character] != nil || multipliers[character] != nil || character == "半" else {
                out.append(character)
                i += 1
                continue
            }
            let afterComparator = TargetGrammar.prefixComparators.contains { out.hasSuffix($0.spelling) }
            // 半数 / 一半 after a comparator: half.
            if afterComparator, let width = half(characters, at: i) {
                out += "50%"
                i += width
                changed = true
                continue
            }
            var end = i
            while end < characters.count, digits[characters[end]] != nil || multipliers[characters[end]] != nil { end += 1 }
            if end > i, let value = number(characters[i..<end]) {
                if end < characters.count, characters[end] == "成" {
                    // 九成 = 90 %; 八成五 = 85 %.
                    var percent = value * 10
                    var next = end + 1
                    if value < 10, next < characters.count, let tenth = digits[characters[next]], tenth > 0 {
                        percent += tenth
                        next += 1
                    }
                    // …ending the clause or before 以上/或以上/及以上 (`一成不变` is a saying).
                    let ends = next == characters.count || clauseEnds.contains(characters[next]) || "以或及".contains(characters[next])
                    if value <= 10, ends {
                        out += "\(percent)%"
                        i = next
                        changed = true
                        continue
                    }
                } else if afterComparator, end == characters.count || measureWords.contains(characters[end]) || clauseEnds.contains(characters[end]) {
                    out += "\(value)"
                    i = end
                    changed = true
                    continue
                }
            }
            let stop = max(end, i + 1)
            out += String(characters[i..<stop])
            i = stop
        }
        return changed ? out : nil
    }

    /// 成 and every comparator's spelling, as bytes, by their first byte.
    static let cues: [UInt8: [[UInt8]]] = Dictionary(grouping: [Array("成".utf8)] + TargetGrammar.prefixComparators.map { Array($0.spelling.utf8) }, by: { $0[0] })

    /// Whether 成 or a comparator occurs anywhere in `text`: one pass over its bytes
    /// (String's own `contains` of a String went through generic matching, 20 % of a JSON read).
    static func mayHoldNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for i in bytes.indices {
                guard let candidates = cues[bytes[i]] else { continue }
                for cue in candidates where i + cue.count <= bytes.count && bytes[i..<(i + cue.count)].elementsEqual(cue) { return true }
            }
            return false
        }
    }

    /// `半数` or `一半` at `i`: their length.
    static func half(_ characters: [Character], at i: Int) -> Int? {
        guard i + 1 < characters.count else { return nil }
        if characters[i] == "半" && characters[i + 1] == "数" { return 2 }
        if characters[i] == "一" && characters[i + 1] == "半" { return 2 }
        return nil
    }

    /// The value of a run of numerals (`三十五` 35, `一百零五` 105, `两千` 2000, `十二` 12,
    /// `二〇二五` 2025), or nil when it is not one number.
    static func number(_ run: ArraySlice<Character>) -> Int? {
        guard run.count <= 12 else { return nil }
        // Digit by digit, as years are written: 二〇二五.
        if run.count > 1, run.allSatisfy({ digits[$0] != nil }) {
            return run.reduce(0) { $0 * 10 + digits[$1]! }
        }
        var total = 0, section = 0, digit: Int?
        for character in run {
            if let d = digits[character] {
                guard digit == nil || d == 0 || digit == 0 else { return nil } // two digits in a row
                digit = d
            } else if let m = multipliers[character] {
                if m == 10000 {
                    section += digit ?? 0
                    guard section > 0 else { return nil }
                    total += section * m
                    section = 0
                } else {
                    section += (digit ?? (m == 10 ? 1 : 0)) * m
                    guard digit != 0 else { return nil }
                }
                digit = nil
            }
        }
        return total + section + (digit ?? 0)
    }
}
