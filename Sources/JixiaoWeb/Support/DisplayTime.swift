import Foundation

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

    /// The Beijing calendar date and the minute of the day (days from 1970 to a date:
    /// Howard Hinnant's `civil_from_days`, exact for every day of the proleptic Gregorian calendar).
    static func civil(_ millis: Int64) -> (year: Int64, month: Int64, day: Int64, minutes: Int64) {
        let local = millis.addingReportingOverflow(offsetMillis)
        let (days, remainder) = floorDivision(local.overflow ? millis : local.partialValue, 86_400_000)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day, remainder / 60_000)
    }

    private static func floorDivision(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let (q, r) = (a / b, a % b)
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
