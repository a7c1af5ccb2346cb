/// Calendar dates by arithmetic, for the times pages and the API write: formatters (ICU
/// underneath) cost more to make than the pages and answers around them.
public enum CivilDate {
    /// Days since 1970-01-01 as a date of the proleptic Gregorian calendar (Howard Hinnant's
    /// `civil_from_days`, exact for every day).
    public static func from(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivision(z, 146_097).quotient
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The quotient rounded toward minus infinity and a remainder that is never negative
    /// (`/` rounds toward zero): times before 1970.
    public static func floorDivision(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = a.quotientAndRemainder(dividingBy: b)
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// `7` → `07`.
    public static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
