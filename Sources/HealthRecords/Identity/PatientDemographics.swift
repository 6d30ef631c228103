/// The demographics and identifiers of a FHIR Patient, normalized the way the master patient index compares them.
public struct PatientDemographics: Sendable, Hashable {
    /// The record the Fellegi–Sunter model compares (``PatientIndexRecord/patientID`` empty).
    public var record: PatientIndexRecord
    /// Identifiers with a system and a value (the keys of deterministic same-system matching).
    public var identifiers: [(system: String, value: String)]
    /// The valid resident ID number (18 characters, GB 11643), if the patient carries one (also in `record.residentID`).
    public var residentID: String?
    /// ``Blocking/hashedKeys(_:)`` of ``record`` (worked out with the rest, off the store's writer).
    public var blockingKeys: [UInt64]

    public static func == (a: Self, b: Self) -> Bool {
        a.record == b.record && a.residentID == b.residentID
            && a.identifiers.map { $0.system + "|" + $0.value } == b.identifiers.map { $0.system + "|" + $0.value }
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(record) }

    /// Reads a Patient resource.
    ///
    /// - Name: the first `official`/`usual` name, else the first; family + given (Chinese order), else `text`.
    ///   Han names keep their characters; Latin names are lowercased letters; both get toneless pinyin.
    /// - Resident ID: the first identifier whose value is a valid GB 11643 number (checksum and birth date);
    ///   an invalid number is not used for matching.
    /// - Phone: the first `telecom` with system `phone` (or `sms`), digits only.
    /// - Division: the first address's GB/T 2260 division-code extension, else a 6-digit `district` or `city`.
    public init(patient: FHIR.JSON.Object) {
        var name = ""
        if let names = patient["name"]?.arrayValue?.compactMap(\.objectValue), !names.isEmpty {
            func whole(_ name: FHIR.JSON.Object) -> String { (name.string("family") ?? "") + name.strings("given").joined() + (name.string("text") ?? "") }
            // A name in characters is preferred (sources often add a pinyin form next to it), then official/usual.
            let chosen = names.first { whole($0).unicodeScalars.contains(where: Pinyin.isHan) }
                ?? names.first { ["official", "usual"].contains($0.string("use") ?? "") } ?? names[0]
            let family = chosen.string("family") ?? ""
            let given = chosen.strings("given").joined()
            name = family + given
            if name.isEmpty { name = chosen.string("text") ?? "" }
        }
        let isHan = name.unicodeScalars.contains(where: Pinyin.isHan)
        let normalizedName = isHan
            ? String(String.UnicodeScalarView(name.unicodeScalars.filter(Pinyin.isHan)))
            : Pinyin.latinLetters(name)
        let pinyin = isHan ? Pinyin.of(normalizedName) : normalizedName

        var identifiers: [(system: String, value: String)] = []
        var residentID: String?
        for identifier in patient["identifier"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            guard let value = identifier.string("value"), !value.isEmpty else { continue }
            if residentID == nil, let valid = Self.validResidentID(value) { residentID = valid }
            if let system = identifier.string("system"), !system.isEmpty { identifiers.append((system, value)) }
        }

        var phone = ""
        for telecom in patient["telecom"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            let system = telecom.string("system") ?? "phone"
            guard system == "phone" || system == "sms", let value = telecom.string("value") else { continue }
            let digits = PhoneNumber.normalize(value)
            if !digits.isEmpty { phone = digits; break }
        }

        var division = ""
        if let address = patient["address"]?.arrayValue?.first?.objectValue {
            for ext in address["extension"]?.arrayValue?.compactMap(\.objectValue) ?? []
            where ext.string("url") == PatientDemographics.divisionCodeExtension {
                division = ext.string("valueCode") ?? ext.string("valueString") ?? ""
            }
            if division.isEmpty {
                for key in ["district", "city"] {
                    if let text = address.string(key), text.utf8.count == 6, text.allSatisfy(\.isASCIIDigit) { division = text; break }
                }
            }
        }

        var sex = patient.string("gender") ?? ""
        if sex != "male" && sex != "female" { sex = "" }
        var birthDate = patient.string("birthDate") ?? ""
        if birthDate.count > 10 { birthDate = String(birthDate.prefix(10)) }

        record = PatientIndexRecord(name: normalizedName, namePinyin: pinyin, birthDate: birthDate, sex: sex, phone: phone,
                                    division: division, residentID: residentID ?? "")
        self.identifiers = identifiers
        self.residentID = residentID
        blockingKeys = Blocking.hashedKeys(record)
    }

    /// The normalized number when `text` is a valid resident ID number (checksum, birth date, division; a 15-digit
    /// number upgraded to 18), else nil.
    public static func validResidentID(_ text: String) -> String? {
        guard text.utf8.count == 18 || text.utf8.count == 15 else { return nil }
        return try? FHIR.China.ResidentIdentityNumber.parse(text).get().value
    }

    /// The extension URL for the GB/T 2260 division code of an address.
    public static let divisionCodeExtension = FHIR.Address.divisionCodeExtension
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
