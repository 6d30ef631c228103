extension FHIR {
    /// `MessageHeader`: the first resource of a `message` Bundle (from an HL7 v2 MSH).
    public struct MessageHeader: TypedResource {
        public static let resourceType = "MessageHeader"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// `event[x]`: a Coding (v2 event `ADT^A01`) or a uri (required).
        public var event: Choice? { get { json.choiceValue("event") } set { json.setChoiceValue("event", newValue) } }
        /// Destinations (MSH-5/MSH-6).
        public var destination: [Endpoint] { get { json.elements("destination") } set { json.setElements("destination", newValue) } }
        /// The sender.
        public var sender: Reference? { get { json.element("sender") } set { json.setElement("sender", newValue) } }
        /// The source system (required; MSH-3/MSH-4).
        public var source: Endpoint? { get { json.element("source") } set { json.setElement("source", newValue) } }
        /// Why the event happened.
        public var reason: CodeableConcept? { get { json.element("reason") } set { json.setElement("reason", newValue) } }
        /// `MessageHeader.source` and `MessageHeader.destination`: a system and its endpoint URL (required).
        public struct Endpoint: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a source or destination.
            public init(endpoint: String, name: String? = nil) { json = [:]; self.name = name; self.endpoint = endpoint }
            /// System name.
            public var name: String? { get { json.string("name") } set { json.setString("name", newValue) } }
            /// Software (source only).
            public var software: String? { get { json.string("software") } set { json.setString("software", newValue) } }
            /// Version (source only).
            public var version: String? { get { json.string("version") } set { json.setString("version", newValue) } }
            /// Actual address or id (url, required).
            public var endpoint: String? { get { json.string("endpoint") } set { json.setString("endpoint", newValue) } }
            /// The receiving organisation (destination only).
            public var receiver: Reference? { get { json.element("receiver") } set { json.setElement("receiver", newValue) } }
        }

        /// Response to a previous message, kept as JSON.
        public var response: BackboneElement? { get { json.element("response") } set { json.setElement("response", newValue) } }
        /// The message content.
        public var focus: [Reference] { get { json.elements("focus") } set { json.setElements("focus", newValue) } }
    }
}
