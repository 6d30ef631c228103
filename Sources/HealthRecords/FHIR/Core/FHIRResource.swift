extension FHIR {
    /// Any FHIR resource, of any type, modelled by gx or not: the resource's JSON object plus typed access to the
    /// elements every resource has (`resourceType`, `id`, `meta`, `text`, `contained`).
    ///
    /// `Resource` is the currency between gx's layers: parsers produce it, the store keeps it, writers serialise
    /// it. Typed views of the modelled resource types are one call away:
    ///
    /// ```swift
    /// let resource = try FHIR.Resource(parsing: bytes, file: path)
    /// if let patient = resource.as(FHIR.Patient.self) { print(patient.birthDate ?? "-") }
    /// let out = resource.serialized()          // same JSON back (member order kept)
    /// ```
    public struct Resource: Element, CustomStringConvertible {
        public var json: JSON.Object

        /// Wraps a JSON object without checking it (see ``init(checking:file:)``).
        public init(json: JSON.Object) { self.json = json }

        /// Wraps a JSON object after checking that it looks like a resource: `resourceType` is a string naming a
        /// type (an upper-case ASCII letter followed by letters).
        ///
        /// - Throws: ``HealthRecordsError`` `invalidResource` naming what is missing.
        public init(checking object: JSON.Object, file: String? = nil) throws(HealthRecordsError) {
            guard let type = object["resourceType"] else {
                throw HealthRecordsError(.invalidResource, "the JSON object has no 'resourceType' member",
                                         position: .init(file: file))
            }
            guard let name = type.stringValue, Resource.isValidTypeName(name) else {
                throw HealthRecordsError(.invalidResource, "'resourceType' must be a string naming a resource type, found \(type.kindName)",
                                         position: .init(file: file, location: "resourceType"))
            }
            self.json = object
        }

        /// Parses one resource from UTF-8 JSON text.
        ///
        /// - Throws: ``HealthRecordsError`` `invalidJSON` (with line and column) or `invalidResource`.
        public init(parsing bytes: some Collection<UInt8>, file: String? = nil) throws(HealthRecordsError) {
            let value = try JSON.parse(bytes, file: file)
            guard case .object(let object) = value else {
                throw HealthRecordsError(.invalidResource, "a FHIR resource must be a JSON object, found \(value.kindName)",
                                         position: .init(file: file, line: 1))
            }
            try self.init(checking: object, file: file)
        }

        /// Parses one resource from JSON text held in a `String`.
        public init(parsing text: String, file: String? = nil) throws(HealthRecordsError) {
            try self.init(parsing: Array(text.utf8), file: file)
        }

        /// Wraps a typed resource (its JSON is taken as is).
        public init<R: TypedResource>(_ typed: R) { self.json = typed.json }

        /// The resource type (`"Patient"`), empty if missing.
        public var resourceType: String { json.string("resourceType") ?? "" }

        /// A typed view of this resource, if its `resourceType` is `type`'s.
        public func `as`<R: TypedResource>(_ type: R.Type) -> R? {
            resourceType == R.resourceType ? R(json: json) : nil
        }

        /// `Type/id`, or nil if the resource has no id.
        public var relativeReference: String? { id.map { "\(resourceType)/\($0)" } }

        /// The resource as compact UTF-8 JSON bytes.
        public func serializedBytes(pretty: Bool = false) -> [UInt8] { JSON.object(json).serializedBytes(pretty: pretty) }

        /// The resource as JSON text.
        public func serialized(pretty: Bool = false) -> String { JSON.object(json).serialized(pretty: pretty) }

        /// `Type/id` for messages; never the content (it may be personal data).
        public var description: String { relativeReference ?? resourceType }

        /// Whether `text` is a valid resource id: 1–64 characters from `A–Z a–z 0–9 - .`.
        public static func isValidID(_ text: String) -> Bool {
            let utf8 = text.utf8
            guard !utf8.isEmpty, utf8.count <= 64 else { return false }
            return utf8.allSatisfy { c in
                (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E
            }
        }

        /// Whether `name` has the shape of a resource type name (`Patient`, `MolecularSequence`).
        public static func isValidTypeName(_ name: String) -> Bool {
            guard let first = name.utf8.first, first >= 0x41, first <= 0x5A else { return false }
            return name.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        }
    }

    /// A resource type gx models with typed properties (``Patient``, ``Observation``, ``Bundle`` …).
    ///
    /// Conforming types own their JSON object like every ``Element``; `init(json:)` does not check
    /// `resourceType` (use ``Resource/as(_:)`` for a checked view). `init()` creates an empty resource of the type.
    public protocol TypedResource: ResourceElements {
        /// The `resourceType` value of this type (`"Patient"`).
        static var resourceType: String { get }
    }
}

extension FHIR.TypedResource {
    /// Creates an empty resource of this type (only `resourceType` set).
    public init() { self.init(json: ["resourceType": .string(Self.resourceType)]) }

    /// Creates an empty resource with a logical id.
    public init(id: String) {
        self.init()
        self.id = id
    }

    /// This resource as a type-erased ``FHIR/Resource``.
    public var resource: FHIR.Resource { FHIR.Resource(json: json) }

    /// `Type/id`, or nil if the resource has no id.
    public var relativeReference: String? { id.map { "\(Self.resourceType)/\($0)" } }

    /// The resource as JSON text.
    public func serialized(pretty: Bool = false) -> String { FHIR.JSON.object(json).serialized(pretty: pretty) }
}


extension FHIR {
    /// Marker for types whose JSON is a whole resource (``Resource`` and every ``TypedResource``); gives them
    /// `meta`, `implicitRules`, `language`, `text` and `contained`.
    public protocol ResourceElements: Element {}
}

extension FHIR.Resource: FHIR.ResourceElements {}

extension FHIR.ResourceElements {
    /// `meta`: version id, last updated, profiles, tags.
    public var meta: FHIR.Meta? { get { json.element("meta") } set { json.setElement("meta", newValue) } }
    /// `implicitRules`.
    public var implicitRules: String? { get { json.string("implicitRules") } set { json.setString("implicitRules", newValue) } }
    /// `language` (BCP 47).
    public var language: String? { get { json.string("language") } set { json.setString("language", newValue) } }
    /// `text`: the narrative (XHTML `div` and `status`), kept as JSON.
    public var text: FHIR.BackboneElement? { get { json.element("text") } set { json.setElement("text", newValue) } }
    /// `contained` resources (no nested `contained`, dom-2).
    public var contained: [FHIR.Resource] { get { json.elements("contained") } set { json.setElements("contained", newValue) } }
    /// `modifierExtension`s.
    public var modifierExtensions: [FHIR.Extension] {
        get { json.elements("modifierExtension") }
        set { json.setElements("modifierExtension", newValue) }
    }
}
