extension FHIR {
    /// `Coding`: a code from a code system.
    public struct Coding: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates a coding.
        public init(system: String?, code: String?, display: String? = nil) {
            json = [:]
            self.system = system; self.code = code; self.display = display
        }
        /// Code system URI.
        public var system: String? { get { json.string("system") } set { json.setString("system", newValue) } }
        /// Code system version.
        public var version: String? { get { json.string("version") } set { json.setString("version", newValue) } }
        /// The code.
        public var code: String? { get { json.string("code") } set { json.setString("code", newValue) } }
        /// Display text.
        public var display: String? { get { json.string("display") } set { json.setString("display", newValue) } }
    }

    /// `CodeableConcept`: codings plus text.
    public struct CodeableConcept: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates a concept from codings and text.
        public init(coding: [Coding], text: String? = nil) {
            json = [:]
            self.coding = coding; self.text = text
        }
        /// The codings.
        public var coding: [Coding] { get { json.elements("coding") } set { json.setElements("coding", newValue) } }
        /// Plain text.
        public var text: String? { get { json.string("text") } set { json.setString("text", newValue) } }
        /// Whether any coding has `system` and `code`.
        public func contains(system: String, code: String) -> Bool {
            coding.contains { $0.system == system && $0.code == code }
        }
    }
}
