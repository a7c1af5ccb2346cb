/// Whether a 指标值 states a date or a deadline — `2025年10月底前`, `12月31日前`, `年底前完成`,
/// `第三季度内`, `上半年` — which is how a 时效指标 is measured, though it has no comparator
/// and number for `TargetGrammar` to read.
public enum Deadline {
    static let words = KeywordSet(["年底", "年末", "年内", "年初", "月底", "月末", "月初", "上旬", "中旬", "下旬", "季度", "上半年", "下半年", "前完成", "之前", "以前", "当日", "当天", "工作日"])

    public static func isStated(in text: String) -> Bool {
        if words.first(in: text) != nil { return true }
        // A digit right before 年, 月 or 日: `2025年10月`, `10月`, `15日`.
        let scalars = Array(text.unicodeScalars)
        for i in scalars.indices.dropFirst() where "年月日".unicodeScalars.contains(scalars[i]) {
            let before = scalars[i - 1]
            if ("0"..."9").contains(before) || ("０"..."９").contains(before) || "一二三四五六七八九十".unicodeScalars.contains(before) { return true }
        }
        return false
    }
}
