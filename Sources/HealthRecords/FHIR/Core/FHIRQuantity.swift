extension FHIR {
    /// `Period`: start and/or end.
    public struct Period: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates a period.
        public init(start: String?, end: String? = nil) { json = [:]; self.start = start; self.end = end }
        /// Start (dateTime text).
        public var start: String? { get { json.string("start") } set { json.setString("start", newValue) } }
        /// End (dateTime text).
        public var end: String? { get { json.string("end") } set { json.setString("end", newValue) } }
    }

    /// `Quantity`: a measured amount with a unit (UCUM when `system` = `http://unitsofmeasure.org`).
    public struct Quantity: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// The UCUM system URI.
        public static let ucum = "http://unitsofmeasure.org"
        /// Creates a quantity.
        public init(value: Decimal?, unit: String? = nil, system: String? = nil, code: String? = nil, comparator: String? = nil) {
            json = [:]
            self.value = value; self.comparator = comparator; self.unit = unit; self.system = system; self.code = code
        }
        /// The number, with its written precision.
        public var value: Decimal? { get { json.decimal("value") } set { json.setDecimal("value", newValue) } }
        /// < | <= | >= | >.
        public var comparator: String? { get { json.string("comparator") } set { json.setString("comparator", newValue) } }
        /// Unit as written.
        public var unit: String? { get { json.string("unit") } set { json.setString("unit", newValue) } }
        /// Unit system.
        public var system: String? { get { json.string("system") } set { json.setString("system", newValue) } }
        /// Coded unit.
        public var code: String? { get { json.string("code") } set { json.setString("code", newValue) } }
    }

    /// `Range`: low and high quantities.
    public struct Range: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Low bound.
        public var low: Quantity? { get { json.element("low") } set { json.setElement("low", newValue) } }
        /// High bound.
        public var high: Quantity? { get { json.element("high") } set { json.setElement("high", newValue) } }
    }

    /// `Ratio`: numerator / denominator.
    public struct Ratio: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Numerator.
        public var numerator: Quantity? { get { json.element("numerator") } set { json.setElement("numerator", newValue) } }
        /// Denominator.
        public var denominator: Quantity? { get { json.element("denominator") } set { json.setElement("denominator", newValue) } }
    }

    /// `Meta`: version id, last updated, profiles, security labels, tags.
    public struct Meta: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Version id set by the server.
        public var versionId: String? { get { json.string("versionId") } set { json.setString("versionId", newValue) } }
        /// When last changed (instant text).
        public var lastUpdated: String? { get { json.string("lastUpdated") } set { json.setString("lastUpdated", newValue) } }
        /// Where the resource came from (uri).
        public var source: String? { get { json.string("source") } set { json.setString("source", newValue) } }
        /// Profiles claimed.
        public var profile: [String] { get { json.strings("profile") } set { json.setStrings("profile", newValue) } }
        /// Security labels.
        public var security: [Coding] { get { json.elements("security") } set { json.setElements("security", newValue) } }
        /// Tags.
        public var tag: [Coding] { get { json.elements("tag") } set { json.setElements("tag", newValue) } }
    }
}
