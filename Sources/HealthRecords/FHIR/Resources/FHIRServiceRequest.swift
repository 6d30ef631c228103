extension FHIR {
    /// `ServiceRequest`: an order (an HL7 v2 ORC/OBR placer order; a screening test request).
    public struct ServiceRequest: TypedResource {
        public static let resourceType = "ServiceRequest"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Creates a request with its required elements.
        public init(status: Status, intent: Intent, subject: Reference) {
            self.init()
            self.status = status; self.intent = intent; self.subject = subject
        }

        /// `RequestStatus` (required binding).
        public enum Status: String, Sendable, CaseIterable {
            case draft, active
            case onHold = "on-hold"
            case revoked, completed
            case enteredInError = "entered-in-error"
            case unknown
        }

        /// `RequestIntent` (required binding).
        public enum Intent: String, Sendable, CaseIterable {
            case proposal, plan, directive, order
            case originalOrder = "original-order"
            case reflexOrder = "reflex-order"
            case fillerOrder = "filler-order"
            case instanceOrder = "instance-order"
            case option
        }

        /// Business identifiers (placer/filler order numbers).
        public var identifier: [Identifier] { get { json.elements("identifier") } set { json.setElements("identifier", newValue) } }
        /// Status (required).
        public var status: Status? { get { json.code("status") } set { json.setCode("status", newValue) } }
        /// Intent (required).
        public var intent: Intent? { get { json.code("intent") } set { json.setCode("intent", newValue) } }
        /// Categories.
        public var category: [CodeableConcept] { get { json.elements("category") } set { json.setElements("category", newValue) } }
        /// `routine`, `urgent`, `asap`, `stat`.
        public var priority: String? { get { json.string("priority") } set { json.setString("priority", newValue) } }
        /// What is requested.
        public var code: CodeableConcept? { get { json.element("code") } set { json.setElement("code", newValue) } }
        /// The patient (required).
        public var subject: Reference? { get { json.element("subject") } set { json.setElement("subject", newValue) } }
        /// The encounter.
        public var encounter: Reference? { get { json.element("encounter") } set { json.setElement("encounter", newValue) } }
        /// When requested (dateTime text).
        public var authoredOn: String? { get { json.string("authoredOn") } set { json.setString("authoredOn", newValue) } }
        /// Who requested.
        public var requester: Reference? { get { json.element("requester") } set { json.setElement("requester", newValue) } }
        /// Specimens.
        public var specimen: [Reference] { get { json.elements("specimen") } set { json.setElements("specimen", newValue) } }
    }
}
