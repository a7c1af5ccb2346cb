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

#if JIXIAO_FUZZING
/// libFuzzer's driver is the entry point (SwiftPM links `main` as `<module>_main`).
@_cdecl("FuzzIndicatorCell_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.driver(argc, argv, fuzz)
}
#else
/// Built plainly, replays the files it is given: `swift run FuzzIndicatorCell FILE|DIR…`.
@main enum Replay {
    static func main() { Fuzz.replay(fuzz) }
}
#endif
