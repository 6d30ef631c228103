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
        return "urn:uuid:" + UUIDText.lowercase(bytes)
    }
}
