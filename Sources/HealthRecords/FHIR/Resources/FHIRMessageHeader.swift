extension FHIR {
    /// `MessageHeader`: the first resource of a `message` Bundle (from an HL7 v2 MSH).
    public struct MessageHeader: TypedResource {
        public static let resourceType = "MessageHeader"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// `event[x]`: a Coding (v2 event `ADT^A01`) or a uri (required).
        public var event: Choice? { get { json.choiceValue("event") } set { json.setChoiceValue("event", newValue) } }
        /// Destinations, kept as JSON.
        public var destination: [BackboneElement] { get { json.elements("destination") } set { json.setElements("destination", newValue) } }
        /// The sender.
        public var sender: Reference? { get { json.element("sender") } set { json.setElement("sender", newValue) } }
        /// The source system (required; `endpoint` 1..1), kept as JSON.
        public var source: BackboneElement? { get { json.element("source") } set { json.setElement("source", newValue) } }
        /// Why the event happened.
        public var reason: CodeableConcept? { get { json.element("reason") } set { json.setElement("reason", newValue) } }
        /// Response to a previous message, kept as JSON.
        public var response: BackboneElement? { get { json.element("response") } set { json.setElement("response", newValue) } }
        /// The message content.
        public var focus: [Reference] { get { json.elements("focus") } set { json.setElements("focus", newValue) } }
    }
}
