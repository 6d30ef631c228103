import Foundation

extension FHIR.Validator {
    /// The validation result of one resource in a file.
    public struct FileReport: Sendable {
        /// The file path.
        public var file: String
        /// The 1-based line of the resource in an NDJSON file; nil for a JSON file holding one resource.
        public var line: Int?
        /// `Type/id` of the resource, when it could be read (no personal data).
        public var resource: String?
        /// The outcome.
        public var outcome: FHIR.OperationOutcome
        /// The parsed resource (nil if the JSON did not parse).
        public var parsed: FHIR.Resource?
    }

    /// Validates a file: `.ndjson` holds one resource per line (blank lines skipped); any other file holds one
    /// resource (a Bundle for many). Reading failures become a fatal issue.
    public func validateFile(atPath path: String) -> [FileReport] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return [FileReport(file: path, line: nil, resource: nil, outcome: FHIR.OperationOutcome(issues: [
                .init(severity: .fatal, code: .exception, diagnostics: "cannot read the file: \(error.localizedDescription)"),
            ]), parsed: nil)]
        }
        let bytes = [UInt8](data)
        if path.lowercased().hasSuffix(".ndjson") {
            return FHIR.NDJSON.lines(bytes).map { report(for: $0.bytes, file: path, line: $0.number) }
        }
        return [report(for: bytes[...], file: path, line: nil)]
    }

    func report(for bytes: ArraySlice<UInt8>, file: String, line: Int?) -> FileReport {
        let (parsed, outcome) = validateParsing(bytes: bytes, file: file)
        return FileReport(file: file, line: line, resource: parsed?.description, outcome: outcome, parsed: parsed)
    }
}
