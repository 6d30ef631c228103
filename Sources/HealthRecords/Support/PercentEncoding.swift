/// Percent-encoding of text byte by byte (UTF-8, upper-case hex), for URIs the mappers build for every message:
/// Foundation's `addingPercentEncoding` goes through `NSString` on Linux, and building a set of characters per call
/// cost more than the mapping around it.
enum PercentEncoding {
    /// A set of ASCII bytes kept as they are (a 128-bit mask).
    struct Kept: Sendable {
        let low: UInt64, high: UInt64

        init(_ characters: String) {
            var low: UInt64 = 0, high: UInt64 = 0
            for byte in characters.utf8 where byte < 128 {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
            self.low = low; self.high = high
        }

        @inline(__always) func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
        }
    }

    /// RFC 3986 unreserved characters.
    static let unreserved = Kept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    /// `CharacterSet.urlQueryAllowed` without `&`, `=` and `+` (a value inside a query parameter).
    static let queryValue = Kept("!$'()*,-./0123456789:;?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~")

    /// `text` with every UTF-8 byte not in `kept` written as `%XX`.
    static func encode(_ text: String, keeping kept: Kept) -> String {
        let utf8 = text.utf8
        if utf8.allSatisfy(kept.contains) { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if kept.contains(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%")); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
