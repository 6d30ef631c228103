import Foundation

/// A declarative CSV → FHIR mapping, read from JSON (schema in docs/mapping.md).
///
/// Each CSV row becomes one transaction Bundle holding the resources listed in ``resources``; each
/// ``Field`` names a column, the FHIR element it fills (a path such as `name[0].given[]`), the FHIR type,
/// the code system and a value translation.
///
/// ```json
/// {"name": "patient-master", "resources": [{"resourceType": "Patient", "key": "patient", "conditionalOn": "identifier",
///   "fields": [{"column": "mrn", "element": "identifier[]", "type": "Identifier", "system": "urn:oid:1.2.3"},
///              {"column": "sex", "element": "gender", "type": "code", "translate": {"1": "male", "2": "female"}}]}]}
/// ```
public struct CSVMapping: Sendable, Decodable {
    /// A short name (used in Provenance).
    public var name: String
    /// What the export is.
    public var description: String?
    /// Field delimiter (one character), `,` by default.
    public var delimiter: String?
    /// Character encoding of the file: `UTF-8` (default), `GB18030`, or any name ``HL7v2/CharacterSet`` knows.
    public var encoding: String?
    /// Time zone for date-times without one (`+08:00` by default).
    public var defaultTimeZone: String?
    /// The resources made from each row, in Bundle order.
    public var resources: [ResourceTemplate]

    /// One resource made from each row.
    public struct ResourceTemplate: Sendable, Decodable {
        enum CodingKeys: String, CodingKey { case resourceType, key, conditionalOn, fields }
        /// FHIR resource type (`Patient`, `Observation`).
        public var resourceType: String
        /// The name other fields use to reference this resource (`"target": "patient"`).
        public var key: String
        /// JSON members set on every resource before the fields (e.g. `{"status": "final"}`).
        public var fixed: FHIR.JSON.Object? = nil
        /// `identifier`: write a conditional update on the first identifier that has a system.
        public var conditionalOn: String?
        /// The column-to-element maps.
        public var fields: [Field]
    }

    /// One column → one FHIR element.
    public struct Field: Sendable, Decodable {
        /// The CSV header name.
        public var column: String
        /// Element path from the resource: `birthDate`, `name[0].given[]` (`[]` appends), `valueQuantity.value`.
        public var element: String
        /// FHIR type: `string`, `code`, `boolean`, `integer`, `decimal`, `date`, `dateTime`, `Identifier`,
        /// `ResidentID`, `CodeableConcept`, `Coding`, `Quantity`, `ContactPoint`, `Reference`.
        public var type: String
        /// Code system, identifier system, or (ContactPoint) `phone`/`email`.
        public var system: String?
        /// Identifier type code (v2-0203: `MR`, `NNCHN`) for `Identifier`.
        public var identifierType: String?
        /// Value translation applied first (`{"1": "male"}`); values not listed are kept unless ``strict``.
        public var translate: [String: String]?
        /// With a translation: a value that is not listed is an error for the row.
        public var strict: Bool?
        /// For `code`: keep the original value as an ISO 21090 coding extension in this system (GB/T 2261.1 sex).
        public var originalCodeSystem: String?
        /// Column holding the display text (CodeableConcept/Coding) or the unit (Quantity).
        public var displayColumn: String?
        /// Fixed unit (UCUM code) for `Quantity`.
        public var unit: String?
        /// `use` for `ContactPoint` (`mobile`, `home`, `work`) or `Identifier`.
        public var use: String?
        /// Input date format(s) for `date`/`dateTime`, e.g. `yyyyMMdd`; ISO 8601, `yyyyMMdd` and `yyyy/MM/dd`
        /// are always accepted.
        public var format: String?
        /// The key of the resource a `Reference` points to.
        public var target: String?
        /// An empty cell is an error for the row.
        public var required: Bool?
    }

    /// Reads a mapping file.
    ///
    /// - Throws: ``HealthRecordsError`` (`invalid_csv`) naming the file and what is wrong.
    public static func load(contentsOf url: URL) throws(HealthRecordsError) -> CSVMapping {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HealthRecordsError(.io, "cannot read the mapping: \(error.localizedDescription)", position: .init(file: url.path))
        }
        return try decode(data, source: url.path)
    }

    /// The names of the mappings shipped with gx (`Resources/mappings`): `hospital-patient-master`, `lab-results`.
    public static var bundledNames: [String] {
        guard let url = Bundle.module.url(forResource: "Resources/mappings", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a mapping shipped with gx by name (see ``bundledNames``).
    public static func bundled(_ name: String) throws(HealthRecordsError) -> CSVMapping {
        guard let url = Bundle.module.url(forResource: "Resources/mappings/\(name)", withExtension: "json") else {
            throw HealthRecordsError(.invalidArgument, "no bundled mapping named \"\(name)\" (bundled: \(bundledNames.joined(separator: ", ")))")
        }
        return try load(contentsOf: url)
    }

    /// Loads a mapping from a file path, or a bundled mapping when `pathOrName` is not a file but a bundled name.
    public static func load(pathOrName: String) throws(HealthRecordsError) -> CSVMapping {
        if FileManager.default.fileExists(atPath: pathOrName) { return try load(contentsOf: URL(fileURLWithPath: pathOrName)) }
        return try bundled(pathOrName)
    }

    /// Decodes a mapping from JSON bytes and checks it.
    public static func decode(_ data: Data, source: String? = nil) throws(HealthRecordsError) -> CSVMapping {
        var mapping: CSVMapping
        do { mapping = try JSONDecoder().decode(CSVMapping.self, from: data) } catch {
            throw HealthRecordsError(.invalidCSV, "the mapping is not valid: \(Self.describe(error))", position: .init(file: source))
        }
        // `fixed` members are arbitrary FHIR JSON: read them with the order-keeping FHIR JSON parser.
        if let root = (try? FHIR.JSON.parse(Array(data)))?.objectValue, let templates = root["resources"]?.arrayValue {
            for (index, template) in templates.enumerated() where index < mapping.resources.count {
                mapping.resources[index].fixed = template.objectValue?["fixed"]?.objectValue
            }
        }
        try mapping.check(source: source)
        return mapping
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            return "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "\(error)"
        }
    }

    static let knownTypes: Set<String> = ["string", "code", "uri", "id", "markdown", "boolean", "integer", "decimal", "date", "dateTime",
                                          "Identifier", "ResidentID", "CodeableConcept", "Coding", "Quantity", "ContactPoint", "Reference"]

    func check(source: String?) throws(HealthRecordsError) {
        func fail(_ text: String, _ location: String) -> HealthRecordsError {
            HealthRecordsError(.invalidCSV, text, position: .init(file: source, location: location))
        }
        if let delimiter, delimiter.unicodeScalars.count != 1 { throw fail("delimiter must be one character", "delimiter") }
        guard !resources.isEmpty else { throw fail("the mapping lists no resources", "resources") }
        let keys = Set(resources.map(\.key))
        for (r, resource) in resources.enumerated() {
            guard FHIR.Resource.isValidTypeName(resource.resourceType) else { throw fail("\"\(resource.resourceType)\" is not a resource type", "resources[\(r)].resourceType") }
            for (f, field) in resource.fields.enumerated() {
                let location = "resources[\(r)].fields[\(f)]"
                guard Self.knownTypes.contains(field.type) else {
                    throw fail("type \"\(field.type)\" is not one of \(Self.knownTypes.sorted().joined(separator: ", "))", location + ".type")
                }
                guard (try? ElementPath(field.element)) != nil else { throw fail("element path \"\(field.element)\" is malformed", location + ".element") }
                if field.type == "Reference", !keys.contains(field.target ?? "") {
                    throw fail("Reference needs \"target\" naming one of the resource keys (\(keys.sorted().joined(separator: ", ")))", location + ".target")
                }
            }
        }
    }
}

/// A path into a JSON object: `name[0].given[]`, `valueQuantity.value`.
struct ElementPath: Sendable {
    enum Step: Sendable {
        case member(String)
        case index(String, Int)
        case append(String)
    }
    var steps: [Step]

    init(_ text: String) throws(HealthRecordsError) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw HealthRecordsError(.invalidCSV, "empty step in element path \"\(text)\"") }
            if let open = part.firstIndex(of: "[") {
                let name = String(part[..<open])
                guard part.last == "]", !name.isEmpty else { throw HealthRecordsError(.invalidCSV, "malformed step \"\(part)\"") }
                let inner = part[part.index(after: open)..<part.index(before: part.endIndex)]
                if inner.isEmpty { steps.append(.append(name)) } else if let n = Int(inner), n >= 0 { steps.append(.index(name, n)) } else {
                    throw HealthRecordsError(.invalidCSV, "malformed index in \"\(part)\"")
                }
            } else {
                guard part.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { throw HealthRecordsError(.invalidCSV, "malformed step \"\(part)\"") }
                steps.append(.member(String(part)))
            }
        }
        self.steps = steps
    }

    /// Sets `value` at this path inside `object`, creating objects and arrays on the way.
    func set(_ value: FHIR.JSON, in object: inout FHIR.JSON.Object) {
        ElementPath.set(value, steps[...], in: &object)
    }

    private static func set(_ value: FHIR.JSON, _ steps: ArraySlice<Step>, in object: inout FHIR.JSON.Object) {
        guard let step = steps.first else { return }
        let rest = steps.dropFirst()
        switch step {
        case .member(let name):
            if rest.isEmpty { object[name] = value; return }
            var child = object[name]?.objectValue ?? [:]
            set(value, rest, in: &child)
            object[name] = .object(child)
        case .index(let name, let n):
            var array = object[name]?.arrayValue ?? []
            while array.count <= n { array.append(.object([:])) }
            if rest.isEmpty { array[n] = value } else {
                var child = array[n].objectValue ?? [:]
                set(value, rest, in: &child)
                array[n] = .object(child)
            }
            object[name] = .array(array)
        case .append(let name):
            var array = object[name]?.arrayValue ?? []
            if rest.isEmpty { array.append(value) } else {
                var child: FHIR.JSON.Object = [:]
                set(value, rest, in: &child)
                array.append(.object(child))
            }
            object[name] = .array(array)
        }
    }
}
