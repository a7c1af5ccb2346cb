import Foundation
import JixiaoStore
import Testing

/// The API's times are written by hand (`AuditTime.iso`); Foundation's formatter is the
/// reference they must match, to the second, on both sides of 1970 and across leap days.
struct AuditTimeTests {
    @Test func writesWhatFoundationsFormatterWrites() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        let fixed: [Int64] = [0, 1, 999, 1_000, -1, -999, -1_000, -1_001, 951_782_400_000, 951_868_799_999, 4_107_542_399_000,
                              1_764_561_723_456, -2_208_988_800_000, 253_402_300_799_000]
        // Random instants from 1900 to 2200.
        let random = (0..<20_000).map { _ in Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator) }
        for millis in fixed + random {
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(millis.quotientAndRemainder(dividingBy: 1000).quotient)
                                                       - (millis % 1000 < 0 ? 1 : 0)))
            #expect(AuditTime.iso(millis) == expected, "\(millis)")
        }
    }
}
