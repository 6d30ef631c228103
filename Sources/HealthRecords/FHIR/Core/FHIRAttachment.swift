extension FHIR {
    /// `Attachment`: content in another format (a PDF report, an image), inline as Base64 or by URL.
    public struct Attachment: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates an attachment.
        public init(contentType: String?, data: String? = nil, url: String? = nil, title: String? = nil) {
            json = [:]
            self.contentType = contentType; self.data = data; self.url = url; self.title = title
        }
        /// MIME type (required when ``data`` is present, att-1).
        public var contentType: String? { get { json.string("contentType") } set { json.setString("contentType", newValue) } }
        /// Human language (BCP 47).
        public var language: String? { get { json.string("language") } set { json.setString("language", newValue) } }
        /// The content, Base64-encoded.
        public var data: String? { get { json.string("data") } set { json.setString("data", newValue) } }
        /// Where the content is.
        public var url: String? { get { json.string("url") } set { json.setString("url", newValue) } }
        /// Size in bytes.
        public var size: Int? { get { json.integer("size") } set { json.setInteger("size", newValue) } }
        /// SHA-1 hash of the content, Base64-encoded.
        public var hash: String? { get { json.string("hash") } set { json.setString("hash", newValue) } }
        /// Label.
        public var title: String? { get { json.string("title") } set { json.setString("title", newValue) } }
        /// When created (dateTime text).
        public var creation: String? { get { json.string("creation") } set { json.setString("creation", newValue) } }
    }

    /// `Annotation`: a note with author and time.
    public struct Annotation: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates a note.
        public init(text: String, time: String? = nil) { json = [:]; self.text = text; self.time = time }
        /// `author[x]`: Reference or string.
        public var author: Choice? { get { json.choiceValue("author") } set { json.setChoiceValue("author", newValue) } }
        /// When (dateTime text).
        public var time: String? { get { json.string("time") } set { json.setString("time", newValue) } }
        /// The note (markdown, required).
        public var text: String? { get { json.string("text") } set { json.setString("text", newValue) } }
    }
}
