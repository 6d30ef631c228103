extension Genomics {
    /// Stores built Genomics resources in an open write transaction (new versions when attached again) and
    /// records an AuditEvent.
    /// - Returns: the references written (`DiagnosticReport/…`, `Observation/…`).
    @discardableResult
    public static func attach(_ resources: [BuiltResource], sampleID: String, patientID: String,
                              in writer: any RecordStoreWriter) throws -> [String] {
        guard try writer.read(type: "Patient", id: patientID) != nil else {
            throw HealthRecordsError(.notFound, "Patient/\(patientID) is not in the store")
        }
        var written: [String] = []
        for resource in resources {
            try writer.put(ResourceWrite(type: resource.type, id: resource.id, index: resource.body.searchIndex()) { version, time in
                resource.json(versionId: version, lastUpdated: time)
            })
            written.append(resource.type + "/" + resource.id)
        }
        try AuditTrail.record(.attachResults, details: [("resources", String(resources.count))],
                              entities: ["Patient/" + patientID], in: writer)
        return written
    }
}
