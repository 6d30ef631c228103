import Foundation

/// `records deidentify`: a de-identified Bulk Data NDJSON copy of the store (see ``Deidentifier``), with a SHA-256
/// manifest and a description of what was done (`deidentification.json`: method, key fingerprint, counts; no key
/// and no personal data). Patients merged into another (inactive, `replaced-by`) are left out: their data lives on
/// in the survivor.
public enum DeidentifiedExport {
    /// Writes the research copy into `folder`; returns what was written.
    public static func write(store: any RecordStore, key: PseudonymKey, to folder: URL, referenceDate: String) throws -> RecordExporter.BulkResult {
        let deidentifier = Deidentifier(pseudonymizer: Pseudonymizer(key: key), referenceDate: referenceDate)
        let merged = try store.mergedPatients()
        func survivor(_ id: String) -> String { merged[id] ?? id }
        var result = try RecordExporter(store: store).bulkExport(to: folder, transform: { stored, object in
            var person: String?
            if stored.type == "Patient" {
                if object["active"]?.boolValue == false,
                   object["link"]?.arrayValue?.contains(where: { $0.objectValue?.string("type") == "replaced-by" }) == true { return nil }
                person = stored.id
            } else {
                for key in ["subject", "patient", "beneficiary", "individual"] {
                    if let reference = object[key]?.objectValue?.string("reference"), let (type, id) = ResourceIndexer.relativeReference(reference), type == "Patient" {
                        person = survivor(id); break
                    }
                }
            }
            return deidentifier.deidentify(object, personID: person)
        }, request: "gxtool records deidentify")
        let description: FHIR.JSON = .object([
            "method": .string("gx-deidentify/1: HMAC-SHA256 pseudonyms of ids and identifiers; names, phones, addresses below the district, photos, contacts and free text removed; dates shifted per person by a key-derived offset (±\(deidentifier.pseudonymizer.maximumShiftDays) days, never 0); ages over 89 grouped"),
            "keyFingerprint": .string(key.fingerprint),
            "referenceDate": .string(referenceDate),
            "counts": .object(FHIR.JSON.Object(result.counts.keys.sorted().map { .init(key: $0, value: .number(String(result.counts[$0]!))) })),
        ])
        let url = folder.appendingPathComponent("deidentification.json")
        do { try Data(description.serializedBytes(pretty: true)).write(to: url) } catch {
            throw HealthRecordsError(.io, "cannot write \(url.path)")
        }
        let files = result.files.filter { $0 != DigestManifest.fileName } + ["deidentification.json"]
        try DigestManifest.write(folder: folder, files: files)
        result.files = files + [DigestManifest.fileName]
        return result
    }
}
