import FuzzSupport
import JixiaoFormats

/// The JSON open-data form: `TableJSON.read`. A table it reads, written as JSON again, reads
/// back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    guard let table = try? TableJSON.read(bytes).table else { return 0 }
    Fuzz.checkRoundTrip(table, through: "JSON") { try TableJSON.read(TableJSON.write(table)).table }
    return 0
}

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
