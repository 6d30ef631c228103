extension FHIR {
    /// `Provenance`: who did what to which resources and when (the source and transformation of a message).
    public struct Provenance: TypedResource {
        public static let resourceType = "Provenance"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// The resources this is about (required, 1..*).
        public var target: [Reference] { get { json.elements("target") } set { json.setElements("target", newValue) } }
        /// `occurred[x]`: Period or dateTime.
        public var occurred: Choice? { get { json.choiceValue("occurred") } set { json.setChoiceValue("occurred", newValue) } }
        /// When recorded (instant text, required).
        public var recorded: String? { get { json.string("recorded") } set { json.setString("recorded", newValue) } }
        /// Policies.
        public var policy: [String] { get { json.strings("policy") } set { json.setStrings("policy", newValue) } }
        /// Why.
        public var reason: [CodeableConcept] { get { json.elements("reason") } set { json.setElements("reason", newValue) } }
        /// The activity (create, transform …).
        public var activity: CodeableConcept? { get { json.element("activity") } set { json.setElement("activity", newValue) } }
        /// Agents (required, 1..*).
        public var agent: [Agent] { get { json.elements("agent") } set { json.setElements("agent", newValue) } }
        /// Entities used (source messages), kept as JSON.
        public var entity: [BackboneElement] { get { json.elements("entity") } set { json.setElements("entity", newValue) } }

        /// `Provenance.agent`.
        public struct Agent: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates an agent.
            public init(who: Reference, type: CodeableConcept? = nil) { json = [:]; self.type = type; self.who = who }
            /// How the agent participated.
            public var type: CodeableConcept? { get { json.element("type") } set { json.setElement("type", newValue) } }
            /// Who (required).
            public var who: Reference? { get { json.element("who") } set { json.setElement("who", newValue) } }
            /// On whose behalf.
            public var onBehalfOf: Reference? { get { json.element("onBehalfOf") } set { json.setElement("onBehalfOf", newValue) } }
        }
    }
}
