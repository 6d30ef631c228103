extension FHIR {
    /// `Extension`: a `url` plus one `value[x]`, or nested extensions (never both, ext-1).
    public struct Extension: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates an extension with a value.
        public init(url: String, value: Choice) {
            json = [:]
            self.url = url
            self.value = value
        }
        /// The extension's URL.
        public var url: String? {
            get { json.string("url") }
            set { json.setString("url", newValue) }
        }
        /// `value[x]`.
        public var value: Choice? {
            get { json.choice("value").map { Choice(suffix: $0.suffix, json: $0.value) } }
            set { json.removeChoice("value"); if let newValue { json["value" + newValue.suffix] = newValue.json } }
        }
    }

    /// Any backbone element gx does not type further (`Patient.link`, `Bundle.entry.request`).
    public struct BackboneElement: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
    }
}
