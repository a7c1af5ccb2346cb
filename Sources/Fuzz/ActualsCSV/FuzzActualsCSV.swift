import FuzzSupport
import JixiaoCore
import JixiaoFormats

/// The year-end actuals CSV of `jixiao score`: `ActualsCSV.read`, in each money unit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    for unit in MoneyUnit.allCases {
        _ = try? ActualsCSV.read(bytes, unit: unit)
    }
    return 0
}

#if JIXIAO_FUZZING
/// libFuzzer's driver is the entry point (SwiftPM links `main` as `<module>_main`).
@_cdecl("FuzzActualsCSV_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.driver(argc, argv, fuzz)
}
#else
/// Built plainly, replays the files it is given: `swift run FuzzActualsCSV FILE|DIR…`.
@main enum Replay {
    static func main() { Fuzz.replay(fuzz) }
}
#endif
