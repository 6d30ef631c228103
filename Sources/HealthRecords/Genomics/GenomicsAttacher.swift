import Foundation

extension Genomics {
    /// A decoded result file: screening panel results or NIPT results.
    public enum ResultFile: Sendable {
        /// A `gxtool screen` result.
        case panel(PanelResult)
        /// A `gxtool nipt` result.
        case nipt(NIPTResult)

        /// The lab sample id.
        public var sampleID: String {
            switch self {
            case .panel(let result): result.sampleID
            case .nipt(let result): result.sampleID
            }
        }

        /// Decodes a `gxtool screen` (`gx.screening.result/1`) or `gxtool nipt` JSON file (one object or an array).
        public static func decode(_ data: Data, file: String) throws -> [ResultFile] {
            if NIPTResultDocument.isNIPT(data) { return try NIPTResultDocument.decode(data, file: file).map { .nipt($0) } }
            return try ScreeningResultDocument.decode(data, file: file).map { .panel($0) }
        }
    }
}

/// A sample map: sample id → patient identifier (`system|value`, or a bare resident ID number).
public enum SampleMap {
    /// Reads a TSV file (`#` comments, an optional `sample_id` header).
    /// - Throws: ``HealthRecordsError`` `invalid_argument` naming the line of a malformed row.
    public static func load(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw HealthRecordsError(.io, "cannot read \(path)") }
        var map: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingWhitespaceAndNewlines()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("sample_id") { continue }
            let fields = trimmed.split(separator: "\t").map { $0.trimmingWhitespace() }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw HealthRecordsError(.invalidArgument, "expected sample_id<TAB>identifier", position: .init(file: path, line: number + 1))
            }
            map[fields[0]] = fields[1]
        }
        return map
    }
}

/// Files Genomics results under patients of a store.
public struct GenomicsAttacher {
    /// The store.
    public let store: any RecordStore

    /// Creates an attacher.
    public init(store: any RecordStore) { self.store = store }

    /// The patient of a sample: by a mapped identifier (resident ID number or `system|value`), else by a stored
    /// Patient, Specimen or ServiceRequest identifier equal to the sample id. Follows merges to the survivor.
    public func findPatient(sampleID: String, mappedIdentifier: String?) throws -> String? {
        if let mapped = mappedIdentifier {
            var query = mapped
            if let rid = PatientDemographics.validResidentID(mapped) { query = FHIR.China.residentIDSystem + "|" + rid }
            if let found = try store.search(SearchQuery(type: "Patient", criteria: [.init(parameter: "identifier", values: [query])])).first {
                return try store.survivor(ofPatient: found.id)
            }
            return nil
        }
        if let found = try store.search(SearchQuery(type: "Patient", criteria: [.init(parameter: "identifier", values: [sampleID])])).first {
            return try store.survivor(ofPatient: found.id)
        }
        for type in ["Specimen", "ServiceRequest"] {
            for resource in try store.search(SearchQuery(type: type, criteria: [.init(parameter: "identifier", values: [sampleID])])) {
                guard let object = try? FHIR.JSON.parse(resource.json).objectValue,
                      let reference = object["subject"]?.objectValue?.string("reference"),
                      let (refType, id) = ResourceIndexer.relativeReference(reference), refType == "Patient" else { continue }
                return try store.survivor(ofPatient: id)
            }
        }
        return nil
    }

    /// Builds and stores the resources of one result under `patientID`; returns their references (the report last).
    @discardableResult
    public func attach(_ result: Genomics.ResultFile, patientID: String) throws -> [String] {
        let builder = Genomics.ReportBuilder(patientID: patientID, issued: Timestamp.now())
        let resources: [Genomics.BuiltResource]
        let sampleID: String
        switch result {
        case .panel(let panel): resources = builder.resources(for: panel); sampleID = panel.sampleID
        case .nipt(let nipt): resources = builder.resources(for: nipt); sampleID = nipt.sampleID
        }
        return try store.write { writer in
            try Genomics.attach(resources, sampleID: sampleID, patientID: patientID, in: writer)
        }
    }
}
