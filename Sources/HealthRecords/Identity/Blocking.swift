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
}
