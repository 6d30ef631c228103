import Crypto
import Foundation

/// Name-based UUIDs (SHA-256 of a seed, RFC 9562 version 8) for deterministic `urn:uuid` fullUrls: converting
/// the same input twice gives the same Bundle.
enum NameBasedUUID {
    /// `urn:uuid:…` for a seed.
    static func urn(_ seed: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(seed.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }
}
