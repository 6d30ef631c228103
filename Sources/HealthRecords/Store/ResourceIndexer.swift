/// Derives the search index entries of a stored FHIR resource (what ``RecordStore/search(_:)`` and
/// ``RecordStore/compartment(patientID:)`` find it by).
///
/// Every resource: `_id` is implicit; `identifier` (token), `status`, `code` (every coding), `date`
/// (`effective[x]`, `issued`, `period.start`, `recorded`, `authoredOn`, `onset[x]`), and every relative reference
/// anywhere in the resource under its top-level element name (`subject`, `patient`, `encounter`, `result`, …), so
/// the patient compartment and merges can find all referrers. Patient: `name` (each name's text, the whole name and
/// its pinyin; a `name` search also matches `family` and `given`), `family`, `given`, `birthdate`, `gender`, `phone`,
/// `address`.
public enum ResourceIndexer {
    /// The index entries of `resource`.
    public static func entries(for resource: FHIR.JSON.Object) -> [SearchIndexEntry] {
        contentEntries(for: resource) + referenceEntries(for: resource)
    }

    /// The entries of `resource` that are references (they change when references are rewritten to store ids).
    public static func referenceEntries(for resource: FHIR.JSON.Object) -> [SearchIndexEntry] {
        var entries: [SearchIndexEntry] = []
        for member in resource.members where member.key != "contained" {
            collectReferences(member.value, parameter: member.key, into: &entries)
        }
        return entries
    }

    /// The entries of `resource` other than references.
    public static func contentEntries(for resource: FHIR.JSON.Object) -> [SearchIndexEntry] {
        var entries: [SearchIndexEntry] = []
        for identifier in resource["identifier"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            if let value = identifier.string("value") {
                entries.append(SearchIndexEntry(parameter: "identifier", kind: .token, system: identifier.string("system") ?? "", value: value))
            }
        }
        if let status = resource.string("status") { entries.append(SearchIndexEntry(parameter: "status", kind: .token, value: status)) }
        for coding in resource["code"]?.objectValue?["coding"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            if let code = coding.string("code") {
                entries.append(SearchIndexEntry(parameter: "code", kind: .token, system: coding.string("system") ?? "", value: code))
            }
        }
        for key in ["effectiveDateTime", "effectiveInstant", "issued", "recorded", "authoredOn", "onsetDateTime", "occurrenceDateTime"] {
            if let date = resource.string(key) { entries.append(SearchIndexEntry(parameter: "date", kind: .date, value: date)); break }
        }
        for key in ["effectivePeriod", "period"] {
            if let start = resource[key]?.objectValue?.string("start") { entries.append(SearchIndexEntry(parameter: "date", kind: .date, value: start)) }
        }
        if resource.string("resourceType") == "Patient" { patientEntries(resource, into: &entries) }
        return entries
    }

    /// Calls `body` with every `reference` string in `json` (not descending into `contained`).
    static func forEachReference(_ json: FHIR.JSON, _ body: (String) -> Void) {
        switch json {
        case .object(let object):
            for member in object.members {
                if member.key == "reference", case .string(let reference) = member.value { body(reference) } else if member.key != "contained" {
                    forEachReference(member.value, body)
                }
            }
        case .array(let items): for item in items { forEachReference(item, body) }
        default: break
        }
    }

    private static func collectReferences(_ json: FHIR.JSON, parameter: String, into entries: inout [SearchIndexEntry]) {
        forEachReference(json) { reference in
            if let entry = referenceEntry(reference, parameter: parameter) { entries.append(entry) }
        }
    }

    /// The index entry of one reference under `parameter`: relative references (`Type/id`) only.
    static func referenceEntry(_ reference: String, parameter: String) -> SearchIndexEntry? {
        guard let (type, id) = relativeReference(reference) else { return nil }
        return SearchIndexEntry(parameter: parameter, kind: .reference, system: type, value: id)
    }

    /// Splits a relative reference `Type/id` (or `Type/id/_history/n`); nil for anything else.
    public static func relativeReference(_ reference: String) -> (type: String, id: String)? {
        // Byte-wise (this runs for every reference of every stored resource): `Type` is an ASCII letter run
        // starting upper-case, `id` 1-64 of [A-Za-z0-9.-] (FHIR's id type).
        let bytes = reference.utf8
        guard let firstSlash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let typeBytes = bytes[..<firstSlash]
        guard let first = typeBytes.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first),
              typeBytes.allSatisfy(isASCIILetter) else { return nil }
        let rest = bytes[bytes.index(after: firstSlash)...]
        let idEnd: String.UTF8View.Index
        if let secondSlash = rest.firstIndex(of: UInt8(ascii: "/")) {
            // Only `Type/id/_history/n` may go on.
            let tail = bytes[bytes.index(after: secondSlash)...]
            guard let third = tail.firstIndex(of: UInt8(ascii: "/")), tail[..<third].elementsEqual("_history".utf8),
                  !tail[tail.index(after: third)...].contains(UInt8(ascii: "/")) else { return nil }
            idEnd = secondSlash
        } else {
            idEnd = bytes.endIndex
        }
        let idBytes = bytes[rest.startIndex..<idEnd]
        guard !idBytes.isEmpty, idBytes.count <= 64, idBytes.allSatisfy(isIDByte) else { return nil }
        return (String(Substring(typeBytes)), String(Substring(idBytes)))
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func patientEntries(_ patient: FHIR.JSON.Object, into entries: inout [SearchIndexEntry]) {
        func add(_ parameter: String, _ text: String) {
            let normalized = SearchIndexEntry.normalize(text)
            if !normalized.isEmpty { entries.append(SearchIndexEntry(parameter: parameter, kind: .string, value: normalized)) }
        }
        for name in patient["name"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            let family = name.string("family") ?? "", given = name.strings("given")
            // `name` searches also look at `family` and `given` (SearchSQL), so the parts are indexed once.
            if let text = name.string("text") { add("name", text) }
            add("name", family + given.joined())
            add("family", family)
            for part in given { add("given", part) }
            let whole = family + given.joined()
            if whole.unicodeScalars.contains(where: Pinyin.isHan) {
                add("name", Pinyin.of(whole))
                add("family", Pinyin.of(family))
            }
        }
        if let birthDate = patient.string("birthDate") { entries.append(SearchIndexEntry(parameter: "birthdate", kind: .date, value: birthDate)) }
        if let gender = patient.string("gender") { entries.append(SearchIndexEntry(parameter: "gender", kind: .token, value: gender)) }
        for telecom in patient["telecom"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            if let value = telecom.string("value"), (telecom.string("system") ?? "phone") == "phone" || telecom.string("system") == "sms" {
                let digits = PhoneNumber.normalize(value)
                if !digits.isEmpty { entries.append(SearchIndexEntry(parameter: "phone", kind: .token, value: digits)) }
            }
        }
        for address in patient["address"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
            for key in ["city", "district", "state", "postalCode", "text"] { if let text = address.string(key) { add("address", text) } }
        }
    }
}
