import Foundation
import JixiaoCore

/// Times as pages show them (admin lists, the workspace, history): Beijing time, to the minute.
/// Worked out by arithmetic, not a DateFormatter: China's time has been UTC+8 without summer
/// time since 1992, before anything this program stores, and making a formatter for each time
/// shown was a tenth of a signed-in table page.
enum DisplayTime {
    /// For the parsers and mail headers that take a time zone.
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    static let offsetMillis: Int64 = 8 * 3600 * 1000

    static func text(_ millis: Int64?) -> String {
        guard let millis else { return "—" }
        let (year, month, day, minutes) = civil(millis)
        return "\(year)-\(two(month))-\(two(day)) \(two(minutes / 60)):\(two(minutes % 60))"
    }

    /// The day alone, as a notice of correction dates it: `2026年11月30日`.
    static func date(_ millis: Int64?) -> String {
        guard let millis else { return "—" }
        let (year, month, day, _) = civil(millis)
        return "\(year)年\(month)月\(day)日"
    }

    /// The Beijing day as `2025-08-15`, which orders as text (due dates).
    static func isoDate(_ millis: Int64) -> String {
        let (year, month, day, _) = civil(millis)
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// The Beijing calendar date and the minute of the day.
    static func civil(_ millis: Int64) -> (year: Int64, month: Int64, day: Int64, minutes: Int64) {
        let local = millis.addingReportingOverflow(offsetMillis)
        let (days, remainder) = CivilDate.floorDivision(local.overflow ? millis : local.partialValue, 86_400_000)
        let (year, month, day) = CivilDate.from(days: days)
        return (year, month, day, remainder / 60_000)
    }

    private static func two(_ n: Int64) -> String { CivilDate.two(n) }
}
