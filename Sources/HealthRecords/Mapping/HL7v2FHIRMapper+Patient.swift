import Foundation

extension HL7v2FHIRMapper.Context {
    typealias JSON = FHIR.JSON
    typealias Object = FHIR.JSON.Object
    typealias Types = HL7v2DataTypes

    /// Resident-ID assigning authorities and identifier type codes.
    static let residentIDMarkers: Set<String> = ["NNCHN", "CHN", "RESIDENTID", "SFZ", FHIR.China.residentIDSystem, "2.16.840.1.113883.2.23.1.19.1"]

    /// PID-3 (CX repetitions) or MRG-1 → Identifiers. Resident ID numbers (type NNCHN or authority CHN) are
    /// validated (GB 11643) and written with the national system; invalid ones get a warning and are kept
    /// under `urn:gx:unverified-resident-id`.
    mutating func identifiers(_ field: HL7v2.Field, segment: HL7v2.Segment, location: String, residentIDs: inout [FHIR.China.ResidentIdentityNumber]) -> [Object] {
        var out: [Object] = []
        for (index, repetition) in field.repetitions.enumerated() {
            let value = repetition.component(1).value.trimmingWhitespace()
            guard !value.isEmpty, !repetition.isNull else { continue }
            let authority = repetition.component(4)
            let namespace = authority.subcomponent(1), universal = authority.subcomponent(2), universalType = authority.subcomponent(3)
            let typeCode = repetition.component(5).value.trimmingWhitespace()
            var identifier = Object()
            let isResident = [typeCode.uppercased(), namespace.uppercased(), universal].contains { Self.residentIDMarkers.contains($0) }
            if let code = Types.code(typeCode) {
                identifier["type"] = Types.concept(system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: code)
            }
            if isResident {
                switch FHIR.China.ResidentIdentityNumber.parse(value) {
                case .success(let number):
                    identifier["system"] = .string(FHIR.China.residentIDSystem)
                    identifier["value"] = .string(number.value)
                    residentIDs.append(number)
                    if number.wasUpgraded { warn(segment, "\(location)[\(index + 1)]", "a 15-digit resident identity number was upgraded to 18 characters") }
                case .failure(let problem):
                    warn(segment, "\(location)[\(index + 1)]", "invalid resident identity number (\(problem.description)); kept under urn:gx:unverified-resident-id")
                    identifier["system"] = .string("urn:gx:unverified-resident-id")
                    identifier["value"] = .string(value)
                }
            } else {
                if let system = Types.system(forAuthority: namespace, universalID: universal, universalIDType: universalType) {
                    identifier["system"] = .string(system)
                }
                identifier["value"] = .string(value)
            }
            if typeCode.uppercased() == "MR" || typeCode.uppercased() == "PI" { identifier["use"] = .string("usual") }
            out.append(identifier)
        }
        return out
    }

    /// PID → Patient.
    mutating func mapPatient(_ pid: HL7v2.Segment) {
        var patient: Object = ["resourceType": .string("Patient")]
        var residentIDs: [FHIR.China.ResidentIdentityNumber] = []
        let ids = identifiers(pid.field(3), segment: pid, location: "PID-3", residentIDs: &residentIDs)
            + identifiers(pid.field(2), segment: pid, location: "PID-2", residentIDs: &residentIDs)
        if !ids.isEmpty { patient["identifier"] = .array(ids.map { .object($0) }) }
        var names: [JSON] = []
        for repetition in pid.field(5).repetitions where !repetition.isNull {
            guard var name = Types.humanName(repetition) else { continue }
            let text = name["text"]?.stringValue ?? ""
            if Types.isHan(text), options.addPinyinNames {
                if name["extension"] == nil {
                    name["extension"] = .array([.object(["url": .string(Types.representationExtension), "valueCode": .string("IDE")])])
                }
                names.append(.object(name))
                if let pinyin = Self.pinyinName(name) { names.append(.object(pinyin)) }
            } else {
                names.append(.object(name))
            }
        }
        if !names.isEmpty { patient["name"] = .array(names) }
        var telecom: [JSON] = []
        for repetition in pid.field(13).repetitions { if let point = Types.contactPoint(repetition, defaultUse: "home") { telecom.append(.object(point)) } }
        for repetition in pid.field(14).repetitions { if let point = Types.contactPoint(repetition, defaultUse: "work") { telecom.append(.object(point)) } }
        if !telecom.isEmpty { patient["telecom"] = .array(telecom) }
        let genderCode = pid.field(8).component(1).value.trimmingWhitespace()
        if !genderCode.isEmpty, !pid.field(8).isNull {
            if let gender = Self.gender(fromHL7: genderCode) {
                patient["gender"] = .string(gender.rawValue)
            } else if let gender = FHIR.China.gender(fromSexCode: genderCode) {
                // GB/T 2261.1 numeric sex code: FHIR gender plus the original code on _gender.
                patient["gender"] = .string(gender.rawValue)
                patient["_gender"] = .object(["extension": .array([.object([
                    "url": .string("http://hl7.org/fhir/StructureDefinition/iso21090-SC-coding"),
                    "valueCoding": .object(["system": .string(FHIR.China.sexCodeSystem), "code": .string(genderCode)]),
                ])])])
            } else {
                warn(pid, "PID-8", "administrative sex code is neither HL7 table 0001 (M, F, O, U, A, N) nor GB/T 2261.1 (0, 1, 2, 9); left out")
            }
        }
        let birth = pid.field(7).component(1).value
        if !birth.isEmpty, !pid.field(7).isNull {
            if let date = Types.date(birth) { patient["birthDate"] = .string(date) } else {
                warn(pid, "PID-7", "date of birth is not a valid HL7 date (YYYY[MM[DD…]]); left out")
            }
        }
        var addresses: [JSON] = []
        for repetition in pid.field(11).repetitions where !repetition.isNull {
            if let address = Types.address(repetition) { addresses.append(.object(address)) }
        }
        if !addresses.isEmpty { patient["address"] = .array(addresses) }
        if let marital = Types.codeableConcept(pid.field(16).repetition(1), defaultSystem: "http://terminology.hl7.org/CodeSystem/v2-0002") {
            patient["maritalStatus"] = .object(marital)
        }
        let multiple = pid.field(24).value.uppercased()
        if let order = Int(pid.field(25).value), order > 0 { patient["multipleBirthInteger"] = .number(String(order)) }
        else if multiple == "Y" || multiple == "N" { patient["multipleBirthBoolean"] = .bool(multiple == "Y") }
        let deathTime = pid.field(29).component(1).value
        if deathTime.isHL7Present, let dateTime = Types.dateTime(deathTime, defaultTimeZone: options.defaultTimeZone) {
            patient["deceasedDateTime"] = .string(dateTime)
        } else if pid.field(30).value.uppercased() == "Y" || pid.field(30).value.uppercased() == "N" {
            patient["deceasedBoolean"] = .bool(pid.field(30).value.uppercased() == "Y")
        }
        // Cross-check the resident ID's embedded birth date and sex (GB 11643) against PID-7/PID-8.
        // A number that contradicts the record is kept, but not under the national system (it cannot be trusted).
        for number in residentIDs {
            var conflict = false
            if let birthDate = patient["birthDate"]?.stringValue, birthDate.count == 10, birthDate != number.birthDate {
                warn(pid, "PID-7", "date of birth differs from the one embedded in the resident identity number; the number is kept under urn:gx:unverified-resident-id")
                conflict = true
            }
            if let gender = patient["gender"]?.stringValue, gender == "male" || gender == "female", gender != number.gender.rawValue {
                warn(pid, "PID-8", "administrative sex differs from the sex digit of the resident identity number; the number is kept under urn:gx:unverified-resident-id")
                conflict = true
            }
            if conflict { HL7v2DataTypes.demoteResidentID(number.value, in: &patient) }
        }
        let finalIDs = (patient["identifier"]?.arrayValue ?? []).compactMap(\.objectValue)
        let conditional = finalIDs.first { $0["system"] != nil && $0["system"]?.stringValue != "urn:gx:unverified-resident-id" }
        let index = add(patient, role: "Patient", conditionalOn: isMerge ? nil : conditional)
        if isMerge { entries[index].method = "PUT"; entries[index].url = conditional.map { Self.conditionalURL("Patient", $0) } ?? "Patient" }
        if entries[index].url == "Patient" { entries[index].method = "POST" }
        if patientIndex == nil || isMerge { patientIndex = index }
    }

    static func conditionalURL(_ type: String, _ identifier: Object) -> String {
        let system = identifier["system"]?.stringValue.map { $0 + "|" } ?? ""
        return "\(type)?identifier=" + HL7v2FHIRMapper.Context.queryEscape(system + (identifier["value"]?.stringValue ?? ""))
    }

    /// HL7 table 0001 → FHIR administrative gender.
    static func gender(fromHL7 code: String) -> FHIR.AdministrativeGender? {
        switch code.uppercased() {
        case "M": .male
        case "F": .female
        case "O", "A", "N": .other
        case "U": .unknown
        default: nil
        }
    }

    /// A pinyin HumanName for a name in Chinese characters (toneless, lower case syllables joined per part).
    static func pinyinName(_ name: Object) -> Object? {
        // The index's per-character cached transliteration (Identity/Pinyin.swift): one ICU call per distinct
        // character, not per name, and the same spelling the matcher compares (ü → v).
        func pinyin(_ text: String) -> String? {
            let joined = Pinyin.of(text)
            return joined.isEmpty ? nil : joined
        }
        var out = Object()
        if let use = name["use"] { out["use"] = use }
        let family = name["family"]?.stringValue.flatMap(pinyin)
        let given = (name["given"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(pinyin) }
        guard family != nil || !given.isEmpty else { return nil }
        out["text"] = .string(([family].compactMap { $0 } + given).joined(separator: " "))
        if let family { out["family"] = .string(family) }
        if !given.isEmpty { out["given"] = .array(given.map { .string($0) }) }
        out["extension"] = .array([.object(["url": .string(Types.representationExtension), "valueCode": .string("ABC")])])
        return out
    }

    /// PD1-4 (primary care provider, XCN) → Patient.generalPractitioner (logical reference).
    mutating func mapPD1(_ pd1: HL7v2.Segment) {
        guard let index = patientIndex else { return }
        var practitioners: [JSON] = []
        for repetition in pd1.field(4).repetitions {
            if let reference = Self.logicalReference(repetition) { practitioners.append(.object(reference)) }
        }
        if !practitioners.isEmpty { entries[index].resource["generalPractitioner"] = .array(practitioners) }
    }

    /// XCN (id ^ family ^ given …) → a Reference by identifier and display.
    static func logicalReference(_ repetition: HL7v2.Repetition) -> Object? {
        let id = repetition.component(1).value.trimmingWhitespace()
        let parts = [repetition.component(2).subcomponent(1), repetition.component(3).value]
            .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        let display = parts.joined(separator: Types.isHan(parts.joined()) ? "" : " ")
        guard !id.isEmpty || !display.isEmpty else { return nil }
        var reference = Object()
        if !id.isEmpty {
            var identifier: Object = ["value": .string(id)]
            let authority = repetition.component(9)
            if let system = Types.system(forAuthority: authority.subcomponent(1), universalID: authority.subcomponent(2), universalIDType: authority.subcomponent(3)) {
                identifier["system"] = .string(system)
            }
            reference["identifier"] = .object(identifier)
        }
        if !display.isEmpty { reference["display"] = .string(display) }
        return reference
    }

    /// NK1 → Patient.contact (name, relationship, address, phone).
    mutating func mapNK1(_ nk1: HL7v2.Segment) {
        guard let index = patientIndex else { return }
        var contact = Object()
        if let relationship = Types.codeableConcept(nk1.field(3).repetition(1), defaultSystem: "http://terminology.hl7.org/CodeSystem/v2-0063") {
            contact["relationship"] = .array([.object(relationship)])
        }
        if let name = nk1.field(2).repetitions.lazy.compactMap({ Types.humanName($0) }).first { contact["name"] = .object(name) }
        var telecom: [JSON] = []
        for repetition in nk1.field(5).repetitions { if let p = Types.contactPoint(repetition, defaultUse: "home") { telecom.append(.object(p)) } }
        for repetition in nk1.field(6).repetitions { if let p = Types.contactPoint(repetition, defaultUse: "work") { telecom.append(.object(p)) } }
        if !telecom.isEmpty { contact["telecom"] = .array(telecom) }
        if let address = Types.address(nk1.field(4).repetition(1)) { contact["address"] = .object(address) }
        guard contact["name"] != nil || contact["telecom"] != nil || contact["address"] != nil else { return }
        var contacts = entries[index].resource["contact"]?.arrayValue ?? []
        contacts.append(.object(contact))
        entries[index].resource["contact"] = .array(contacts)
    }

    /// MRG → the retired Patient (MRG-1 identifiers, inactive, `replaced-by` the surviving one) and a
    /// `replaces` link on the surviving Patient (the PID before this MRG).
    mutating func mapMerge(_ mrg: HL7v2.Segment) {
        guard let survivor = patientIndex else { return }
        var residentIDs: [FHIR.China.ResidentIdentityNumber] = []
        let priorIDs = identifiers(mrg.field(1), segment: mrg, location: "MRG-1", residentIDs: &residentIDs)
        guard let first = priorIDs.first else {
            warn(mrg, "MRG-1", "the merge names no prior patient identifier; no link written")
            return
        }
        var prior: Object = ["resourceType": .string("Patient"), "identifier": .array(priorIDs.map { .object($0) }), "active": .bool(false)]
        let priorIndex = add(prior, role: "Patient-prior", conditionalOn: first["system"] == nil ? nil : first)
        prior["link"] = .array([.object(["other": .object(["reference": .string(entries[survivor].fullUrl)]), "type": .string("replaced-by")])])
        entries[priorIndex].resource = prior
        var links = entries[survivor].resource["link"]?.arrayValue ?? []
        links.append(.object(["other": .object(["reference": .string(entries[priorIndex].fullUrl)]), "type": .string("replaces")]))
        entries[survivor].resource["link"] = .array(links)
    }
}
