extension FHIR {
    /// `Identifier`: a business identifier (MRN, resident ID number).
    public struct Identifier: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates an identifier.
        public init(system: String?, value: String?, type: CodeableConcept? = nil, use: String? = nil) {
            json = [:]
            self.use = use; self.type = type; self.system = system; self.value = value
        }
        /// usual | official | temp | secondary | old.
        public var use: String? { get { json.string("use") } set { json.setString("use", newValue) } }
        /// Identifier type (`MR`, `NNxxx`).
        public var type: CodeableConcept? { get { json.element("type") } set { json.setElement("type", newValue) } }
        /// The namespace URI.
        public var system: String? { get { json.string("system") } set { json.setString("system", newValue) } }
        /// The identifier value.
        public var value: String? { get { json.string("value") } set { json.setString("value", newValue) } }
        /// The issuing organisation.
        public var assigner: Reference? { get { json.element("assigner") } set { json.setElement("assigner", newValue) } }
    }
}
