import FuzzSupport
import JixiaoFormats

/// A whole .xlsx file: the ZIP container (directory, local headers, stored and deflated
/// entries, CRCs, the zip-bomb and path guards), the workbook parts and every sheet:
/// `XLSXReader.readAll` and `sheetNames`. Each table read must come back the same from JSON.
/// (The sheet XML itself is fuzzed more directly by FuzzXLSXSheet.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    _ = try? XLSXReader.sheetNames(bytes)
    guard let tables = try? XLSXReader.readAll(bytes) else { return 0 }
    for read in tables {
        let table = read.table
        Fuzz.checkRoundTrip(table, through: "JSON") { try TableJSON.read(TableJSON.write(table)).table }
    }
    return 0
}

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
