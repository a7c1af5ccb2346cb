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

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
