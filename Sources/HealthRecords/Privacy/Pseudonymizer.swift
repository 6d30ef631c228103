import Foundation

/// Keyed pseudonyms and per-person date shifts.
///
/// The same key and input always give the same pseudonym (so two exports link up), and without the key a
/// pseudonym cannot be tied back to the input, even for small input spaces such as 18-digit resident IDs.
public struct Pseudonymizer: Sendable {
    /// The key.
    public let key: PseudonymKey
    /// Shifts lie in `-maximumShiftDays...maximumShiftDays`, never 0.
    public var maximumShiftDays: Int

    /// Creates a pseudonymizer.
    public init(key: PseudonymKey, maximumShiftDays: Int = 365) {
        self.key = key
        self.maximumShiftDays = maximumShiftDays
    }

    /// A pseudonym for an id of a resource type: 32 lowercase hex digits (128 bits of the HMAC), a valid FHIR id.
    public func pseudonym(type: String, id: String) -> String {
        key.mac(purpose: "gx-pseudonym-v1|" + type, id).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The date shift of a person in days (derived from the key and the person's id).
    public func shiftDays(personID: String) -> Int {
        let bytes = key.mac(purpose: "gx-dateshift-v1", personID)
        let value = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let span = UInt64(2 * maximumShiftDays)
        let offset = Int(value % span) - maximumShiftDays
        return offset >= 0 ? offset + 1 : offset
    }
}
