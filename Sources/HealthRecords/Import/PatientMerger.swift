/// Merges one patient into another (HL7 v2 A40, or a review decision): every resource referring to the old
/// patient is moved to the survivor, the survivor's record takes the old record's identifiers, names, phones and
/// addresses, the old Patient stays (inactive) with a `replaced-by` link, and the store keeps the link so that the
/// old id resolves to the survivor.
public enum PatientMerger {
    /// What a merge moved.
    public struct Result: Sendable, Hashable {
        /// Resources whose references were moved to the survivor.
        public var movedResources: Int
    }

    /// Merges `priorID` into `survivorID` inside an open transaction and records an AuditEvent.
    /// - Throws: ``HealthRecordsError`` `not_found` when either patient is not in the store.
    @discardableResult
    public static func merge(_ priorID: String, into survivorID: String, in writer: any RecordStoreWriter) throws -> Result {
        guard priorID != survivorID else { return Result(movedResources: 0) }
        guard let prior = try writer.read(type: "Patient", id: priorID) else {
            throw HealthRecordsError(.notFound, "Patient/\(priorID) is not in the store")
        }
        guard let survivor = try writer.read(type: "Patient", id: survivorID) else {
            throw HealthRecordsError(.notFound, "Patient/\(survivorID) is not in the store")
        }
        var moved = 0
        for (type, id) in try writer.referrers(to: "Patient", id: priorID) where !(type == "Patient" && (id == priorID || id == survivorID)) {
            guard let stored = try writer.read(type: type, id: id) else { continue }
            var json = FHIR.JSON.object(try StoredJSON.object(stored))
            StoredJSON.rewriteReferences(&json) { reference in
                ResourceIndexer.relativeReference(reference).flatMap { $0 == ("Patient", priorID) ? "Patient/" + survivorID : nil }
            }
            try writer.put(StoredJSON.write(json.objectValue!, type: type, id: id))
            moved += 1
        }
        let priorObject = try StoredJSON.object(prior)
        var survivorObject = PatientRecordMerge.merge(try StoredJSON.object(survivor), adding: priorObject)
        var links = survivorObject["link"]?.arrayValue ?? []
        links.append(PatientRecordMerge.link(to: priorID, type: "replaces"))
        survivorObject["link"] = .array(links)
        try writer.put(StoredJSON.write(survivorObject, type: "Patient", id: survivorID))

        var retired = priorObject
        retired["active"] = .bool(false)
        retired["link"] = .array([PatientRecordMerge.link(to: survivorID, type: "replaced-by")])
        try writer.put(StoredJSON.write(retired, type: "Patient", id: priorID))

        try writer.reassignPatientIndex(from: priorID, to: survivorID)
        try writer.addPatientLink(PatientLink(fromID: priorID, toID: survivorID, kind: "merge", score: nil, at: writer.now))
        try AuditTrail.record(.merge, details: [("moved-resources", String(moved))],
                              entities: ["Patient/" + priorID, "Patient/" + survivorID], in: writer)
        return Result(movedResources: moved)
    }
}
