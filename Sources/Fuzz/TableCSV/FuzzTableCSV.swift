import FuzzSupport
import JixiaoFormats

/// The long-form CSV (one row per indicator): `TableCSV.read`. A table it reads, written as
/// CSV again, reads back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let table = try? TableCSV.read(bytes).table else { return 0 }
    Fuzz.checkRoundTrip(table, through: "CSV") { try TableCSV.read(TableCSV.write(table)).table }
    return 0
}

#if JIXIAO_FUZZING
/// libFuzzer's driver is the entry point (SwiftPM links `main` as `<module>_main`).
@_cdecl("FuzzTableCSV_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.driver(argc, argv, fuzz)
}
#else
/// Built plainly, replays the files it is given: `swift run FuzzTableCSV FILE|DIR…`.
@main enum Replay {
    static func main() { Fuzz.replay(fuzz) }
}
#endif
