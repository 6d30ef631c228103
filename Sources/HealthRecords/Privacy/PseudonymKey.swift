import Crypto
import Foundation

/// The secret key behind keyed pseudonyms and date shifts. It is read from a file and never defaulted.
///
/// The file holds at least 32 bytes of secret (raw bytes, or hex / base64 text; surrounding whitespace is
/// ignored). Generate one with `head -c 32 /dev/urandom > research.key` and keep it apart from the exports.
public struct PseudonymKey: Sendable {
    private let bytes: [UInt8]

    /// Minimum key length in bytes.
    public static let minimumLength = 32

    /// Creates a key from raw bytes.
    /// - Throws: ``HealthRecordsError`` `privacy` when shorter than ``minimumLength``.
    public init(bytes: some DataProtocol) throws {
        guard bytes.count >= Self.minimumLength else {
            throw HealthRecordsError(.privacy, "the pseudonym key must be at least \(Self.minimumLength) bytes (got \(bytes.count))")
        }
        self.bytes = Array(bytes)
    }

    /// Reads a key file.
    /// - Throws: ``HealthRecordsError`` `privacy` when the file is missing, unreadable or too short.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HealthRecordsError(.privacy, "cannot read key file \(url.path): \(error.localizedDescription)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingWhitespaceAndNewlines()
        if text.count >= 64, text.count % 2 == 0, text.allSatisfy(\.isHexDigit) {
            var bytes = [UInt8]()
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                bytes.append(UInt8(text[index..<next], radix: 16)!)
                index = next
            }
            try self.init(bytes: bytes)
        } else if let decoded = Data(base64Encoded: text), decoded.count >= Self.minimumLength, text.count >= 44 {
            try self.init(bytes: decoded)
        } else {
            try self.init(bytes: data)
        }
    }

    /// A fingerprint that tells keys apart without revealing them (first 8 bytes of an HMAC of a fixed label, hex).
    public var fingerprint: String {
        mac(purpose: "gx-key-fingerprint-v1", "").prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads the key from the file named by an environment variable.
    /// - Throws: ``HealthRecordsError`` `privacy` when the variable is unset or the file is not a valid key.
    public init(environment variable: String) throws {
        guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else {
            throw HealthRecordsError(.privacy, "no pseudonym key: give --key-file or set \(variable) to a key file")
        }
        try self.init(contentsOf: URL(fileURLWithPath: path))
    }

    /// HMAC-SHA256 of `purpose` and `value` (domain-separated so a pseudonym never equals a date-shift input).
    public func mac(purpose: String, _ value: String) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: bytes))
        hmac.update(data: Data(purpose.utf8))
        hmac.update(data: [0])
        hmac.update(data: Data(value.utf8))
        return Array(hmac.finalize())
    }
}
