extension FHIR {
    /// `Practitioner`: a person who provides care (doctor, lab technician).
    public struct Practitioner: TypedResource {
        public static let resourceType = "Practitioner"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Business identifiers (licence number).
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// Whether the record is in active use.
        public var active: Bool? { get { json.bool("active") } set { json.setBool("active", newValue) } }
        /// Names.
        public var name: [HumanName] { get { json.elements("name") } set { json.setElements("name", newValue) } }
        /// Phones, emails.
        public var telecom: [ContactPoint] { get { json.elements("telecom") } set { json.setElements("telecom", newValue) } }
        /// Addresses.
        public var address: [Address] { get { json.elements("address") } set { json.setElements("address", newValue) } }
        /// Administrative gender.
        public var gender: AdministrativeGender? { get { json.code("gender") } set { json.setCode("gender", newValue) } }
        /// Birth date (`date` text).
        public var birthDate: String? { get { json.string("birthDate") } set { json.setString("birthDate", newValue) } }
        /// Qualifications, kept as JSON.
        public var qualification: [BackboneElement] {
            get { json.elements("qualification") } set { json.setElements("qualification", newValue) }
        }
    }
}
