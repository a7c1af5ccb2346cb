import Foundation
import Testing
@testable import JixiaoWeb

/// The pages' Beijing times are worked out by arithmetic (`DisplayTime`): they must read as
/// Foundation's formatter in Asia/Shanghai reads them, for every time this program stores.
@Suite struct DisplayTimeTests {
    static func formatted(_ millis: Int64, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "zh_CN")
        formatter.timeZone = DisplayTime.zone
        formatter.dateFormat = pattern
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    @Test func timesReadAsFoundationReadsThemInBeijing() {
        // 1992-01-01 to 2100, at random minutes, and the edges of days, months, leap days and years.
        var generator = SystemRandomNumberGenerator()
        let from: Int64 = 694_195_200_000, to: Int64 = 4_102_444_800_000
        var samples = (0..<5_000).map { _ in Int64.random(in: from..<to, using: &generator) }
        for edge in ["2024-02-29 23:59", "2024-03-01 00:00", "2025-12-31 23:59", "2026-01-01 00:00", "2000-02-29 16:00", "2100-02-28 23:59"] {
            let parser = DateFormatter()
            parser.timeZone = DisplayTime.zone
            parser.dateFormat = "yyyy-MM-dd HH:mm"
            let millis = Int64(parser.date(from: edge)!.timeIntervalSince1970 * 1000)
            samples += [millis - 1, millis, millis + 59_999]
        }
        for millis in samples {
            #expect(DisplayTime.text(millis) == Self.formatted(millis, "yyyy-MM-dd HH:mm"), "\(millis)")
            #expect(DisplayTime.date(millis) == Self.formatted(millis, "yyyy年M月d日"), "\(millis)")
        }
        // Nothing traps at the ends of the range.
        #expect(DisplayTime.text(nil) == "—" && DisplayTime.text(.max) != "—" && DisplayTime.text(.min) != "—")
    }
}
