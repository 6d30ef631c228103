extension FHIR {
    /// `Address`. In China, `district`/`city`/`state` carry names and a GB/T 2260 division code is kept in an
    /// extension (see ``FHIR/Address/divisionCode``).
    public struct Address: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// The extension URL gx uses for the GB/T 2260 administrative division code of an address.
        public static let divisionCodeExtension = "https://gx.example.org/fhir/StructureDefinition/address-division-code"
        /// home | work | temp | old | billing.
        public var use: String? { get { json.string("use") } set { json.setString("use", newValue) } }
        /// Full address as text.
        public var text: String? { get { json.string("text") } set { json.setString("text", newValue) } }
        /// Street lines.
        public var line: [String] { get { json.strings("line") } set { json.setStrings("line", newValue) } }
        /// City.
        public var city: String? { get { json.string("city") } set { json.setString("city", newValue) } }
        /// District / county.
        public var district: String? { get { json.string("district") } set { json.setString("district", newValue) } }
        /// State / province.
        public var state: String? { get { json.string("state") } set { json.setString("state", newValue) } }
        /// Postal code.
        public var postalCode: String? { get { json.string("postalCode") } set { json.setString("postalCode", newValue) } }
        /// Country (ISO 3166).
        public var country: String? { get { json.string("country") } set { json.setString("country", newValue) } }
        /// The GB/T 2260 six-digit division code, kept in the ``divisionCodeExtension`` extension.
        public var divisionCode: String? {
            get {
                extensions(url: Address.divisionCodeExtension).first.flatMap {
                    if case .code(let c)? = $0.value { return c } else { return nil }
                }
            }
            set {
                var others = extensions.filter { $0.url != Address.divisionCodeExtension }
                if let newValue { others.append(Extension(url: Address.divisionCodeExtension, value: .code(newValue))) }
                extensions = others
            }
        }
    }
}
