#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HL7v2 {
    /// Character sets named in MSH-18 (HL7 table 0211) and their conversion to UTF-8.
    public enum CharacterSet {
        /// The iconv name for an MSH-18 value (or a plain encoding name such as `cp1252`), `nil` for UTF-8/ASCII.
        ///
        /// - Parameter name: MSH-18 as sent (`UNICODE UTF-8`, `8859/1`, `GB 18030-2000`, `BIG-5`) or an iconv name.
        /// - Returns: `.utf8` for ASCII and UTF-8, `.other(iconvName)` otherwise, `.unknown` when not recognised.
        public static func encoding(named name: String) -> Encoding {
            let key = name.trimmingWhitespace().uppercased()
            switch key {
            case "", "ASCII", "UNICODE UTF-8", "UTF-8", "UTF8", "UNICODE", "ISO IR6", "ISO-IR6": return .utf8
            case "8859/1", "ISO-8859-1", "LATIN1", "LATIN-1", "ISO IR100": return .other("ISO-8859-1")
            case "8859/15", "ISO-8859-15": return .other("ISO-8859-15")
            case "GB 18030-2000", "GB18030", "GB 18030", "GB18030-2000", "GB18030-2005": return .other("GB18030")
            case "GB2312", "GBK", "CP936": return .other("GB18030")  // GB 18030 is a superset of both
            case "BIG-5", "BIG5": return .other("BIG5")
            case "CP1252", "WINDOWS-1252", "WINDOWS1252": return .other("CP1252")
            case "UNICODE UTF-16": return .other("UTF-16")
            default:
                if key.hasPrefix("8859/"), let n = Int(key.dropFirst(5)), (1...16).contains(n) { return .other("ISO-8859-\(n)") }
                return .unknown(name)
            }
        }

        /// A resolved character set.
        public enum Encoding: Sendable, Equatable {
            /// ASCII or UTF-8: bytes are validated, not converted.
            case utf8
            /// Another encoding, by its iconv name.
            case other(String)
            /// A name gx does not know.
            case unknown(String)
        }

        /// Converts bytes in an iconv encoding to UTF-8.
        ///
        /// - Returns: The UTF-8 bytes, or `nil` when the input is not valid in that encoding or iconv lacks it.
        public static func convertToUTF8(_ bytes: [UInt8], from encoding: String) -> [UInt8]? {
            let descriptor = iconv_open("UTF-8", encoding)
            guard descriptor != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(descriptor) }
            var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
            var input = bytes
            let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer -> Int? in
                output.withUnsafeMutableBufferPointer { outBuffer -> Int? in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuffer.count
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    if inLeft == 0 { return 0 }
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 || inLeft != 0 { return nil }
                    return outBuffer.count - outLeft
                }
            }
            guard let produced else { return nil }
            output.removeSubrange(produced...)
            return output
        }
    }
}

import Foundation
