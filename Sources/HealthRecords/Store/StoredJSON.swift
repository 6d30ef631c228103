import Foundation

/// Writing FHIR JSON objects into the store: the store sets `id`, `meta.versionId` and `meta.lastUpdated`.
public enum StoredJSON {
    /// A ``ResourceWrite`` for `resource` under `type`/`id`, indexed by ``ResourceIndexer``.
    /// - Parameter isNew: true when `id` was just made for this resource (the store then skips looking for an
    ///   earlier version).
    /// - Parameter contentIndex: ``ResourceIndexer/contentEntries(for:)`` of `resource` when already worked out
    ///   (only the references are then indexed here).
    public static func write(_ resource: FHIR.JSON.Object, type: String, id: String, isNew: Bool = false,
                             contentIndex: [SearchIndexEntry]? = nil) -> ResourceWrite {
        let index = contentIndex.map { $0 + ResourceIndexer.referenceEntries(for: resource) } ?? ResourceIndexer.entries(for: resource)
        return ResourceWrite(type: type, id: id, index: index, isNew: isNew) { version, lastUpdated in
            Data(FHIR.JSON.object(stamped(resource, id: id, version: version, lastUpdated: lastUpdated)).serializedBytes())
        }
    }

    /// The resource with `resourceType` first, then `id`, then `meta` (versionId, lastUpdated, and whatever else the
    /// incoming `meta` had except its own versionId/lastUpdated), then the other members in their order.
    public static func stamped(_ resource: FHIR.JSON.Object, id: String, version: Int, lastUpdated: String) -> FHIR.JSON.Object {
        var meta: FHIR.JSON.Object = ["versionId": .string(String(version)), "lastUpdated": .string(lastUpdated)]
        for member in resource["meta"]?.objectValue?.members ?? [] where member.key != "versionId" && member.key != "lastUpdated" {
            meta.members.append(member)
        }
        var out = FHIR.JSON.Object()
        out.members.reserveCapacity(resource.members.count + 2)
        out.members.append(.init(key: "resourceType", value: resource["resourceType"] ?? .string("")))
        out.members.append(.init(key: "id", value: .string(id)))
        out.members.append(.init(key: "meta", value: .object(meta)))
        for member in resource.members where !["resourceType", "id", "meta"].contains(member.key) { out.members.append(member) }
        return out
    }

    /// Parses a stored resource's JSON.
    /// - Throws: ``HealthRecordsError`` `store` when the stored JSON is not an object (a damaged store).
    public static func object(_ stored: StoredResource) throws -> FHIR.JSON.Object {
        guard let object = try? FHIR.JSON.parse(stored.json).objectValue else {
            throw HealthRecordsError(.store, "stored \(stored.reference) is not a JSON object")
        }
        return object
    }

    /// Rewrites every `reference` string in `json` (not inside `contained`) with `transform`; a nil result keeps it.
    public static func rewriteReferences(_ json: inout FHIR.JSON, _ transform: (String) throws -> String?) rethrows {
        switch json {
        case .object(var object):
            for i in object.members.indices {
                if object.members[i].key == "reference", case .string(let reference) = object.members[i].value {
                    if let replaced = try transform(reference) { object.members[i].value = .string(replaced) }
                } else if object.members[i].key != "contained" {
                    try rewriteReferences(&object.members[i].value, transform)
                }
            }
            json = .object(object)
        case .array(var items):
            for i in items.indices { try rewriteReferences(&items[i], transform) }
            json = .array(items)
        default: break
        }
    }
}
