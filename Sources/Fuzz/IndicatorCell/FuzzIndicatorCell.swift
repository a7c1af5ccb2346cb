import FuzzSupport
import JixiaoCore

/// One 绩效指标 cell (`1、1-产出指标：11-数量指标：…；实施周期指标值：≥2人；年度指标值：≥2人。`):
/// `IndicatorCellGrammar.parse`. What it reads, written in the official form by `format`,
/// reads back the same (the writers of every format depend on it).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let cell = String(decoding: Fuzz.bytes(data, size), as: UTF8.self)
    let indicators = IndicatorCellGrammar.parse(cell)
    Fuzz.checkRoundTrip(indicators, through: "indicator cell") { IndicatorCellGrammar.parse(IndicatorCellGrammar.format(indicators)) }
    return 0
}

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
