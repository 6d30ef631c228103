import Foundation

/// Makes a research copy of stored resources: direct identifiers removed, ids and identifiers replaced by keyed
/// pseudonyms, dates shifted per person, ages over 89 grouped.
///
/// Per resource:
/// - ids → ``Pseudonymizer/pseudonym(type:id:)``; every relative reference rewritten the same way, so the copy
///   stays linked; references' `display` removed.
/// - every `identifier` → one pseudonym identifier (system ``pseudonymSystem``, value = HMAC of system|value).
/// - Patient: `name`, `telecom`, `photo`, `contact`, `communication` removed; `address` keeps only `district`,
///   `city`, `state`, `country` and the division-code extension (lines, text and postal code removed); age over 89
///   at ``referenceDate`` → `birthDate` reduced to a year 90 years before it plus the ``ageOver89Extension``.
/// - free text: `text` (narrative and CodeableConcept text), `note`, `comment`, `description`, `conclusion`,
///   `valueString`, `presentedForm`, `contained` removed; `meta` removed.
/// - dates (`date`/`dateTime`/`instant` values anywhere) shifted by the person's key-derived offset.
/// - resources about other persons or transport (Practitioner, PractitionerRole, RelatedPerson, Person,
///   MessageHeader, Provenance, AuditEvent) are not exported.
///
/// The same key gives the same pseudonyms and shifts in every export.
public struct Deidentifier: Sendable {
    /// The pseudonyms and shifts.
    public let pseudonymizer: Pseudonymizer
    /// Ages are computed at this date (`YYYY-MM-DD`), normally the export date.
    public var referenceDate: String
    /// The system of pseudonymized identifiers.
    public static let pseudonymSystem = "urn:gx:pseudonym"
    /// Marks a birth date generalized because the person is older than 89.
    public static let ageOver89Extension = "https://gx.example.org/fhir/StructureDefinition/age-over-89"
    /// Resource types not exported.
    public static let excludedTypes: Set<String> = ["Practitioner", "PractitionerRole", "RelatedPerson", "Person", "MessageHeader",
                                                   "Provenance", "AuditEvent"]
    static let removedEverywhere: Set<String> = ["text", "note", "comment", "description", "conclusion", "valueString",
                                                 "presentedForm", "contained", "display"]
    static let removedFromPatient: Set<String> = ["name", "telecom", "photo", "contact", "communication", "generalPractitioner", "managingOrganization"]

    /// Creates a de-identifier.
    public init(pseudonymizer: Pseudonymizer, referenceDate: String) {
        self.pseudonymizer = pseudonymizer
        self.referenceDate = referenceDate
    }

    /// The research copy of one resource, or nil for excluded types.
    /// - Parameter personID: the store id of the patient the resource belongs to (its own id for a Patient), nil if
    ///   none (then dates are not shifted).
    public func deidentify(_ resource: FHIR.JSON.Object, personID: String?) -> FHIR.JSON.Object? {
        guard let type = resource.string("resourceType"), !Self.excludedTypes.contains(type) else { return nil }
        let shift = personID.map { pseudonymizer.shiftDays(personID: $0) } ?? 0
        var out = FHIR.JSON.Object()
        for member in resource.members {
            switch member.key {
            case "meta": continue
            case "id": out.members.append(.init(key: "id", value: .string(pseudonymizer.pseudonym(type: type, id: member.value.stringValue ?? ""))))
            case "address" where type == "Patient":
                let kept = (member.value.arrayValue ?? []).compactMap { address -> FHIR.JSON? in
                    guard let object = address.objectValue else { return nil }
                    var reduced = FHIR.JSON.Object()
                    for part in object.members where ["district", "city", "state", "country", "use", "extension"].contains(part.key) {
                        reduced.members.append(part)
                    }
                    return reduced.members.isEmpty ? nil : .object(reduced)
                }
                if !kept.isEmpty { out.members.append(.init(key: "address", value: .array(kept))) }
            case "birthDate" where type == "Patient":
                guard let text = member.value.stringValue else { continue }
                if let over = overAgeYear(text) {
                    out.members.append(.init(key: "birthDate", value: .string(over)))
                    out.members.append(.init(key: "extension", value: .array([.object(["url": .string(Self.ageOver89Extension), "valueBoolean": .bool(true)])])))
                } else {
                    out.members.append(.init(key: "birthDate", value: .string(Self.shift(text, days: shift))))
                }
            default:
                if type == "Patient" && Self.removedFromPatient.contains(member.key) { continue }
                if Self.removedEverywhere.contains(member.key) { continue }
                out.members.append(.init(key: member.key, value: clean(member.value, key: member.key, shift: shift)))
            }
        }
        return out
    }

    private func clean(_ json: FHIR.JSON, key: String, shift: Int) -> FHIR.JSON {
        switch json {
        case .string(let text):
            return Self.looksLikeDate(text) ? .string(Self.shift(text, days: shift)) : json
        case .array(let items):
            if key == "identifier" {
                return .array(items.compactMap { item in item.objectValue.map { pseudonymIdentifier($0) } })
            }
            return .array(items.map { clean($0, key: key, shift: shift) })
        case .object(let object):
            if key == "identifier" { return pseudonymIdentifier(object) }
            var out = FHIR.JSON.Object()
            for member in object.members where !Self.removedEverywhere.contains(member.key) {
                if member.key == "reference", let reference = member.value.stringValue {
                    out.members.append(.init(key: "reference", value: .string(pseudonymReference(reference))))
                } else {
                    out.members.append(.init(key: member.key, value: clean(member.value, key: member.key, shift: shift)))
                }
            }
            return .object(out)
        default:
            return json
        }
    }

    private func pseudonymIdentifier(_ identifier: FHIR.JSON.Object) -> FHIR.JSON {
        let source = (identifier.string("system") ?? "") + "|" + (identifier.string("value") ?? "")
        return .object(["system": .string(Self.pseudonymSystem), "value": .string(pseudonymizer.pseudonym(type: "Identifier", id: source))])
    }

    private func pseudonymReference(_ reference: String) -> String {
        guard let (type, id) = ResourceIndexer.relativeReference(reference) else { return "urn:gx:removed" }
        return type + "/" + pseudonymizer.pseudonym(type: type, id: id)
    }

    /// A year 90 years before the reference date when `birthDate` makes the person older than 89, else nil.
    private func overAgeYear(_ birthDate: String) -> String? {
        guard let birthYear = Int(birthDate.prefix(4)), let referenceYear = Int(referenceDate.prefix(4)) else { return nil }
        let birthMonthDay = birthDate.count >= 10 ? String(birthDate.dropFirst(5).prefix(5)) : "01-01"
        let referenceMonthDay = String(referenceDate.dropFirst(5).prefix(5))
        var age = referenceYear - birthYear
        if referenceMonthDay < birthMonthDay { age -= 1 }
        return age > 89 ? String(referenceYear - 90) : nil
    }

    /// Whether a string is a FHIR date, dateTime or instant with at least a full date.
    static func looksLikeDate(_ text: String) -> Bool {
        let b = Array(text.utf8.prefix(11))
        guard b.count >= 10 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        return digits.allSatisfy { b[$0] >= 48 && b[$0] <= 57 } && b[4] == 45 && b[7] == 45 && (b.count == 10 || b[10] == 84)
    }

    /// `text` (a date or date-time) moved by `days`, keeping its time and zone.
    static func shift(_ text: String, days: Int) -> String {
        guard days != 0, looksLikeDate(text) else { return text }
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return text }
        var components = DateComponents()
        components.year = parts[0]; components.month = parts[1]; components.day = parts[2]; components.hour = 12
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components), let moved = calendar.date(byAdding: .day, value: days, to: date) else { return text }
        let c = calendar.dateComponents([.year, .month, .day], from: moved)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!) + text.dropFirst(10)
    }
}
