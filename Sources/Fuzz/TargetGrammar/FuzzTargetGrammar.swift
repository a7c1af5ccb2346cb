import FuzzSupport
import JixiaoCore

/// One 指标值 (`≥95%`, `不少于1次，不少于2次`, `90%或以上`): `TargetGrammar.parse` through
/// `TargetValue`, and the exact decimal reader `ExactDecimal.init`. Every number read, written
/// in plain decimal, reads back the same; the targets' numbers order without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: Fuzz.bytes(data, size), as: UTF8.self)
    let value = TargetValue(text: text)
    var numbers = value.parts.map(\.number)
    if let whole = ExactDecimal(text) { numbers.append(whole) }
    for number in numbers where number.significand >= 0 {
        Fuzz.checkRoundTrip(number, through: "decimal \(number)") { ExactDecimal(number.description) }
    }
    _ = numbers.sorted()
    return 0
}

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
