extension FHIR {
    /// `Reference`: `Type/id`, an absolute URL, `urn:uuid:…`, or `#local` for contained resources.
    public struct Reference: Element {
        public var json: JSON.Object
        public init(json: JSON.Object) { self.json = json }
        /// Creates a reference.
        public init(_ reference: String, display: String? = nil) {
            json = [:]
            self.reference = reference; self.display = display
        }
        /// A reference to a resource by its `Type/id` (nil if the resource has no id).
        public init?<R: TypedResource>(to resource: R, display: String? = nil) {
            guard let relative = resource.relativeReference else { return nil }
            self.init(relative, display: display)
        }
        /// The literal reference.
        public var reference: String? { get { json.string("reference") } set { json.setString("reference", newValue) } }
        /// The target type.
        public var type: String? { get { json.string("type") } set { json.setString("type", newValue) } }
        /// A logical reference by identifier.
        public var identifier: Identifier? { get { json.element("identifier") } set { json.setElement("identifier", newValue) } }
        /// Display text.
        public var display: String? { get { json.string("display") } set { json.setString("display", newValue) } }

        /// Whether `text` has a valid reference shape: `#id` (contained), `urn:uuid:<uuid>`, `urn:oid:<oid>`, a
        /// relative `Type/id[/_history/vid]`, or another absolute URI (`http://server/fhir/Patient/1`) without
        /// whitespace.
        public static func isValidShape(_ text: String) -> Bool {
            if text.hasPrefix("#") { return text.count == 1 || FHIR.Resource.isValidID(String(text.dropFirst())) }
            if text.hasPrefix("urn:uuid:") { return UUID(uuidString: String(text.dropFirst(9))) != nil }
            if text.hasPrefix("urn:oid:") {
                let oid = text.dropFirst(8)
                return !oid.isEmpty && oid.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                    !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber }
                }
            }
            if let colon = text.firstIndex(of: ":"), colon > text.startIndex,
               text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }),
               text.first!.isLetter {
                return text.index(after: colon) < text.endIndex && !text.contains(where: { $0.isWhitespace })
            }
            var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 4, parts[2] == "_history", FHIR.Resource.isValidID(parts[3]) { parts = Array(parts.prefix(2)) }
            guard parts.count == 2, FHIR.Resource.isValidTypeName(parts[0]) else { return false }
            return FHIR.Resource.isValidID(parts[1])
        }
    }
}

import Foundation
