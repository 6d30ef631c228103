/// Blocking: the keys under which records are filed so that only records sharing a key are compared.
///
/// Keys: birth date; pinyin surname syllable block + birth year; phone; full pinyin name; resident ID.
/// A true pair is missed only when it differs on every key.
public enum Blocking {
    /// The blocking keys of a record (prefixed by kind so kinds never collide).
    public static func keys(_ record: PatientIndexRecord) -> [String] {
        var keys: [String] = []
        if !record.birthDate.isEmpty { keys.append("b:" + record.birthDate) }
        if !record.namePinyin.isEmpty {
            keys.append("n:" + record.namePinyin)
            if record.birthDate.count >= 4 { keys.append("sy:" + record.namePinyin.prefix(3) + record.birthDate.prefix(4)) }
        }
        if !record.phone.isEmpty { keys.append("p:" + record.phone) }
        if !record.residentID.isEmpty { keys.append("r:" + record.residentID) }
        return keys
    }

    /// ``keys(_:)`` hashed to 64 bits (FNV-1a of the key's UTF-8), the form the patient index files records under:
    /// integer dictionary keys instead of strings, worked out with the demographics on the readers' threads. Two
    /// keys that collide only make one block larger (more candidates are scored); no pair is lost.
    public static func hashedKeys(_ record: PatientIndexRecord) -> [UInt64] {
        keys(record).map(hash)
    }

    static func hash(_ key: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return value
    }
}
