import Foundation

/// Exports from a ``RecordStore``: one patient's compartment as a Bundle (like `Patient/[id]/$everything`), and
/// everything as FHIR Bulk Data NDJSON (one `Type.ndjson` file per resource type, plus the bulk status `manifest.json`
/// and a SHA-256 `manifest.sha256`).
public struct RecordExporter {
    /// The store read from.
    public let store: any RecordStore

    /// Creates an exporter.
    public init(store: any RecordStore) { self.store = store }

    /// The patient's compartment as a `searchset` Bundle: the Patient first, then every current resource referring
    /// to it. A merged-away patient id leads to the survivor.
    /// - Throws: ``HealthRecordsError`` `not_found` when the patient is not in the store.
    public func compartmentBundle(patientID: String) throws -> (bundle: FHIR.JSON, survivorID: String) {
        let survivor = try store.survivor(ofPatient: patientID)
        let resources = try store.compartment(patientID: survivor)
        guard resources.first?.type == "Patient" else {
            throw HealthRecordsError(.notFound, "Patient/\(patientID) is not in the store")
        }
        var entries: [FHIR.JSON] = []
        for stored in resources {
            let object = try StoredJSON.object(stored)
            entries.append(.object(["resource": .object(object),
                                    "search": .object(["mode": .string(stored.type == "Patient" && stored.id == survivor ? "match" : "include")])]))
        }
        let bundle: FHIR.JSON = .object([
            "resourceType": .string("Bundle"), "id": .string(UUID().uuidString.lowercased()),
            "meta": .object(["lastUpdated": .string(Timestamp.now())]),
            "type": .string("searchset"), "total": .number("1"), "entry": .array(entries),
        ])
        return (bundle, survivor)
    }

    /// What a bulk export wrote.
    public struct BulkResult: Sendable {
        /// Resources written per type.
        public var counts: [String: Int]
        /// The files written (relative to the folder).
        public var files: [String]
    }

    /// Writes every current resource as NDJSON into `folder` (created when missing), one file per type, sorted by
    /// type and id. `transform` may rewrite or drop (nil) a resource and choose its output type.
    public func bulkExport(to folder: URL, transform: ((StoredResource, FHIR.JSON.Object) throws -> FHIR.JSON.Object?)? = nil,
                           request: String = "gxtool records export --all") throws -> BulkResult {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw HealthRecordsError(.io, "cannot create \(folder.path): \(error.localizedDescription)")
        }
        let transactionTime = Timestamp.now()
        var counts: [String: Int] = [:]
        var handles: [String: FileHandle] = [:]
        var buffers: [String: [UInt8]] = [:]
        func flush(_ type: String) {
            if let buffer = buffers[type], !buffer.isEmpty { handles[type]?.write(Data(buffer)); buffers[type] = [] }
        }
        try store.forEachCurrent(type: nil) { stored in
            let object = try StoredJSON.object(stored)
            guard let output = try transform?(stored, object) ?? (transform == nil ? object : nil) else { return }
            let type = output.string("resourceType") ?? stored.type
            if handles[type] == nil {
                let url = folder.appendingPathComponent(type + ".ndjson")
                guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = try? FileHandle(forWritingTo: url) else {
                    throw HealthRecordsError(.io, "cannot write \(url.path)")
                }
                handles[type] = handle
                buffers[type] = []
            }
            buffers[type]!.append(contentsOf: FHIR.JSON.object(output).serializedBytes())
            buffers[type]!.append(0x0A)
            if buffers[type]!.count > 1 << 20 { flush(type) }
            counts[type, default: 0] += 1
        }
        for type in handles.keys { flush(type); try? handles[type]?.close() }
        let files = counts.keys.sorted().map { $0 + ".ndjson" }
        let output: [FHIR.JSON] = counts.keys.sorted().map {
            .object(["type": .string($0), "url": .string($0 + ".ndjson"), "count": .number(String(counts[$0]!))])
        }
        let manifest: FHIR.JSON = .object([
            "transactionTime": .string(transactionTime), "request": .string(request), "requiresAccessToken": .bool(false),
            "output": .array(output), "error": .array([]),
        ])
        let manifestURL = folder.appendingPathComponent("manifest.json")
        do { try Data(manifest.serializedBytes(pretty: true)).write(to: manifestURL) } catch {
            throw HealthRecordsError(.io, "cannot write \(manifestURL.path)")
        }
        try DigestManifest.write(folder: folder, files: files + ["manifest.json"])
        return BulkResult(counts: counts, files: files + ["manifest.json", DigestManifest.fileName])
    }
}
