/// Bytes as lowercase hexadecimal (digests for names, keys and the audit chain). Written out
/// by hand: `String(format: "%02x")` a byte went through Foundation's formatter each time,
/// which showed in the profile of every signed-in request (its session key is hashed).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
        return String(decoding: out, as: UTF8.self)
    }
}
