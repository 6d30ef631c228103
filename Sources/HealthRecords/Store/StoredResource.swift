import Foundation

/// One version of a FHIR resource as kept by a ``RecordStore``.
///
/// `json` is the resource's JSON exactly as stored, with `id`, `meta.versionId` and `meta.lastUpdated` set by the
/// store when the version was written.
public struct StoredResource: Sendable, Hashable {
    /// The resource type (`Patient`, `Observation`, …).
    public var type: String
    /// The logical id, unique per type within the store.
    public var id: String
    /// The version number (1-based; `meta.versionId` is its decimal string).
    public var version: Int
    /// When this version was written (`meta.lastUpdated`, an instant with time zone).
    public var lastUpdated: String
    /// True for a deletion marker (a version without content).
    public var deleted: Bool
    /// The resource JSON (UTF-8).
    public var json: Data

    /// Creates a stored resource value.
    public init(type: String, id: String, version: Int, lastUpdated: String, deleted: Bool = false, json: Data) {
        self.type = type; self.id = id; self.version = version
        self.lastUpdated = lastUpdated; self.deleted = deleted; self.json = json
    }

    /// `Type/id`, the resource's relative reference.
    public var reference: String { "\(type)/\(id)" }
}

/// One entry of a resource's search index (what `search` can find it by).
///
/// Values are normalized by ``SearchIndexEntry/normalize(_:)`` for string parameters; tokens keep their case.
public struct SearchIndexEntry: Sendable, Hashable {
    /// The kind of a search parameter (FHIR search parameter types used here).
    public enum Kind: String, Sendable, Hashable {
        /// `system|code` tokens (identifier, gender, code).
        case token
        /// Strings, matched case- and accent-insensitively by prefix (name, address).
        case string
        /// Dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date-time), compared as ISO text.
        case date
        /// References to another resource (`Patient/123`).
        case reference
    }
    /// The search parameter's name (`identifier`, `name`, `birthdate`, `subject`, …).
    public var parameter: String
    /// The kind of parameter.
    public var kind: Kind
    /// For tokens, the system (may be empty); for references, the target type.
    public var system: String
    /// The value: token code, normalized string, date text, or reference target id.
    public var value: String

    /// Creates an index entry.
    public init(parameter: String, kind: Kind, system: String = "", value: String) {
        self.parameter = parameter; self.kind = kind; self.system = system; self.value = value
    }

    /// Normalizes a string search value: lowercased, diacritics folded, whitespace removed.
    public static func normalize(_ text: String) -> String {
        // Fast path for the usual names (ASCII and Han characters): only ASCII case and the removed characters
        // change, exactly as the general path below would change them.
        if text.unicodeScalars.allSatisfy({ $0.isASCII || Pinyin.isHan($0) }) {
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 9...13, 32, 45, 39: continue                  // whitespace, '-', '\''
                case 65...90: out.append(Unicode.Scalar(scalar.value + 32)!)
                default: out.append(scalar)
                }
            }
            return String(out)
        }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return String(folded.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "-" && $0 != "'" }.map(Character.init))
    }
}

/// A resource to be written: its type and id, the search index entries, and a renderer producing its JSON
/// once the store has assigned the version and the time.
public struct ResourceWrite {
    /// The resource type.
    public var type: String
    /// The logical id.
    public var id: String
    /// What the resource can be searched by (references included, for compartments and integrity checks).
    public var index: [SearchIndexEntry]
    /// Produces the resource JSON with `meta.versionId` = `versionId` and `meta.lastUpdated` = `lastUpdated`.
    public var render: (_ versionId: Int, _ lastUpdated: String) throws -> Data
    /// True when the id was just made for this resource, so no earlier version can exist (version 1 is written
    /// without looking for one; the store still refuses a duplicate id).
    public var isNew: Bool

    /// Creates a write.
    public init(type: String, id: String, index: [SearchIndexEntry], isNew: Bool = false,
                render: @escaping (_ versionId: Int, _ lastUpdated: String) throws -> Data) {
        self.type = type; self.id = id; self.index = index; self.isNew = isNew; self.render = render
    }
}
