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

        /// The core extension that says how a name is written (ISO 21090 EN representation).
        public static let representationExtension = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"

        /// How a name is written: Chinese characters (`IDE`, ideographic), pinyin (`SYL`, syllabic — FHIR's
        /// choice for romanised CJK names) or alphabetic (`ABC`).
        public enum Representation: String, Sendable, CaseIterable {
            /// Ideographic (汉字).
            case ideographic = "IDE"
            /// Syllabic (pinyin).
            case syllabic = "SYL"
            /// Alphabetic.
            case alphabetic = "ABC"
        }

        /// The name's representation, from the ``representationExtension`` extension.
        public var representation: Representation? {
            get {
                extensions(url: HumanName.representationExtension).first.flatMap {
                    if case .code(let c)? = $0.value { return Representation(rawValue: c) } else { return nil }
                }
            }
            set {
                var others = extensions.filter { $0.url != HumanName.representationExtension }
                if let newValue { others.append(Extension(url: HumanName.representationExtension, value: .code(newValue.rawValue))) }
                extensions = others
            }
        }
    }
}
