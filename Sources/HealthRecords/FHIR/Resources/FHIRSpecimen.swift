extension FHIR {
    /// `Specimen`: a sample (blood, plasma, dried blood spot) — an HL7 v2 SPM.
    public struct Specimen: TypedResource {
        public static let resourceType = "Specimen"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// `SpecimenStatus` (required binding of `Specimen.status`).
        public enum Status: String, Sendable, CaseIterable {
            case available, unavailable, unsatisfactory
            case enteredInError = "entered-in-error"
        }

        /// Business identifiers.
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// The lab's accession identifier.
        public var accessionIdentifier: Identifier? {
            get { json.element("accessionIdentifier") } set { json.setElement("accessionIdentifier", newValue) }
        }
        /// Status.
        public var status: Status? { get { json.code("status") } set { json.setCode("status", newValue) } }
        /// Kind of specimen.
        public var type: CodeableConcept? { get { json.element("type") } set { json.setElement("type", newValue) } }
        /// Where it came from.
        public var subject: Reference? { get { json.element("subject") } set { json.setElement("subject", newValue) } }
        /// When received (dateTime text).
        public var receivedTime: String? { get { json.string("receivedTime") } set { json.setString("receivedTime", newValue) } }
        /// Parent specimens.
        public var parent: [Reference] { get { json.elements("parent") } set { json.setElements("parent", newValue) } }
        /// Orders.
        public var request: [Reference] { get { json.elements("request") } set { json.setElements("request", newValue) } }
        /// Collection details, kept as JSON.
        public var collection: BackboneElement? { get { json.element("collection") } set { json.setElement("collection", newValue) } }
    }
}
