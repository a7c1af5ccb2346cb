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

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
