extension FHIR {
    /// `Organization`: a hospital, clinic, laboratory or department.
    public struct Organization: TypedResource {
        public static let resourceType = "Organization"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Business identifiers (unified social credit code, institution code).
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// Whether the record is in active use.
        public var active: Bool? { get { json.bool("active") } set { json.setBool("active", newValue) } }
        /// Kinds of organisation.
        public var type: [CodeableConcept] { get { json.elements("type") } set { json.setElements("type", newValue) } }
        /// Name.
        public var name: String? { get { json.string("name") } set { json.setString("name", newValue) } }
        /// Other names.
        public var alias: [String] { get { json.strings("alias") } set { json.setStrings("alias", newValue) } }
        /// Phones, emails.
        public var telecom: [ContactPoint] { get { json.elements("telecom") } set { json.setElements("telecom", newValue) } }
        /// Addresses.
        public var address: [Address] { get { json.elements("address") } set { json.setElements("address", newValue) } }
        /// Parent organisation.
        public var partOf: Reference? { get { json.element("partOf") } set { json.setElement("partOf", newValue) } }
    }
}
