/// The canonical text form of 16 UUID bytes (8-4-4-4-12 lowercase hexadecimal digits), without Foundation's
/// formatting machinery (this runs for every resource of every imported message).
enum UUIDText {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` for `bytes` (exactly 16).
    static func lowercase(_ bytes: [UInt8]) -> String {
        precondition(bytes.count == 16, "a UUID has 16 bytes")
        return String(unsafeUninitializedCapacity: 36) { out in
            var o = 0
            for (i, byte) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 { out[o] = UInt8(ascii: "-"); o += 1 }
                out[o] = digits[Int(byte >> 4)]; out[o + 1] = digits[Int(byte & 0x0F)]
                o += 2
            }
            return o
        }
    }
}
