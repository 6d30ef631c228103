extension FHIR {
    /// `Patient`: demographics of a person receiving care.
    ///
    /// Merges are carried in ``link``: the surviving record has `replaces`, the retired one `replaced-by`.
    public struct Patient: TypedResource {
        public static let resourceType = "Patient"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Business identifiers (MRN, resident identity number).
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// Whether the record is in active use.
        public var active: Bool? { get { json.bool("active") } set { json.setBool("active", newValue) } }
        /// Names.
        public var name: [HumanName] { get { json.elements("name") } set { json.setElements("name", newValue) } }
        /// Phones, emails.
        public var telecom: [ContactPoint] { get { json.elements("telecom") } set { json.setElements("telecom", newValue) } }
        /// Administrative gender; nil if absent or not a valid code.
        public var gender: AdministrativeGender? { get { json.code("gender") } set { json.setCode("gender", newValue) } }
        /// Birth date (`date` text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
        public var birthDate: String? { get { json.string("birthDate") } set { json.setString("birthDate", newValue) } }
        /// `deceased[x]`: boolean or dateTime.
        public var deceased: Choice? { get { json.choiceValue("deceased") } set { json.setChoiceValue("deceased", newValue) } }
        /// Addresses.
        public var address: [Address] { get { json.elements("address") } set { json.setElements("address", newValue) } }
        /// Marital status.
        public var maritalStatus: CodeableConcept? { get { json.element("maritalStatus") } set { json.setElement("maritalStatus", newValue) } }
        /// `multipleBirth[x]`: boolean or integer.
        public var multipleBirth: Choice? { get { json.choiceValue("multipleBirth") } set { json.setChoiceValue("multipleBirth", newValue) } }
        /// Photos.
        public var photo: [Attachment] { get { json.elements("photo") } set { json.setElements("photo", newValue) } }
        /// Contacts (next of kin, an HL7 v2 NK1).
        public var contact: [Contact] { get { json.elements("contact") } set { json.setElements("contact", newValue) } }
        /// Languages, kept as JSON.
        public var communication: [BackboneElement] {
            get { json.elements("communication") } set { json.setElements("communication", newValue) }
        }
        /// Care providers.
        public var generalPractitioner: [Reference] {
            get { json.elements("generalPractitioner") } set { json.setElements("generalPractitioner", newValue) }
        }
        /// Custodian organisation.
        public var managingOrganization: Reference? {
            get { json.element("managingOrganization") } set { json.setElement("managingOrganization", newValue) }
        }
        /// Links to other Patient/RelatedPerson records (merges, `seealso`).
        public var link: [Link] { get { json.elements("link") } set { json.setElements("link", newValue) } }

        /// `Patient.contact`: a contact party (at least one of name, telecom, address or organization, pat-1).
        public struct Contact: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Relationship to the patient (v2-0131 `N` next of kin, `E` employer …).
            public var relationship: [CodeableConcept] {
                get { json.elements("relationship") } set { json.setElements("relationship", newValue) }
            }
            /// Name.
            public var name: HumanName? { get { json.element("name") } set { json.setElement("name", newValue) } }
            /// Phones, emails.
            public var telecom: [ContactPoint] { get { json.elements("telecom") } set { json.setElements("telecom", newValue) } }
            /// Address.
            public var address: Address? { get { json.element("address") } set { json.setElement("address", newValue) } }
            /// Gender.
            public var gender: AdministrativeGender? { get { json.code("gender") } set { json.setCode("gender", newValue) } }
            /// Organisation (employer).
            public var organization: Reference? { get { json.element("organization") } set { json.setElement("organization", newValue) } }
            /// When this contact is valid.
            public var period: Period? { get { json.element("period") } set { json.setElement("period", newValue) } }
        }

        /// `Patient.link`: another record of the same person.
        public struct Link: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a link.
            public init(other: Reference, type: LinkType) { json = [:]; self.other = other; self.type = type }
            /// The other Patient or RelatedPerson.
            public var other: Reference? { get { json.element("other") } set { json.setElement("other", newValue) } }
            /// How the records relate.
            public var type: LinkType? { get { json.code("type") } set { json.setCode("type", newValue) } }
        }

        /// `LinkType` (required binding of `Patient.link.type`).
        public enum LinkType: String, Sendable, CaseIterable {
            case replacedBy = "replaced-by", replaces, refer, seealso
        }
    }
}
