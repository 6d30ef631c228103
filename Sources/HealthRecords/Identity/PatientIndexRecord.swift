/// The demographics of one incoming patient record as the master patient index compares them.
///
/// Fields are normalized by the caller (see ``PatientIndexRecord/init(patientID:name:namePinyin:birthDate:sex:phone:division:residentID:)``
/// documentation): empty string means missing, and a missing field neither adds nor removes weight.
public struct PatientIndexRecord: Sendable, Hashable {
    /// The store id of the patient this record belongs to (empty while still unmatched).
    public var patientID: String
    /// The name as written (Han characters, or Latin letters lowercased without spaces).
    public var name: String
    /// The name in toneless pinyin, lowercase letters only (`zhangsan`); equal to `name` for Latin names.
    public var namePinyin: String
    /// Birth date `YYYY-MM-DD` (or shorter when only partly known).
    public var birthDate: String
    /// `male`, `female`, or empty when unknown.
    public var sex: String
    /// Phone number, digits only (``PhoneNumber/normalize(_:)``).
    public var phone: String
    /// Address administrative division (6-digit GB/T 2260 code, or a normalized district name).
    public var division: String
    /// A valid 18-character resident ID number (GB 11643), empty when absent or invalid.
    public var residentID: String

    /// Creates a record.
    public init(patientID: String = "", name: String, namePinyin: String, birthDate: String, sex: String,
                phone: String, division: String, residentID: String) {
        self.patientID = patientID; self.name = name; self.namePinyin = namePinyin; self.birthDate = birthDate
        self.sex = sex; self.phone = phone; self.division = division; self.residentID = residentID
    }

    /// True when `name` is written in Han characters (so a character comparison is meaningful).
    public var nameIsHan: Bool {
        name.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }
}
