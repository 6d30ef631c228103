extension FHIR {
    /// `ContactPoint`: phone, email, …
    public struct ContactPoint: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates a contact point.
        public init(system: String?, value: String?, use: String? = nil) {
            json = [:]
            self.system = system; self.value = value; self.use = use
        }
        /// phone | fax | email | pager | url | sms | other.
        public var system: String? { get { json.string("system") } set { json.setString("system", newValue) } }
        /// The number or address.
        public var value: String? { get { json.string("value") } set { json.setString("value", newValue) } }
        /// home | work | temp | old | mobile.
        public var use: String? { get { json.string("use") } set { json.setString("use", newValue) } }
    }
}
