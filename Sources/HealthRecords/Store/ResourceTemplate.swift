import Foundation

/// A resource serialized ahead of storing, with its references left open: the JSON text the store writes once the
/// importer has resolved the references and the store has assigned the id, version and time.
///
/// ``StoredJSON/write(_:type:id:isNew:contentIndex:)`` builds the same bytes from the object tree on the store's
/// single writer: stamping the tree, rewriting its references and serializing it. A template is made on the
/// reader's worker threads (``MappedInput/Entry``), so the writer only joins byte runs. The output is byte for byte
/// that of `StoredJSON` (`resourceType`, `id`, `meta` with `versionId` and `lastUpdated` first, then the other
/// members in their order, compact).
///
/// The references are every `reference` string member outside `contained`, in document order: the ones
/// ``StoredJSON/rewriteReferences(_:_:)`` rewrites and ``ResourceIndexer/referenceEntries(for:)`` indexes.
public struct ResourceTemplate: Sendable {
    /// One open `reference` of the resource.
    public struct Reference: Sendable, Equatable {
        /// The reference as given.
        public let value: String
        /// The top-level element it is under (its search parameter); nil for a `reference` member of the
        /// resource itself, which is rewritten but not indexed.
        public let parameter: String?
    }

    /// The open references, in document order.
    public let references: [Reference]
    /// `"resourceType":…` value as serialized.
    private let resourceType: [UInt8]
    /// Members of the incoming `meta` other than `versionId` and `lastUpdated`, serialized with a leading comma.
    private let metaTail: [UInt8]
    /// The text after `meta`: `segments[0]`, reference 0, `segments[1]`, …, ending with the closing brace.
    private let segments: [[UInt8]]

    /// The template of `resource`; nil when its `meta` holds a `reference` member (such a resource is stored
    /// through the object tree).
    public init?(_ resource: FHIR.JSON.Object) {
        var metaTail: [UInt8] = []
        for member in resource["meta"]?.objectValue?.members ?? [] where member.key != "versionId" && member.key != "lastUpdated" {
            var found = false
            ResourceIndexer.forEachReference(member.value) { _ in found = true }
            if found || member.key == "reference" { return nil }
            metaTail.append(UInt8(ascii: ","))
            FHIR.JSON.writeString(member.key, into: &metaTail)
            metaTail.append(UInt8(ascii: ":"))
            FHIR.JSON.write(member.value, into: &metaTail, pretty: false, indent: 0)
        }
        var builder = Builder()
        var first = true
        for member in resource.members where member.key != "resourceType" && member.key != "id" && member.key != "meta" {
            if !first { builder.current.append(UInt8(ascii: ",")) }
            first = false
            builder.member(member, parameter: nil, topLevel: true)
        }
        builder.current.append(UInt8(ascii: "}"))
        builder.segments.append(builder.current)
        var type: [UInt8] = []
        FHIR.JSON.write(resource["resourceType"] ?? .string(""), into: &type, pretty: false, indent: 0)
        self.resourceType = type
        self.metaTail = metaTail
        self.segments = builder.segments
        self.references = builder.references
    }

    /// The stored JSON with `resolved` in place of ``references`` (same count, same order).
    public func render(id: String, version: Int, lastUpdated: String, references resolved: [String]) -> Data {
        precondition(resolved.count == references.count, "one resolved reference per open reference")
        var out: [UInt8] = []
        out.reserveCapacity(segments.reduce(96 + id.utf8.count + metaTail.count) { $0 + $1.count } + resolved.count * 48)
        out.append(contentsOf: #"{"resourceType":"#.utf8)
        out.append(contentsOf: resourceType)
        out.append(contentsOf: #","id":"#.utf8)
        FHIR.JSON.writeString(id, into: &out)
        out.append(contentsOf: #","meta":{"versionId":"#.utf8)
        FHIR.JSON.writeString(String(version), into: &out)
        out.append(contentsOf: #","lastUpdated":"#.utf8)
        FHIR.JSON.writeString(lastUpdated, into: &out)
        out.append(contentsOf: metaTail)
        out.append(UInt8(ascii: "}"))
        if segments[0].first != UInt8(ascii: "}") { out.append(UInt8(ascii: ",")) }
        for (i, segment) in segments.enumerated() {
            out.append(contentsOf: segment)
            if i < resolved.count { FHIR.JSON.writeString(resolved[i], into: &out) }
        }
        return Data(out)
    }

    /// The reference index entries of the resource with `resolved` in place of ``references`` (those
    /// ``ResourceIndexer/referenceEntries(for:)`` gives for the rewritten resource).
    public func referenceEntries(_ resolved: [String]) -> [SearchIndexEntry] {
        var entries: [SearchIndexEntry] = []
        for (reference, value) in zip(references, resolved) {
            if let parameter = reference.parameter, let entry = ResourceIndexer.referenceEntry(value, parameter: parameter) { entries.append(entry) }
        }
        return entries
    }

    /// Serializes members as `FHIR.JSON.write` does, cutting the text at every open reference.
    private struct Builder {
        var segments: [[UInt8]] = []
        var current: [UInt8] = []
        var references: [Reference] = []

        init() { current.reserveCapacity(512) }

        mutating func member(_ member: FHIR.JSON.Object.Member, parameter: String?, topLevel: Bool) {
            FHIR.JSON.writeString(member.key, into: &current)
            current.append(UInt8(ascii: ":"))
            if member.key == "reference", case .string(let reference) = member.value {
                segments.append(current)
                current = []
                current.reserveCapacity(256)
                references.append(Reference(value: reference, parameter: parameter))
            } else if member.key == "contained" {
                FHIR.JSON.write(member.value, into: &current, pretty: false, indent: 0)
            } else {
                value(member.value, parameter: topLevel ? member.key : parameter)
            }
        }

        mutating func value(_ value: FHIR.JSON, parameter: String?) {
            switch value {
            case .object(let object):
                current.append(UInt8(ascii: "{"))
                for (i, member) in object.members.enumerated() {
                    if i > 0 { current.append(UInt8(ascii: ",")) }
                    self.member(member, parameter: parameter, topLevel: false)
                }
                current.append(UInt8(ascii: "}"))
            case .array(let items):
                current.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { current.append(UInt8(ascii: ",")) }
                    self.value(item, parameter: parameter)
                }
                current.append(UInt8(ascii: "]"))
            default:
                FHIR.JSON.write(value, into: &current, pretty: false, indent: 0)
            }
        }
    }
}
