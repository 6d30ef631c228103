/// Folds one Patient resource into another: the longitudinal record of one person keeps every identifier, name,
/// phone and address any source gave, and the values it already had for single-valued elements.
enum PatientRecordMerge {
    /// `existing` with what `incoming` adds. `id`, `meta`, `text` and `link` of `incoming` are not taken.
    static func merge(_ existing: FHIR.JSON.Object, adding incoming: FHIR.JSON.Object) -> FHIR.JSON.Object {
        var result = existing
        for member in incoming.members where !["resourceType", "id", "meta", "text", "link", "active"].contains(member.key) {
            guard let current = result[member.key] else {
                result[member.key] = member.value
                continue
            }
            guard case .array(var items) = current, case .array(let additions) = member.value else { continue }
            for addition in additions where !items.contains(where: { same(member.key, $0, addition) }) { items.append(addition) }
            result[member.key] = .array(items)
        }
        return result
    }

    /// Whether two array items of element `key` say the same thing.
    private static func same(_ key: String, _ a: FHIR.JSON, _ b: FHIR.JSON) -> Bool {
        guard let x = a.objectValue, let y = b.objectValue else { return a.isEquivalent(to: b) }
        switch key {
        case "identifier":
            return x.string("system") == y.string("system") && x.string("value") == y.string("value")
        case "telecom":
            return (x.string("system") ?? "phone") == (y.string("system") ?? "phone")
                && PhoneNumber.normalize(x.string("value") ?? "") == PhoneNumber.normalize(y.string("value") ?? "")
                && (x.string("value") ?? "").filter(\.isLetter) == (y.string("value") ?? "").filter(\.isLetter)
        case "name":
            return x.string("family") == y.string("family") && x.strings("given") == y.strings("given")
                && (x.string("text") == y.string("text") || x.string("text") == nil || y.string("text") == nil)
        default:
            return a.isEquivalent(to: b)
        }
    }

    /// A `Patient.link` entry.
    static func link(to patientID: String, type: String) -> FHIR.JSON {
        .object(["other": .object(["reference": .string("Patient/" + patientID)]), "type": .string(type)])
    }
}
