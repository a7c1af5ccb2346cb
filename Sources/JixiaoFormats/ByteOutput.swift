/// A growing UTF-8 buffer that writers stream text into: appending a native String's bytes
/// is a copy, with none of the per-character work of growing a String.
struct ByteOutput: TextOutputStream {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func write(byte: UInt8) { bytes.append(byte) }

    mutating func write(_ other: ByteOutput) { bytes.append(contentsOf: other.bytes) }
}
