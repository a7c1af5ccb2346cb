import Foundation

/// Turns a file's bytes into UTF-8 text, whatever encoding real copies of the table use:
/// UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text" export), or
/// GB18030/GBK (older Windows tools), detected when the bytes are not valid UTF-8.
enum TextDecoding {
    /// GB18030, a superset of GBK and GB2312 (CoreFoundation's encoding number 0x0632).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// The UTF-8 bytes of the text, without BOM.
    static func utf8Bytes(_ data: [UInt8]) throws(FormatError) -> [UInt8] {
        if data.isEmpty { throw FormatError("the file is empty") }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            let rest = Array(data.dropFirst(3))
            guard String(validating: rest, as: UTF8.self) != nil else {
                throw FormatError("the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
            }
            return rest
        }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = data[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let text = String(data: Data(data.dropFirst(2)), encoding: encoding) else {
                throw FormatError("the file starts with a UTF-16 byte-order mark but is not valid UTF-16")
            }
            return Array(text.utf8)
        }
        if looksBinary(data) {
            throw FormatError("the file is binary, not a text table (it contains NUL or control bytes)")
        }
        if String(validating: data, as: UTF8.self) != nil { return data }
        if let text = String(data: Data(data), encoding: gb18030) { return Array(text.utf8) }
        throw FormatError("the file is neither UTF-8 nor GB18030 text")
    }

    /// NUL bytes, or many control bytes other than tab and line breaks, in the first 8 KiB.
    private static func looksBinary(_ data: [UInt8]) -> Bool {
        var controls = 0
        let sample = data.prefix(8192)
        for byte in sample {
            if byte == 0 { return true }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { controls += 1 }
        }
        return controls > sample.count / 100 + 1
    }
}
