extension FHIR {
    /// Chinese national identifiers and codes as they appear in FHIR resources.
    public enum China {
        /// Identifier system of the resident identity card number (居民身份证号码), as in the HL7 China
        /// connectathon IG.
        public static let residentIDSystem = "urn:oid:2.16.840.1.113883.2.23.1.19.1"
        /// Identifier system of the social-security card number (same IG).
        public static let socialSecurityCardSystem = "urn:oid:2.16.840.1.113883.2.23.1.19.2"
        /// Code system of GB/T 2261.1-2003 sex codes (the OID WS/T 500 CDA documents use; ✱ see docs/fhir.md).
        public static let sexCodeSystem = "urn:oid:2.16.156.10011.2.3.3.4"

        /// The extension gx uses to keep the original GB/T 2261.1 sex code on `Patient.gender` (as a primitive
        /// extension, `_gender`), so `9` (not stated) stays distinguishable from `0` (unknown).
        public static let sexCodeExtension = "https://gx.example.org/fhir/StructureDefinition/gbt2261-sex"

        /// GB/T 2261.1-2003 sex code → FHIR administrative gender: 1 male, 2 female, 0 (unknown) and 9 (not
        /// stated) → unknown. nil for anything else.
        public static func gender(fromSexCode code: String) -> AdministrativeGender? {
            switch code.trimmingWhitespace() {
            case "1": .male
            case "2": .female
            case "0", "9": .unknown
            default: nil
            }
        }

        /// FHIR administrative gender → GB/T 2261.1 sex code (`other` has no GB/T code and maps to 9, not stated).
        public static func sexCode(for gender: AdministrativeGender) -> String {
            switch gender {
            case .male: "1"
            case .female: "2"
            case .unknown: "0"
            case .other: "9"
            }
        }

        /// Sets `Patient.gender` from a GB/T 2261.1 code and keeps the original code in ``sexCodeExtension`` on
        /// `_gender`. Returns false (and changes nothing) if the code is not a GB/T 2261.1 sex code.
        @discardableResult
        public static func setGender(of patient: inout Patient, fromSexCode code: String) -> Bool {
            let trimmed = code.trimmingWhitespace()
            guard let gender = gender(fromSexCode: trimmed) else { return false }
            patient.gender = gender
            var element = patient.json["_gender"]?.objectValue.map(BackboneElement.init(json:)) ?? BackboneElement()
            var others = element.extensions.filter { $0.url != sexCodeExtension }
            others.append(Extension(url: sexCodeExtension, value: .coding(Coding(system: sexCodeSystem, code: trimmed))))
            element.extensions = others
            patient.json["_gender"] = .object(element.json)
            return true
        }

        /// The original GB/T 2261.1 code kept by ``setGender(of:fromSexCode:)``, if any.
        public static func sexCode(of patient: Patient) -> String? {
            guard let element = patient.json["_gender"]?.objectValue.map(BackboneElement.init(json:)) else { return nil }
            for ext in element.extensions(url: sexCodeExtension) { if case .coding(let c)? = ext.value { return c.code } }
            return nil
        }

        /// Whether `code` has the shape of a GB/T 2260 administrative division code: six digits whose first two
        /// name a province-level division (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82).
        /// (Codes change over time and an identity number keeps its issuance-time prefix, so membership in the
        /// current list is not required.)
        public static func isDivisionCode(_ code: String) -> Bool {
            let digits = Array(code.utf8)
            guard digits.count == 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            let province = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
            return provinceCodes.contains(province)
        }

        static let provinceCodes: Set<Int> = Set(Array(11...15) + Array(21...23) + Array(31...37) + Array(41...46)
            + Array(50...54) + Array(61...65) + [71, 81, 82])
    }
}
