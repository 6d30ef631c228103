import Crypto
import Foundation

/// Reads FHIR JSON files into ``ImportInput``s: a Bundle (one input; a `batch` Bundle gives one input per entry),
/// a single resource (one input), or NDJSON (`.ndjson`/`.jsonl`, or any file whose whole text is not one JSON
/// document but whose lines are: one input per line).
///
/// Idempotency key: `fhir|` + the Bundle's `identifier` (system|value) when it has one, else the SHA-256 of the
/// input's bytes. Scope of source ids: the Bundle's `meta.source`, else `fhir`.
public enum FHIRInputReader {
    /// The inputs of one file. A file that cannot be read, or a JSON document that does not parse, becomes one
    /// failed input (so it is rejected with its position), never an error that stops the import.
    public static func inputs(file path: String) -> [ImportInput] {
        guard let data = FileManager.default.contents(atPath: path) else {
            return [failed(path, position: "file", raw: Data(), HealthRecordsError(.io, "cannot read the file", position: .init(file: path)))]
        }
        let isNDJSON = path.hasSuffix(".ndjson") || path.hasSuffix(".jsonl")
        if !isNDJSON {
            do {
                let json = try FHIR.JSON.parse(data, file: path)
                return inputs(json: json, raw: data, path: path, position: "file")
            } catch {
                let lines = data.split(separator: UInt8(ascii: "\n")).filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } }
                if lines.count < 2 || lines.first?.first != UInt8(ascii: "{") { return [failed(path, position: "file", raw: data, error)] }
            }
        }
        var result: [ImportInput] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = line[...]
            while let last = bytes.last, last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
            guard !bytes.isEmpty else { continue }
            let raw = Data(bytes)
            let position = "line \(lineNumber)"
            do {
                let json = try FHIR.JSON.parse(raw, file: path)
                result.append(contentsOf: inputs(json: json, raw: raw, path: path, position: position))
            } catch {
                var positioned = error
                positioned.position = .init(file: path, line: lineNumber)
                result.append(failed(path, position: position, raw: raw, positioned))
            }
        }
        return result
    }

    /// The inputs of one parsed JSON document.
    static func inputs(json: FHIR.JSON, raw: Data, path: String, position: String) -> [ImportInput] {
        guard let object = json.objectValue, object.string("resourceType") != nil else {
            return [failed(path, position: position, raw: raw, HealthRecordsError(.invalidResource, "not a FHIR resource (no resourceType)", position: .init(file: path)))]
        }
        let scope = object["meta"]?.objectValue?.string("source") ?? "fhir"
        if object.string("resourceType") == "Bundle", object.string("type") == "batch" {
            var result: [ImportInput] = []
            for (i, entry) in (object["entry"]?.arrayValue ?? []).enumerated() {
                let entryRaw = Data(entry.serializedBytes())
                let entryPosition = position == "file" ? "entry \(i + 1)" : "\(position) entry \(i + 1)"
                do {
                    let mapped = try MappedInput(scope: scope, resourceOrBundle: .object(["resourceType": .string("Bundle"), "entry": .array([entry])]))
                    result.append(ImportInput(source: .fhir, file: path, position: entryPosition, key: "fhir|sha256:" + sha256(entryRaw),
                                              raw: entryRaw, content: .mapped(mapped)))
                } catch {
                    result.append(failed(path, position: entryPosition, raw: entryRaw, error as? HealthRecordsError ?? HealthRecordsError(.invalidResource, "\(error)")))
                }
            }
            return result
        }
        var key = "fhir|sha256:" + sha256(raw)
        if let identifier = object["identifier"]?.objectValue, object.string("resourceType") == "Bundle",
           let value = identifier.string("value") {
            key = "fhir|bundle|" + (identifier.string("system") ?? "") + "|" + value
        }
        do {
            let mapped = try MappedInput(scope: scope, resourceOrBundle: json, position: .init(file: path))
            return [ImportInput(source: .fhir, file: path, position: position, key: key, raw: raw, content: .mapped(mapped))]
        } catch {
            return [failed(path, position: position, raw: raw, error as? HealthRecordsError ?? HealthRecordsError(.invalidResource, "\(error)"))]
        }
    }

    static func failed(_ path: String, position: String, raw: Data, _ error: any Error) -> ImportInput {
        let healthError = error as? HealthRecordsError ?? HealthRecordsError(.invalidJSON, "\(error)", position: .init(file: path))
        return ImportInput(source: .fhir, file: path, position: position,
                           key: "fhir|failed|sha256:" + sha256(Data((path + "|" + position + "|").utf8) + raw),
                           raw: raw, content: .failed(healthError))
    }

    /// Lowercase hex SHA-256.
    static func sha256(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
