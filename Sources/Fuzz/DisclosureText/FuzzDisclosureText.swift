import FuzzSupport
import JixiaoFormats

/// The disclosure text as published and copied (any encoding, line ending, quoting):
/// `DisclosureTextReader.read`. A table it reads must travel through every format and come
/// back the same: written as text, JSON and CSV, each read back equal.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let table = try? DisclosureTextReader.read(bytes).table else { return 0 }
    Fuzz.checkRoundTrip(table, through: "text") { try DisclosureTextReader.read(DisclosureTextWriter.bytes(table)).table }
    Fuzz.checkRoundTrip(table, through: "JSON") { try TableJSON.read(TableJSON.write(table)).table }
    Fuzz.checkRoundTrip(table, through: "CSV") { try TableCSV.read(TableCSV.write(table)).table }
    return 0
}

#if JIXIAO_FUZZING
/// libFuzzer's driver is the entry point (SwiftPM links `main` as `<module>_main`).
@_cdecl("FuzzDisclosureText_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.driver(argc, argv, fuzz)
}
#else
/// Built plainly, replays the files it is given: `swift run FuzzDisclosureText FILE|DIR…`.
@main enum Replay {
    static func main() { Fuzz.replay(fuzz) }
}
#endif
