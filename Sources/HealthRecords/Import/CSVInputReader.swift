import Foundation

/// Reads CSV files into ``ImportInput``s with a ``CSVMapping``: one input per row.
///
/// Idempotency key: `csv|<mapping name>|sha256:<digest of the row's text>` (the same row imported again is the
/// same input). The row's text is kept as the raw input. A row that does not map becomes a failed input.
public struct CSVInputReader: Sendable {
    /// The mapping.
    public var mapping: CSVMapping

    /// Creates a reader.
    public init(mapping: CSVMapping) { self.mapping = mapping }

    /// The inputs of one file; a file that cannot be read or whose header does not fit the mapping becomes one
    /// failed input.
    public func inputs(file path: String) -> [ImportInput] {
        let rows: [CSVFHIRMapper.RowResult]
        do { rows = try CSVFHIRMapper(mapping: mapping).map(contentsOf: URL(fileURLWithPath: path)) } catch {
            return [ImportInput(source: .csv, file: path, position: "file", key: "csv|failed|" + path, raw: Data(), content: .failed(error))]
        }
        let lines = (FileManager.default.contents(atPath: path) ?? Data()).split(separator: 0x0A, omittingEmptySubsequences: false)
        return rows.map { row in
            let position = "row \(row.row)"
            var raw = row.line >= 1 && row.line <= lines.count ? Data(lines[row.line - 1]) : Data(position.utf8)
            if raw.last == 0x0D { raw.removeLast() }
            let key = "csv|" + mapping.name + "|sha256:" + FHIRInputReader.sha256(raw)
            if let bundle = row.bundle {
                do {
                    let mapped = try MappedInput(scope: "csv|" + mapping.name, resourceOrBundle: .object(bundle.json), position: .init(file: path, record: row.row))
                    return ImportInput(source: .csv, file: path, position: position, key: key, raw: raw, content: .mapped(mapped))
                } catch {
                    return ImportInput(source: .csv, file: path, position: position, key: key, raw: raw,
                                       content: .failed(error as? HealthRecordsError ?? HealthRecordsError(.mapping, "\(error)")))
                }
            }
            let error = row.error ?? HealthRecordsError(.mapping, "the row gave no resources", position: .init(file: path, record: row.row))
            return ImportInput(source: .csv, file: path, position: position, key: key, raw: raw, content: .failed(error))
        }
    }
}
