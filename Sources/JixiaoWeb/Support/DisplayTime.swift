import Foundation

/// Times as pages show them (admin lists, the workspace, history): Beijing time, to the minute.
enum DisplayTime {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static func text(_ millis: Int64?) -> String { format(millis, "yyyy-MM-dd HH:mm") }

    /// The day alone, as a notice of correction dates it: `2026年11月30日`.
    static func date(_ millis: Int64?) -> String { format(millis, "yyyy年M月d日") }

    private static func format(_ millis: Int64?, _ pattern: String) -> String {
        guard let millis else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "zh_CN")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
