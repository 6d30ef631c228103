extension FHIR {
    /// `HumanName`.
    public struct HumanName: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates a name.
        public init(family: String?, given: [String] = [], text: String? = nil, use: String? = nil) {
            json = [:]
            self.use = use; self.text = text; self.family = family; self.given = given
        }
        /// usual | official | temp | nickname | anonymous | old | maiden.
        public var use: String? { get { json.string("use") } set { json.setString("use", newValue) } }
        /// Full name as text.
        public var text: String? { get { json.string("text") } set { json.setString("text", newValue) } }
        /// Family name (surname).
        public var family: String? { get { json.string("family") } set { json.setString("family", newValue) } }
        /// Given names, in order.
        public var given: [String] { get { json.strings("given") } set { json.setStrings("given", newValue) } }
        /// Prefixes.
        public var prefix: [String] { get { json.strings("prefix") } set { json.setStrings("prefix", newValue) } }
        /// Suffixes.
        public var suffix: [String] { get { json.strings("suffix") } set { json.setStrings("suffix", newValue) } }
    }
}
