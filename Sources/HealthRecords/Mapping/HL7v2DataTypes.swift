import Foundation

/// Conversions of HL7 v2 data types to FHIR R4 JSON elements, per the HL7 V2-to-FHIR IG data-type maps
/// (CX→Identifier, XPN→HumanName, XAD→Address, XTN→ContactPoint, CE/CWE→CodeableConcept, TS/DTM→dateTime,
/// SN→Quantity/Range/Ratio). Functions return `nil` when the source is empty, and never copy invalid values
/// into FHIR: an invalid date is left out and reported by the caller.
enum HL7v2DataTypes {
    typealias JSON = FHIR.JSON
    typealias Object = FHIR.JSON.Object

    // MARK: Dates and times

    /// HL7 DT/TS/DTM (`YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]`) → FHIR `dateTime`.
    ///
    /// FHIR requires a time zone whenever a time is given: `defaultTimeZone` (`+08:00`) is used when the
    /// value has none; minutes and seconds are filled with zeros (FHIR requires seconds).
    /// - Returns: `nil` when empty or not a valid date/time.
    static func dateTime(_ text: String, defaultTimeZone: String) -> String? {
        guard let parts = DateParts(text) else { return nil }
        var out = parts.date
        guard let hour = parts.hour else { return out }
        out += "T\(hour):\(parts.minute ?? "00"):\(parts.second ?? "00")"
        if let fraction = parts.fraction { out += "." + fraction }
        out += parts.zone ?? defaultTimeZone
        return out
    }

    /// HL7 DT/TS → FHIR `date` (the date part, at its precision).
    static func date(_ text: String) -> String? { DateParts(text)?.date }

    /// HL7 TS → FHIR `instant` (needs seconds and a zone): `nil` when the value is less precise than a second.
    static func instant(_ text: String, defaultTimeZone: String) -> String? {
        guard let parts = DateParts(text), parts.second != nil else { return nil }
        return dateTime(text, defaultTimeZone: defaultTimeZone)
    }

    /// HL7 TM (`HH[MM[SS[.S+]]]`) → FHIR `time` (`HH:MM:SS`).
    static func time(_ text: String) -> String? {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        guard [2, 4, 6].contains(digits.count), let h = Int(digits.prefix(2)), h < 24 else { return nil }
        let m = digits.count >= 4 ? String(digits.dropFirst(2).prefix(2)) : "00"
        let s = digits.count >= 6 ? String(digits.dropFirst(4).prefix(2)) : "00"
        guard let mm = Int(m), mm < 60, let ss = Int(s), ss < 60 else { return nil }
        return "\(digits.prefix(2)):\(m):\(s)"
    }

    struct DateParts {
        var date: String
        var hour: String?
        var minute: String?
        var second: String?
        var fraction: String?
        var zone: String?

        init?(_ raw: String) {
            let text = raw.trimmingWhitespace()
            let scalars = Array(text.utf8)
            var i = 0
            while i < scalars.count, scalars[i] >= 0x30, scalars[i] <= 0x39 { i += 1 }
            let digits = String(decoding: scalars[0..<i], as: UTF8.self)
            guard [4, 6, 8, 10, 12, 14].contains(digits.count) else { return nil }
            var fraction: String?
            if i < scalars.count, scalars[i] == UInt8(ascii: "."), digits.count == 14 {
                var j = i + 1
                while j < scalars.count, scalars[j] >= 0x30, scalars[j] <= 0x39 { j += 1 }
                guard j > i + 1 else { return nil }
                fraction = String(decoding: scalars[(i + 1)..<j], as: UTF8.self)
                i = j
            }
            var zone: String?
            if i < scalars.count {
                let rest = String(decoding: scalars[i...], as: UTF8.self)
                guard rest.count == 5, rest.first == "+" || rest.first == "-",
                      let hh = Int(rest.dropFirst().prefix(2)), let mm = Int(rest.suffix(2)), hh <= 14, mm < 60,
                      rest.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
                zone = "\(rest.prefix(3)):\(rest.suffix(2))"
            }
            let d = Array(digits)
            func num(_ a: Int, _ n: Int) -> Int? { a + n <= d.count ? Int(String(d[a..<a + n])) : nil }
            guard let year = num(0, 4), year >= 1 else { return nil }
            var date = String(d[0..<4])
            if d.count >= 6 {
                guard let month = num(4, 2), (1...12).contains(month) else { return nil }
                date += "-" + String(d[4..<6])
                if d.count >= 8 {
                    guard let day = num(6, 2), day >= 1, day <= HL7v2DataTypes.daysIn(month: month, year: year) else { return nil }
                    date += "-" + String(d[6..<8])
                }
            }
            self.date = date
            if d.count >= 10 {
                guard d.count >= 8, let h = num(8, 2), h < 24 else { return nil }
                hour = String(d[8..<10])
            }
            if d.count >= 12 {
                guard let m = num(10, 2), m < 60 else { return nil }
                minute = String(d[10..<12])
            }
            if d.count >= 14 {
                guard let s = num(12, 2), s < 60 else { return nil }
                second = String(d[12..<14])
            }
            if d.count == 6 || d.count == 4, zone != nil { zone = nil }  // a zone on a date has no meaning in FHIR
            if hour == nil { zone = nil }
            self.fraction = fraction
            self.zone = zone
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Codes

    /// HL7 coding-system names (table 0396) → FHIR system URIs.
    static func system(for name: String) -> String? {
        let key = name.trimmingWhitespace()
        guard !key.isEmpty else { return nil }
        switch key.uppercased() {
        case "LN", "LOINC": return "http://loinc.org"
        case "SCT", "SNM", "SNOMED", "SNOMEDCT", "SNM3": return "http://snomed.info/sct"
        case "UCUM": return "http://unitsofmeasure.org"
        case "I10", "ICD10", "ICD-10": return "http://hl7.org/fhir/sid/icd-10"
        case "I10C", "ICD10CM", "ICD-10-CM": return "http://hl7.org/fhir/sid/icd-10-cm"
        case "I9", "I9C", "ICD9", "ICD9CM", "ICD-9-CM": return "http://hl7.org/fhir/sid/icd-9-cm"
        case "CVX": return "http://hl7.org/fhir/sid/cvx"
        case "NDC": return "http://hl7.org/fhir/sid/ndc"
        case "CPT", "C4": return "http://www.ama-assn.org/go/cpt"
        case "RXNORM", "RXN": return "http://www.nlm.nih.gov/research/umls/rxnorm"
        case "GB/T 2261.1", "GBT2261.1", "GB2261": return FHIR.China.sexCodeSystem
        default:
            if key.uppercased().hasPrefix("HL7"), key.count == 7, key.dropFirst(3).allSatisfy(\.isNumber) {
                return "http://terminology.hl7.org/CodeSystem/v2-" + key.dropFirst(3)
            }
            if isOID(key) { return "urn:oid:" + key }
            return localSystem(key)
        }
    }

    /// A URI for a local code system or assigning authority name.
    /// Characters other than RFC 3986 unreserved ones are percent-encoded (UTF-8, upper-case hex).
    static func localSystem(_ name: String) -> String {
        "urn:gx:hl7v2:" + PercentEncoding.encode(name, keeping: PercentEncoding.unreserved)
    }

    static func isOID(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// FHIR `code` values may not have leading/trailing or double whitespace.
    static func code(_ text: String) -> String? {
        let parts = text.split(whereSeparator: { $0.isWhitespace })
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// CE / CWE / CNE (code ^ text ^ system ^ alt code ^ alt text ^ alt system … ^ original text) →
    /// CodeableConcept.
    static func codeableConcept(_ component: (Int) -> String, defaultSystem: String? = nil) -> Object? {
        var codings: [JSON] = []
        for base in [1, 4] {
            let codeText = code(component(base))
            let display = component(base + 1).trimmingWhitespace()
            guard codeText != nil || !display.isEmpty else { continue }
            var coding = Object()
            if let system = system(for: component(base + 2)) ?? (base == 1 ? defaultSystem : nil) { coding["system"] = .string(system) }
            if let codeText { coding["code"] = .string(codeText) }
            if !display.isEmpty { coding["display"] = .string(display) }
            if codeText != nil { codings.append(.object(coding)) }
        }
        var concept = Object()
        if !codings.isEmpty { concept["coding"] = .array(codings) }
        let original = component(9).trimmingWhitespace()
        let text = !original.isEmpty ? original : component(2).trimmingWhitespace()
        if !text.isEmpty { concept["text"] = .string(text) }
        return concept.isEmpty ? nil : concept
    }

    static func codeableConcept(_ repetition: HL7v2.Repetition, defaultSystem: String? = nil) -> Object? {
        codeableConcept({ repetition.component($0).value }, defaultSystem: defaultSystem)
    }

    /// A CodeableConcept holding one code from a known system.
    static func concept(system: String, code: String, display: String? = nil) -> JSON {
        var coding: Object = ["system": .string(system), "code": .string(code)]
        if let display { coding["display"] = .string(display) }
        return .object(["coding": .array([.object(coding)])])
    }

    // MARK: Identifiers, names, addresses, telecom

    /// HD (namespace ^ universal ID ^ universal ID type) → a system URI.
    static func system(forAuthority namespace: String, universalID: String, universalIDType: String) -> String? {
        if !universalID.isEmpty {
            if universalIDType.uppercased() == "ISO" || isOID(universalID) { return "urn:oid:" + universalID }
            if universalIDType.uppercased() == "URI" || universalID.contains(":") { return universalID }
            return localSystem(universalID)
        }
        return namespace.isEmpty ? nil : localSystem(namespace)
    }

    /// XPN (family & … ^ given ^ middle ^ suffix ^ prefix ^ degree ^ name type ^ representation) → HumanName.
    static func humanName(_ repetition: HL7v2.Repetition) -> Object? {
        let family = repetition.component(1).subcomponent(1).trimmingWhitespace()
        let given = [repetition.component(2).value, repetition.component(3).value]
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        var name = Object()
        if let use = nameUse(repetition.component(7).value) { name["use"] = .string(use) }
        if isHan(family + given.joined()) {
            name["text"] = .string(family + given.joined())
        }
        if !family.isEmpty { name["family"] = .string(family) }
        if !given.isEmpty { name["given"] = .array(given.map { .string($0) }) }
        let prefix = repetition.component(5).value.trimmingWhitespace()
        if !prefix.isEmpty { name["prefix"] = .array([.string(prefix)]) }
        let suffix = [repetition.component(4).value, repetition.component(6).value]
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if !suffix.isEmpty { name["suffix"] = .array(suffix.map { .string($0) }) }
        if family.isEmpty && given.isEmpty { return nil }
        if let representation = nameRepresentation(repetition.component(8).value) {
            name["extension"] = .array([.object(["url": .string(representationExtension), "valueCode": .string(representation)])])
        }
        return name
    }

    /// ISO 21090 name representation: ABC (alphabetic, e.g. pinyin), IDE (ideographic), SYL (syllabic).
    static let representationExtension = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"

    static func nameRepresentation(_ code: String) -> String? {
        switch code.uppercased() {
        case "A": return "ABC"
        case "I": return "IDE"
        case "P": return "SYL"
        default: return nil
        }
    }

    /// HL7 table 0200 name type → FHIR name use.
    static func nameUse(_ code: String) -> String? {
        switch code.uppercased() {
        case "L", "B", "C": return "official"
        case "D", "R": return "usual"
        case "M": return "maiden"
        case "N": return "nickname"
        case "A", "S", "P": return "anonymous"
        case "T": return "temp"
        case "U": return nil
        default: return nil
        }
    }

    static func isHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) || (0x20000...0x2FA1F).contains($0.value) }
    }

    /// XAD (street ^ other ^ city ^ state ^ zip ^ country ^ type ^ other geographic ^ county/parish) → Address.
    /// A six-digit GB/T 2260 division code in XAD-9 (county/parish) becomes `district`.
    static func address(_ repetition: HL7v2.Repetition) -> Object? {
        var address = Object()
        switch repetition.component(7).value.uppercased() {
        case "H", "P", "L": address["use"] = .string("home")
        case "O", "B", "BA": address["use"] = .string("work")
        case "C": address["use"] = .string("temp")
        case "BDL": address["use"] = .string("old")
        default: break
        }
        let lines = [repetition.component(1).subcomponent(1), repetition.component(2).value]
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if !lines.isEmpty { address["line"] = .array(lines.map { .string($0) }) }
        let fields: [(String, Int)] = [("city", 3), ("state", 4), ("postalCode", 5), ("country", 6), ("district", 9)]
        for (key, index) in fields {
            let value = repetition.component(index).value.trimmingWhitespace()
            if !value.isEmpty { address[key] = .string(value) }
        }
        return address.count > (address["use"] == nil ? 0 : 1) ? address : nil
    }

    /// XTN → ContactPoint with a normalised number (digits, leading `+`; a Chinese `+86`/`0086` prefix dropped).
    static func contactPoint(_ repetition: HL7v2.Repetition, defaultUse: String) -> Object? {
        let useCode = repetition.component(2).value.uppercased()
        let equipment = repetition.component(3).value.uppercased()
        let email = repetition.component(4).value.trimmingWhitespace()
        var point = Object()
        if equipment == "INTERNET" || useCode == "NET" || (!email.isEmpty && repetition.component(1).value.isEmpty && repetition.component(7).value.isEmpty) {
            guard !email.isEmpty || !repetition.component(1).value.isEmpty else { return nil }
            point["system"] = .string("email")
            point["value"] = .string(email.isEmpty ? repetition.component(1).value : email)
            point["use"] = .string(useCode == "WPN" ? "work" : "home")
            return point
        }
        var number = ""
        let unformatted = repetition.component(12).value
        if !unformatted.isEmpty {
            number = unformatted
        } else if !repetition.component(7).value.isEmpty {
            number = repetition.component(5).value + repetition.component(6).value + repetition.component(7).value
        } else {
            number = repetition.component(1).value
        }
        guard let normalized = normalizedPhone(number) else { return nil }
        point["system"] = .string(equipment == "FX" ? "fax" : equipment == "BP" ? "pager" : "phone")
        point["value"] = .string(normalized)
        if equipment == "CP" { point["use"] = .string("mobile") } else if useCode == "WPN" { point["use"] = .string("work") } else {
            point["use"] = .string(defaultUse)
        }
        return point
    }

    /// Normalises a phone number: digits only (a leading `+` kept); `+86`/`0086` dropped before an 11-digit
    /// Chinese mobile number. `nil` when there are no digits.
    static func normalizedPhone(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        var digits = trimmed.filter { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        if digits.hasPrefix("0086") && digits.count == 15 { digits = String(digits.dropFirst(4)) }
        else if digits.hasPrefix("86") && digits.count == 13 && digits.dropFirst(2).hasPrefix("1") { digits = String(digits.dropFirst(2)) }
        else if trimmed.hasPrefix("+") { return "+" + digits }
        return digits
    }

    /// Moves a resident identity number from the national system to `urn:gx:unverified-resident-id`.
    static func demoteResidentID(_ value: String, in resource: inout Object) {
        guard let identifiers = resource["identifier"]?.arrayValue else { return }
        resource["identifier"] = .array(identifiers.map { json in
            guard var identifier = json.objectValue, identifier["system"]?.stringValue == FHIR.China.residentIDSystem,
                  identifier["value"]?.stringValue == value else { return json }
            identifier["system"] = .string("urn:gx:unverified-resident-id")
            return .object(identifier)
        })
    }

    // MARK: Numbers

    /// A FHIR decimal (JSON number text) from HL7 NM text, or `nil` when it is not a number.
    static func decimal(_ text: String) -> String? {
        var t = text.trimmingWhitespace()
        if t.hasPrefix("+") { t.removeFirst() }
        guard !t.isEmpty else { return nil }
        var body = Substring(t)
        var sign = ""
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        var integer = String(parts[0])
        let fraction = parts.count == 2 ? String(parts[1]) : nil
        guard !integer.isEmpty || !(fraction ?? "").isEmpty else { return nil }
        if integer.isEmpty { integer = "0" }
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        if let fraction, fraction.isEmpty { return sign + integer }
        return sign + integer + (fraction.map { "." + $0 } ?? "")
    }

    /// CE units (OBX-6) → the unit members of a Quantity: `unit`, and `system`+`code` when the coding system is
    /// UCUM (or unnamed but the code is a plausible UCUM unit).
    static func unitMembers(_ units: HL7v2.Repetition) -> Object {
        var out = Object()
        let code = units.component(1).value.trimmingWhitespace()
        let text = units.component(2).value.trimmingWhitespace()
        let systemName = units.component(3).value
        guard !code.isEmpty || !text.isEmpty else { return out }
        out["unit"] = .string(text.isEmpty ? code : text)
        if !code.isEmpty, let system = system(for: systemName), !code.contains(" ") {
            out["system"] = .string(system)
            out["code"] = .string(code)
        } else if !code.isEmpty, systemName.isEmpty, looksLikeUCUM(code) {
            out["system"] = .string("http://unitsofmeasure.org")
            out["code"] = .string(code)
        }
        return out
    }

    static func looksLikeUCUM(_ code: String) -> Bool {
        let common: Set<String> = ["mmol/L", "mg/dL", "g/L", "g/dL", "%", "U/L", "mmHg", "kg", "cm", "mL", "L", "10*9/L", "10*12/L",
                                   "fL", "pg", "umol/L", "mEq/L", "ng/mL", "mIU/L", "s", "min", "h", "kg/m2", "/min", "Cel", "g", "mg", "ug/L", "nmol/L", "pmol/L"]
        return common.contains(code)
    }
}

extension String {
    /// Neither empty nor the HL7 explicit null `""`.
    var isHL7Present: Bool { !isEmpty && self != "\"\"" }
}
