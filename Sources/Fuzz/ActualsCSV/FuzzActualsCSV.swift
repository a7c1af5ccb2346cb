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

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
