import Foundation

/// Converts HL7 v2 feeds, CSV exports (with a ``CSVMapping``) and FHIR JSON/NDJSON to FHIR transaction Bundles:
/// one Bundle per HL7 message, per CSV row, per FHIR resource. Every input unit either gives a Bundle or an
/// error naming file, message/row/line and segment/field/column.
public struct RecordConverter: Sendable {
    /// Input formats.
    public enum InputFormat: String, Sendable, CaseIterable {
        /// HL7 v2 ER7 (any segment terminator, batches, MLLP).
        case hl7v2
        /// CSV with a mapping file.
        case csv
        /// FHIR R4 JSON (one resource or Bundle) or NDJSON (one per line).
        case fhir

        /// The format implied by a file name: `.hl7`/`.txt`/`.er7` → hl7v2, `.csv`/`.tsv` → csv, `.json`/`.ndjson` → fhir.
        public static func guess(path: String) -> InputFormat? {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "hl7", "txt", "er7", "msg", "mllp": .hl7v2
            case "csv", "tsv": .csv
            case "json", "ndjson", "jsonl": .fhir
            default: nil
            }
        }
    }

    /// The outcome of one input unit.
    public struct Item: Sendable {
        /// The input file.
        public var source: String
        /// `message 3`, `row 2`, `line 4`.
        public var position: String
        /// The Bundle, `nil` when the unit was rejected.
        public var bundle: FHIR.Bundle?
        /// Values left out.
        public var warnings: [HealthRecordsError]
        /// Why the unit was rejected.
        public var error: HealthRecordsError?
        /// MSH-10 for HL7 v2 messages (the key for idempotent import).
        public var messageControlID: String?
    }

    /// The CSV mapping (required for CSV input).
    public var mapping: CSVMapping?
    /// HL7 v2 parser options (character set).
    public var parserOptions: HL7v2.Parser.Options
    /// HL7 v2 → FHIR options.
    public var mapperOptions: HL7v2FHIRMapper.Options
    /// Threads used to map the messages of an HL7 v2 file (mapping is independent per message).
    public var threads: Int = 1

    /// Creates a converter.
    public init(mapping: CSVMapping? = nil, parserOptions: HL7v2.Parser.Options = .init(), mapperOptions: HL7v2FHIRMapper.Options = .init()) {
        self.mapping = mapping; self.parserOptions = parserOptions; self.mapperOptions = mapperOptions
    }

    /// Converts one file.
    ///
    /// - Throws: ``HealthRecordsError`` only when the whole file is unusable (unreadable, CSV without mapping or with
    ///   a header that lacks a mapped column); unit-level failures are ``Item/error``.
    public func convert(file path: String, format: InputFormat) throws(HealthRecordsError) -> [Item] {
        let url = URL(fileURLWithPath: path)
        switch format {
        case .hl7v2:
            let input = try HL7v2.Parser(options: parserOptions).parse(contentsOf: url)
            var items: [Item] = []
            let mapper = HL7v2FHIRMapper(options: mapperOptions)
            let outcomes = input.outcomes
            let byNumber = outcomes.messages, errorsByNumber = outcomes.errors, envelopeErrors = outcomes.envelopeErrors
            // Map in parallel (chunks of messages per thread), then assemble in message order.
            let messages = input.messages
            let mapped = ResultSlots<Item>(count: messages.count)
            let workers = max(1, min(threads, messages.count))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < messages.count {
                    let message = messages[index]
                    let position = "message \(message.number)"
                    do {
                        let result = try mapper.map(message)
                        mapped.set(index, Item(source: path, position: position, bundle: result.bundle, warnings: result.warnings, error: nil,
                                               messageControlID: message.controlID))
                    } catch {
                        let failure = (error as? HealthRecordsError) ?? HealthRecordsError(.mapping, "\(error)")
                        mapped.set(index, Item(source: path, position: position, bundle: nil, warnings: [], error: failure, messageControlID: message.controlID))
                    }
                    index += workers
                }
            }
            var mappedByNumber: [Int: Item] = [:]
            for (index, message) in messages.enumerated() { mappedByNumber[message.number] = mapped.get(index) }
            if input.messageCount > 0 {
                for number in 1...input.messageCount {
                    if byNumber[number] != nil, let item = mappedByNumber[number] {
                        items.append(item)
                    } else if let error = errorsByNumber[number] {
                        items.append(Item(source: path, position: "message \(number)", bundle: nil, warnings: [], error: error, messageControlID: nil))
                    }
                }
            }
            for error in envelopeErrors {
                items.append(Item(source: path, position: error.position?.record.map { "message \($0)" } ?? "file", bundle: nil, warnings: [], error: error, messageControlID: nil))
            }
            if input.messageCount == 0 && input.errors.isEmpty {
                items.append(Item(source: path, position: "file", bundle: nil, warnings: [],
                                  error: HealthRecordsError(.invalidHL7v2, "no HL7 v2 message (MSH segment) found", position: .init(file: path)), messageControlID: nil))
            }
            return items
        case .csv:
            guard let mapping else {
                throw HealthRecordsError(.invalidArgument, "CSV input needs a mapping file (--mapping)", position: .init(file: path))
            }
            return try CSVFHIRMapper(mapping: mapping).map(contentsOf: url).map { row in
                Item(source: path, position: "row \(row.row)", bundle: row.bundle, warnings: row.warnings, error: row.error, messageControlID: nil)
            }
        case .fhir:
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw HealthRecordsError(.io, "cannot read the file: \(error.localizedDescription)", position: .init(file: path))
            }
            let bytes = [UInt8](data)
            let isNDJSON = ["ndjson", "jsonl"].contains(url.pathExtension.lowercased())
            var units: [(String, ArraySlice<UInt8>)] = []
            if isNDJSON {
                var line = 1
                for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                    if slice.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) { units.append(("line \(line)", slice)) }
                    line += 1
                }
            } else {
                units = [("file", bytes[...])]
            }
            return units.map { position, slice in
                do {
                    let resource = try FHIR.Resource(parsing: slice, file: path)
                    if resource.resourceType == "Bundle" {
                        return Item(source: path, position: position, bundle: FHIR.Bundle(json: resource.json), warnings: [], error: nil, messageControlID: nil)
                    }
                    let entry: FHIR.JSON.Object = ["fullUrl": .string(NameBasedUUID.urn(path + "\u{1F}" + position)), "resource": .object(resource.json),
                                                   "request": .object(["method": .string("POST"), "url": .string(resource.resourceType)])]
                    let bundle = FHIR.Bundle(json: ["resourceType": .string("Bundle"), "type": .string("transaction"), "entry": .array([.object(entry)])])
                    return Item(source: path, position: position, bundle: bundle, warnings: [], error: nil, messageControlID: nil)
                } catch {
                    var e = (error as? HealthRecordsError) ?? HealthRecordsError(.invalidJSON, "\(error)", position: .init(file: path))
                    if isNDJSON, var p = e.position, let n = Int(position.dropFirst(5)) { p.line = n; e.position = p }
                    return Item(source: path, position: position, bundle: nil, warnings: [], error: e, messageControlID: nil)
                }
            }
        }
    }
}

/// Fixed-size result slots written by concurrent workers (each index written once).
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: T) { lock.lock(); slots[index] = value; lock.unlock() }
    func get(_ index: Int) -> T? { lock.lock(); defer { lock.unlock() }; return slots[index] }
}
