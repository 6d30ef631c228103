import Foundation

/// Turns input files into ``ImportInput``s, choosing the reader by `--from` or by the file name.
public struct ImportFileReader: Sendable {
    /// The format of the files, nil to decide per file by extension (`.hl7`/`.hl7v2`/`.txt` → HL7 v2, `.csv` →
    /// CSV, `.er7` too; `.json`/`.ndjson`/`.jsonl` → FHIR).
    public var format: ImportSource?
    /// The CSV mapping (needed for CSV files).
    public var mapping: CSVMapping?
    /// Threads for parsing and mapping.
    public var threads: Int

    /// Creates a reader.
    public init(format: ImportSource? = nil, mapping: CSVMapping? = nil, threads: Int = 1) {
        self.format = format
        self.mapping = mapping
        self.threads = threads
    }

    /// The format of `path`.
    /// - Throws: ``HealthRecordsError`` `invalid_argument` when neither `format` nor the extension says.
    public func format(of path: String) throws -> ImportSource {
        if let format { return format }
        let name = path.lowercased()
        if name.hasSuffix(".json") || name.hasSuffix(".ndjson") || name.hasSuffix(".jsonl") { return .fhir }
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".hl7") || name.hasSuffix(".hl7v2") || name.hasSuffix(".txt") || name.hasSuffix(".er7") { return .hl7v2 }
        throw HealthRecordsError(.invalidArgument, "cannot tell the format of \(path) from its name; give --from hl7v2|csv|fhir")
    }

    /// The inputs of one file; unreadable or malformed parts become failed inputs (rejected with their position).
    public func inputs(file path: String) throws -> [ImportInput] {
        Array(try stream(file: path))
    }

    /// The inputs of one file as they become ready: HL7 v2 messages are mapped on ``threads`` threads ahead of the
    /// consumer (see ``HL7v2InputReader/stream(file:)``); CSV and FHIR files are read whole first.
    public func stream(file path: String) throws -> AnySequence<ImportInput> {
        if try format(of: path) == .hl7v2 { return HL7v2InputReader(threads: threads).stream(file: path) }
        return AnySequence(try readWhole(file: path))
    }

    private func readWhole(file path: String) throws -> [ImportInput] {
        switch try format(of: path) {
        case .fhir: return FHIRInputReader.inputs(file: path)
        case .hl7v2: return HL7v2InputReader(threads: threads).inputs(file: path)
        case .csv:
            guard let mapping else { throw HealthRecordsError(.invalidArgument, "\(path): CSV input needs a mapping (--mapping FILE or a bundled mapping name)") }
            return CSVInputReader(mapping: mapping).inputs(file: path)
        }
    }
}
