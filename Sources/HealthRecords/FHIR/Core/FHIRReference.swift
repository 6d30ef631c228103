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
        /// The literal reference.
        public var reference: String? { get { json.string("reference") } set { json.setString("reference", newValue) } }
        /// The target type.
        public var type: String? { get { json.string("type") } set { json.setString("type", newValue) } }
        /// A logical reference by identifier.
        public var identifier: Identifier? { get { json.element("identifier") } set { json.setElement("identifier", newValue) } }
        /// Display text.
        public var display: String? { get { json.string("display") } set { json.setString("display", newValue) } }

        /// Whether `text` has a valid reference shape: `#id`, `urn:uuid:<uuid>`, `urn:oid:<oid>`,
        /// `Type/id[/_history/vid]`, or an absolute `http(s)://…/Type/id` URL.
        public static func isValidShape(_ text: String) -> Bool {
            if text.hasPrefix("#") { return text.count == 1 || FHIR.Resource.isValidID(String(text.dropFirst())) }
            if text.hasPrefix("urn:uuid:") { return UUID(uuidString: String(text.dropFirst(9))) != nil }
            if text.hasPrefix("urn:oid:") {
                let oid = text.dropFirst(8)
                return !oid.isEmpty && oid.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
            }
            var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if text.hasPrefix("http://") || text.hasPrefix("https://") {
                guard parts.count >= 5 else { return !text.contains(" ") }
                parts = Array(parts.suffix(parts.count >= 6 && parts[parts.count - 2] == "_history" ? 4 : 2))
            }
            if parts.count == 4, parts[2] == "_history" { parts = Array(parts.prefix(2)) }
            guard parts.count == 2, let first = parts[0].first, first.isUppercase,
                  parts[0].allSatisfy({ $0.isLetter && $0.isASCII }) else { return false }
            return FHIR.Resource.isValidID(parts[1])
        }
    }
}

import Foundation
