import Foundation

/// Turns a file's bytes into UTF-8, whatever encoding real copies of the table use: UTF-8
/// with or without BOM, UTF-16 with BOM (Excel's "Unicode text" export), or GB18030/GBK
/// (older Windows tools). GB18030 is recognised when the text turns out not to be UTF-8:
/// the disclosure text's reader finds it cell by cell as it makes Strings, the CSV reader by
/// checking the whole input on every core before it starts (`TableCSVReader`).
enum TextDecoding {
    /// GB18030, a superset of GBK and GB2312 (CoreFoundation's encoding number 0x0632).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// A file's text as UTF-8 bytes, from `start` (past a byte-order mark, which is not
    /// copied away: a 190 MB CSV from Excel was held twice for it).
    struct UTF8Text {
        var bytes: [UInt8]
        var start = 0
    }

    /// The bytes to read as UTF-8: past a BOM, converted from UTF-16 where it says so.
    static func utf8Candidate(_ data: [UInt8]) throws(FormatError) -> UTF8Text {
        if let start = data.withUnsafeBufferPointer(utf8Start) { return UTF8Text(bytes: data, start: start) }
        if data.isEmpty { throw FormatError("the file is empty") }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = data[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let text = String(data: Data(data.dropFirst(2)), encoding: encoding) else {
                throw FormatError("the file starts with a UTF-16 byte-order mark but is not valid UTF-16")
            }
            // The same test as for UTF-8 text, on what was decoded: a NUL character in a
            // cell would be written as a NUL byte, which no reader then takes (found by fuzzing).
            let utf8 = Array(text.utf8)
            if looksBinary(utf8) { throw binary }
            return UTF8Text(bytes: utf8)
        }
        throw binary
    }

    /// Where text to read as UTF-8 starts in `b` (past a UTF-8 byte-order mark); nil when `b`
    /// is empty, starts with a UTF-16 one or holds a NUL byte (`looksBinary`).
    private static func utf8Start(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = b.baseAddress, !b.isEmpty, memchr(base, 0, b.count) == nil else { return nil }
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return 3 }
        return b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) ? nil : 0
    }

    static let binary = FormatError("the file is binary, not a text table (it contains NUL bytes)")

    /// The file read as GB18030, as UTF-8; for files that are not UTF-8.
    static func fromGB18030(_ data: UTF8Text) throws(FormatError) -> UTF8Text {
        guard let text = String(data: Data(data.bytes[data.start...]), encoding: gb18030) else {
            throw FormatError("the file is neither UTF-8 nor GB18030 text")
        }
        return UTF8Text(bytes: Array(text.utf8))
    }

    /// Runs `read` on the file as UTF-8, and again as GB18030 when a cell is not UTF-8.
    static func reading<T>(_ data: [UInt8], _ read: (UTF8Text) throws -> T) throws(FormatError) -> T {
        let candidate = try utf8Candidate(data)
        do {
            return try read(candidate)
        } catch let error as FormatError {
            throw error
        } catch is DelimitedText.NotUTF8 {
            let converted = try fromGB18030(candidate)
            do {
                return try read(converted)
            } catch let error as FormatError {
                throw error
            } catch {
                throw FormatError("the file is neither UTF-8 nor GB18030 text")
            }
        } catch {
            throw FormatError("\(error)")
        }
    }

    /// Runs `read` on the input where it lies, when it is UTF-8 (past a byte-order mark) with
    /// no NUL byte — the reader may then hand back what it has read (`InputBytes`); else on its
    /// bytes through `reading`, which converts UTF-16 and GB18030 or names the problem. A reader
    /// says the input is not UTF-8 (`DelimitedText.NotUTF8`) before it hands anything back.
    static func reading<T>(_ input: InputBytes, _ read: (InputBytes, _ start: Int) throws -> T) throws(FormatError) -> T {
        if let start = input.withBytes(utf8Start) {
            do {
                return try read(input, start)
            } catch let error as FormatError {
                throw error
            } catch is DelimitedText.NotUTF8 {
                // Read again below, as GB18030.
            } catch {
                throw FormatError("\(error)")
            }
        }
        return try reading(input.bytes) { utf8 in try read(InputBytes(utf8.bytes), utf8.start) }
    }

    /// A NUL byte anywhere: no text table holds one, and a cell keeping it could not be
    /// written and read back. (Other control characters are content: a test of how many there
    /// were in the first 8 KiB took some files whose own canonical copy it then refused —
    /// found by fuzzing. Random binary fails as UTF-8 and as GB18030 in any case.)
    private static func looksBinary(_ data: [UInt8]) -> Bool {
        data.withUnsafeBufferPointer { $0.baseAddress.map { memchr($0, 0, data.count) != nil } ?? false }
    }
}
