import CZlib
import FuzzSupport
import JixiaoFormats

/// The worksheet and shared-strings XML, through the XML scanner: the input is
/// `sheet1.xml` [NUL `sharedStrings.xml`], put uncompressed into a minimal workbook (so that
/// mutations reach the XML rather than break a deflate stream or a CRC) and read with
/// `XLSXReader.read`. A table read must come back the same from JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let split = bytes.firstIndex(of: 0)
    var entries = Workbook.fixedParts
    entries.append(("xl/worksheets/sheet1.xml", Array(bytes[..<(split ?? bytes.count)])))
    if let split { entries.append(("xl/sharedStrings.xml", Array(bytes[(split + 1)...]))) }
    guard let table = try? XLSXReader.read(StoredZip.archive(entries)).table else { return 0 }
    Fuzz.checkRoundTrip(table, through: "JSON") { try TableJSON.read(TableJSON.write(table)).table }
    return 0
}

enum Workbook {
    static let fixedParts: [(String, [UInt8])] = [
        ("xl/workbook.xml", Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
            """.utf8)),
        ("xl/_rels/workbook.xml.rels", Array("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
            Target="worksheets/sheet1.xml"/></Relationships>
            """.utf8)),
    ]
}

/// A ZIP archive of stored (uncompressed) entries.
enum StoredZip {
    static func archive(_ entries: [(path: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for (path, bytes) in entries {
            let name = Array(path.utf8)
            let crc = crc32(bytes)
            let offset = out.count
            // Local file header: version 2.0, no flags, method 0 (stored), no time.
            le32(&out, 0x0403_4B50); le16(&out, 20); le16(&out, 0); le16(&out, 0); le16(&out, 0); le16(&out, 0)
            le32(&out, crc); le32(&out, bytes.count); le32(&out, bytes.count); le16(&out, name.count); le16(&out, 0)
            out += name
            out += bytes
            // Its central directory record.
            le32(&directory, 0x0201_4B50); le16(&directory, 20); le16(&directory, 20); le16(&directory, 0); le16(&directory, 0)
            le16(&directory, 0); le16(&directory, 0); le32(&directory, crc); le32(&directory, bytes.count); le32(&directory, bytes.count)
            le16(&directory, name.count); le16(&directory, 0); le16(&directory, 0); le16(&directory, 0); le16(&directory, 0)
            le32(&directory, 0); le32(&directory, offset)
            directory += name
        }
        let directoryOffset = out.count
        out += directory
        le32(&out, 0x0605_4B50); le16(&out, 0); le16(&out, 0); le16(&out, entries.count); le16(&out, entries.count)
        le32(&out, directory.count); le32(&out, directoryOffset); le16(&out, 0)
        return out
    }

    private static func le16(_ out: inout [UInt8], _ value: Int) {
        out += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)]
    }

    private static func le32(_ out: inout [UInt8], _ value: some BinaryInteger) {
        let v = UInt32(truncatingIfNeeded: value)
        out += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }

    /// By the system zlib, which is not instrumented: the harness's own work should not
    /// count as coverage.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}

/// libFuzzer's driver when built for fuzzing, a replay of the files named otherwise (`Fuzz.main`).
@main enum Entry {
    static func main() { Fuzz.main(fuzz) }
}
