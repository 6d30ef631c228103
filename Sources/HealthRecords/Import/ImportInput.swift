import Foundation

/// The format an input came in.
public enum ImportSource: String, Sendable, Hashable, CaseIterable {
    /// HL7 v2 messages (one input per message).
    case hl7v2
    /// CSV rows (one input per row).
    case csv
    /// FHIR JSON: a Bundle, a resource, or NDJSON (one input per Bundle, resource or line).
    case fhir
}

/// One unit of input, processed in its own transaction: an HL7 v2 message, a CSV row, a FHIR Bundle.
///
/// Readers of the source formats produce these; the ``RecordImporter`` does not know the formats. An input whose
/// parsing or mapping failed still becomes an `ImportInput` (with ``Content/failed(_:)``), so that it ends up in the
/// rejection table with its position instead of being skipped.
public struct ImportInput: Sendable {
    /// What the input holds after parsing and mapping.
    public enum Content: Sendable {
        /// Mapped FHIR resources.
        case mapped(MappedInput)
        /// The input could not be parsed or mapped (the error names what was wrong; no personal data).
        case failed(HealthRecordsError)
    }
    /// The source format.
    public var source: ImportSource
    /// The file the input came from, as given.
    public var file: String
    /// The position in the file (`message 12`, `row 40`, `line 7`, `entry 3`).
    public var position: String
    /// The idempotency key: the same input imported again (same MSH-10 from the same sender, same Bundle, same
    /// row) has the same key and is recognised as already imported.
    public var key: String
    /// The raw input (message text, CSV row, JSON), kept in the import log so that nothing is lost.
    public var raw: Data
    /// The mapped resources, or the failure.
    public var content: Content

    /// Creates an input.
    public init(source: ImportSource, file: String, position: String, key: String, raw: Data, content: Content) {
        self.source = source; self.file = file; self.position = position; self.key = key; self.raw = raw
        self.content = content
    }
}

/// The FHIR resources one input was mapped to, with the scope their source ids live in.
public struct MappedInput: Sendable {
    /// One resource and the URL it had in its Bundle.
    public struct Entry: Sendable {
        /// `Bundle.entry.fullUrl` (`urn:uuid:…`, an absolute URL), nil when absent.
        public var fullUrl: String?
        /// The resource.
        public let resource: FHIR.JSON.Object
        /// For a Patient, its demographics as the patient index compares them, worked out when the entry is made
        /// (on the reader's worker threads, not on the store's single writer).
        public let demographics: PatientDemographics?
        /// Every `reference` string in the resource as given (worked out with ``demographics``, off the writer).
        public let references: Set<String>
        /// The resource's search-index entries other than references (``ResourceIndexer/contentEntries(for:)``),
        /// valid while only its references change.
        public let contentIndex: [SearchIndexEntry]
        /// The resource serialized with its references open (nil in the rare case ``ResourceTemplate`` declines):
        /// the store's writer fills in the resolved references instead of rewriting and serializing the tree.
        public let template: ResourceTemplate?
        /// Creates an entry, working out what the store needs of it (on the caller's thread).
        public init(fullUrl: String?, resource: FHIR.JSON.Object) {
            self.fullUrl = fullUrl; self.resource = resource
            demographics = resource.string("resourceType") == "Patient" ? PatientDemographics(patient: resource) : nil
            var references = Set<String>()
            ResourceIndexer.forEachReference(.object(resource)) { references.insert($0) }
            self.references = references
            contentIndex = ResourceIndexer.contentEntries(for: resource)
            template = ResourceTemplate(resource)
        }
        /// `resourceType`.
        public var type: String { resource.string("resourceType") ?? "" }
    }
    /// Resource types that only carry a message (the raw message is kept in the import log): not stored.
    public static let transportTypes: Set<String> = ["MessageHeader"]
    /// Who sent the input (HL7 v2 MSH-3^MSH-4, the CSV source name, a FHIR sender); resource ids given by a FHIR
    /// sender are unique within this scope.
    public var scope: String
    /// The resources.
    public var entries: [Entry]

    /// Creates a mapped input.
    public init(scope: String, entries: [Entry]) { self.scope = scope; self.entries = entries }

    /// The entries of a Bundle (its `entry.resource`s); a plain resource becomes one entry.
    /// - Parameter excludedTypes: resource types left out (transport resources such as `MessageHeader`), with
    ///   every reference to them (``removingEntries(ofTypes:)``), before the entries are made.
    /// - Throws: ``HealthRecordsError`` `invalid_resource` when `json` is not a resource.
    public init(scope: String, resourceOrBundle json: FHIR.JSON, position: HealthRecordsError.Position? = nil,
                excludingTypes excludedTypes: Set<String> = []) throws {
        guard case .object(let object) = json, let type = object.string("resourceType") else {
            throw HealthRecordsError(.invalidResource, "not a FHIR resource (no resourceType)", position: position)
        }
        self.scope = scope
        guard type == "Bundle" else {
            entries = excludedTypes.contains(type) ? [] : [Entry(fullUrl: nil, resource: object)]
            return
        }
        var parts: [(fullUrl: String?, resource: FHIR.JSON.Object)] = []
        for (index, entry) in (object["entry"]?.arrayValue ?? []).enumerated() {
            guard let entryObject = entry.objectValue, let resource = entryObject["resource"]?.objectValue,
                  resource.string("resourceType") != nil else {
                var where_ = position ?? HealthRecordsError.Position()
                where_.location = "Bundle.entry[\(index)]"
                throw HealthRecordsError(.invalidResource, "Bundle entry \(index + 1) has no resource", position: where_)
            }
            parts.append((entryObject.string("fullUrl"), resource))
        }
        let removedURLs = Set(parts.filter { excludedTypes.contains($0.resource.string("resourceType") ?? "") }.compactMap(\.fullUrl))
        entries = parts.compactMap { part in
            if excludedTypes.contains(part.resource.string("resourceType") ?? "") { return nil }
            return Entry(fullUrl: part.fullUrl, resource: Self.removingReferences(to: removedURLs, in: part.resource))
        }
    }

    /// The input without entries of `types` and without the references to them (array items that are such a
    /// reference are dropped, and arrays left empty); entries that change are made again.
    public func removingEntries(ofTypes types: Set<String>) -> MappedInput {
        guard entries.contains(where: { types.contains($0.type) }) else { return self }
        let removedURLs = Set(entries.filter { types.contains($0.type) }.compactMap(\.fullUrl))
        return MappedInput(scope: scope, entries: entries.compactMap { entry in
            if types.contains(entry.type) { return nil }
            guard !entry.references.isDisjoint(with: removedURLs) else { return entry }
            return Entry(fullUrl: entry.fullUrl, resource: Self.removingReferences(to: removedURLs, in: entry.resource))
        })
    }

    /// `resource` without array items that are references to `urls` (and without arrays this leaves empty).
    static func removingReferences(to urls: Set<String>, in resource: FHIR.JSON.Object) -> FHIR.JSON.Object {
        guard !urls.isEmpty else { return resource }
        var found = false
        ResourceIndexer.forEachReference(.object(resource)) { if urls.contains($0) { found = true } }
        guard found else { return resource }
        var json = FHIR.JSON.object(resource)
        removeReferences(to: urls, in: &json)
        return json.objectValue!
    }

    private static func removeReferences(to urls: Set<String>, in json: inout FHIR.JSON) {
        switch json {
        case .object(var object):
            for i in object.members.indices { removeReferences(to: urls, in: &object.members[i].value) }
            object.members.removeAll { member in
                if case .object(let inner) = member.value, let reference = inner.string("reference"), urls.contains(reference) { return true }
                if case .array(let items) = member.value, items.isEmpty { return true }
                return false
            }
            json = .object(object)
        case .array(var items):
            items.removeAll { $0.objectValue?.string("reference").map(urls.contains) ?? false }
            for i in items.indices { removeReferences(to: urls, in: &items[i]) }
            json = .array(items)
        default: break
        }
    }
}
