import Foundation

/// The audit trail: every import, merge, export and de-identification is stored as a FHIR AuditEvent
/// (who, when, what, how many). AuditEvents carry store ids and counts only, never names or ID numbers.
public enum AuditTrail {
    /// What was done.
    public enum Activity: String, Sendable, CaseIterable {
        /// Records imported.
        case `import`
        /// A patient merged into another (HL7 v2 A40 or a review decision).
        case merge
        /// Records exported (patient compartment or bulk).
        case export
        /// A de-identified research copy exported.
        case deidentify
        /// Screening results attached to a patient.
        case attachResults = "attach-results"

        var type: (system: String, code: String, display: String) {
            switch self {
            case .import, .attachResults: ("http://dicom.nema.org/resources/ontology/DCM", "110107", "Import")
            case .export, .deidentify: ("http://dicom.nema.org/resources/ontology/DCM", "110106", "Export")
            case .merge: ("http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle", "merge", "Merge Record Lifecycle Event")
            }
        }

        var action: String {
            switch self {
            case .import, .attachResults: "C"
            case .merge: "U"
            case .export, .deidentify: "E"
            }
        }
    }

    /// The operator recorded as the agent (`GX_OPERATOR`, else the OS user name).
    public static var currentOperator: String {
        let environment = ProcessInfo.processInfo.environment
        if let who = environment["GX_OPERATOR"], !who.isEmpty { return who }
        return environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
    }

    /// Records an AuditEvent in the open transaction.
    /// - Parameters:
    ///   - activity: what was done.
    ///   - details: how many / what, as name → value pairs (counts, file names, store ids; no personal data).
    ///   - entities: store references (`Patient/p1`) the event concerns.
    ///   - success: false records a minor failure outcome (some inputs rejected).
    ///   - writer: the open write transaction.
    /// - Returns: the AuditEvent id.
    @discardableResult
    public static func record(_ activity: Activity, details: [(String, String)], entities: [String] = [], success: Bool = true,
                              in writer: any RecordStoreWriter) throws -> String {
        let id = "audit-" + UUID().uuidString.lowercased()
        let type = activity.type
        var entityList: [JSONEmitter] = [.object([
            ("type", .coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object")),
            ("name", .string(activity.rawValue)),
            ("detail", .array(details.map { .object([("type", .string($0.0)), ("valueString", .string($0.1))]) })),
        ])]
        for reference in entities {
            entityList.append(.object([("what", .object([("reference", .string(reference))])),
                                       ("type", .coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))]))
        }
        let now = writer.now
        let fields: [(String, JSONEmitter)] = [
            ("resourceType", .string("AuditEvent")), ("id", .string(id)),
            ("type", .coding(type.system, type.code, type.display)),
            ("subtype", .array([.coding("urn:gx:audit-activity", activity.rawValue)])),
            ("action", .string(activity.action)),
            ("recorded", .string(now)),
            ("outcome", .string(success ? "0" : "4")),
            ("agent", .array([.object([("who", .object([("display", .string(currentOperator))])), ("requestor", .bool(true))])])),
            ("source", .object([("observer", .object([("display", .string("gxtool \(HealthRecordsLibrary.version)"))])),
                                ("type", .array([.coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")]))])),
            ("entity", .array(entityList)),
        ]
        let body = JSONEmitter.object(fields)
        try writer.put(ResourceWrite(type: "AuditEvent", id: id, index: [
            SearchIndexEntry(parameter: "date", kind: .date, value: now),
            SearchIndexEntry(parameter: "code", kind: .token, system: "urn:gx:audit-activity", value: activity.rawValue),
        ]) { version, lastUpdated in
            body.withMeta(versionId: version, lastUpdated: lastUpdated).encoded()
        })
        return id
    }
}
