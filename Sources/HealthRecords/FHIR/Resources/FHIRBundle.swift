extension FHIR {
    /// `Bundle`: a container of resources — a transaction or batch to execute, a message, a document, a search
    /// result, a history, or a plain collection.
    ///
    /// ```swift
    /// var bundle = FHIR.Bundle(type: .transaction)
    /// bundle.entry.append(.init(fullUrl: "urn:uuid:\(UUID())", resource: patient.resource,
    ///                           request: .init(method: .post, url: "Patient")))
    /// ```
    public struct Bundle: TypedResource {
        public static let resourceType = "Bundle"
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }

        /// Creates an empty bundle of a type.
        public init(type: BundleType) {
            self.init()
            self.type = type
        }

        /// A persistent identifier for the bundle.
        public var identifier: Identifier? { get { json.element("identifier") } set { json.setElement("identifier", newValue) } }
        /// The bundle type (required); nil if absent or not a valid code.
        public var type: BundleType? { get { json.code("type") } set { json.setCode("type", newValue) } }
        /// When the bundle was assembled (instant text).
        public var timestamp: String? { get { json.string("timestamp") } set { json.setString("timestamp", newValue) } }
        /// Total matches (searchset/history).
        public var total: Int? { get { json.integer("total") } set { json.setInteger("total", newValue) } }
        /// Links (`self`, `next` …).
        public var link: [Link] { get { json.elements("link") } set { json.setElements("link", newValue) } }
        /// Entries, in order.
        public var entry: [Entry] { get { json.elements("entry") } set { json.setElements("entry", newValue) } }

        /// The resources of all entries, in order (entries without a resource skipped).
        public var resources: [Resource] { entry.compactMap(\.resource) }

        /// `Bundle.link`.
        public struct Link: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a link.
            public init(relation: String, url: String) { json = [:]; self.relation = relation; self.url = url }
            /// `self`, `next`, `previous` …
            public var relation: String? { get { json.string("relation") } set { json.setString("relation", newValue) } }
            /// The URL.
            public var url: String? { get { json.string("url") } set { json.setString("url", newValue) } }
        }

        /// `Bundle.entry`.
        public struct Entry: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates an entry.
            public init(fullUrl: String? = nil, resource: Resource? = nil, request: Request? = nil, response: Response? = nil) {
                json = [:]
                self.fullUrl = fullUrl; self.resource = resource; self.request = request; self.response = response
            }
            /// Absolute URL of the resource (`urn:uuid:…` for new resources in a transaction).
            public var fullUrl: String? { get { json.string("fullUrl") } set { json.setString("fullUrl", newValue) } }
            /// The resource.
            public var resource: Resource? { get { json.element("resource") } set { json.setElement("resource", newValue) } }
            /// Search information (searchset).
            public var search: Search? { get { json.element("search") } set { json.setElement("search", newValue) } }
            /// What to do with the entry (transaction/batch).
            public var request: Request? { get { json.element("request") } set { json.setElement("request", newValue) } }
            /// What happened (transaction-response/batch-response/history).
            public var response: Response? { get { json.element("response") } set { json.setElement("response", newValue) } }
        }

        /// `Bundle.entry.search`.
        public struct Search: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// `match`, `include` or `outcome`.
            public var mode: String? { get { json.string("mode") } set { json.setString("mode", newValue) } }
            /// Relevance score (decimal).
            public var score: Decimal? { get { json.decimal("score") } set { json.setDecimal("score", newValue) } }
        }

        /// `Bundle.entry.request`.
        public struct Request: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a request.
            public init(method: HTTPVerb, url: String, ifNoneExist: String? = nil, ifMatch: String? = nil) {
                json = [:]
                self.method = method; self.url = url; self.ifNoneExist = ifNoneExist; self.ifMatch = ifMatch
            }
            /// The HTTP verb (required).
            public var method: HTTPVerb? { get { json.code("method") } set { json.setCode("method", newValue) } }
            /// The URL relative to the server base (`Patient`, `Patient/123`, `Patient?identifier=…`) (required).
            public var url: String? { get { json.string("url") } set { json.setString("url", newValue) } }
            /// `If-None-Match`.
            public var ifNoneMatch: String? { get { json.string("ifNoneMatch") } set { json.setString("ifNoneMatch", newValue) } }
            /// `If-Modified-Since` (instant text).
            public var ifModifiedSince: String? {
                get { json.string("ifModifiedSince") } set { json.setString("ifModifiedSince", newValue) }
            }
            /// `If-Match` (`W/"3"`).
            public var ifMatch: String? { get { json.string("ifMatch") } set { json.setString("ifMatch", newValue) } }
            /// `If-None-Exist`: conditional create search parameters.
            public var ifNoneExist: String? { get { json.string("ifNoneExist") } set { json.setString("ifNoneExist", newValue) } }
        }

        /// `Bundle.entry.response`.
        public struct Response: Element {
            public var json: JSON.Object
            public init(json: JSON.Object) { self.json = json }
            /// Creates a response.
            public init(status: String, location: String? = nil, etag: String? = nil, lastModified: String? = nil) {
                json = [:]
                self.status = status; self.location = location; self.etag = etag; self.lastModified = lastModified
            }
            /// HTTP status with optional text (`"201 Created"`) (required).
            public var status: String? { get { json.string("status") } set { json.setString("status", newValue) } }
            /// `Location` of the created/updated resource.
            public var location: String? { get { json.string("location") } set { json.setString("location", newValue) } }
            /// `ETag` (`W/"1"`).
            public var etag: String? { get { json.string("etag") } set { json.setString("etag", newValue) } }
            /// Server's last-modified time (instant text).
            public var lastModified: String? { get { json.string("lastModified") } set { json.setString("lastModified", newValue) } }
            /// An OperationOutcome with hints and warnings (batch/transaction).
            public var outcome: Resource? { get { json.element("outcome") } set { json.setElement("outcome", newValue) } }
        }
    }
}
