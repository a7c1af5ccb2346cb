import Foundation
import JixiaoCore
import Testing

struct HexTests {
    @Test func writesEveryByteAsFoundationsFormatDoes() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.string([UInt8]()) == "")
        #expect(Hex.string([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
    }
}
