import Foundation

/// Times as pages show them (admin lists, the workspace, history): Beijing time, to the minute.
enum DisplayTime {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static func text(_ millis: Int64?) -> String {
        guard let millis else { return "—" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "zh_CN")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
