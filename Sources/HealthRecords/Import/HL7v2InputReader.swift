import Foundation

/// Reads HL7 v2 files into ``ImportInput``s: one input per message, mapped to FHIR by ``HL7v2FHIRMapper``.
///
/// Idempotency key: `hl7v2|MSH-3|MSH-4|MSH-10` (the same control id from the same sending application and facility
/// is the same message); a message without MSH-10 is keyed by the SHA-256 of its bytes. The raw message is kept.
/// A message that does not parse or map becomes a failed input with its number, so it is rejected, not skipped.
/// Messages are mapped on `threads` threads ahead of the consumer; the order of the inputs is the order of the file.
public struct HL7v2InputReader: Sendable {
    /// Threads used for mapping.
    public var threads: Int
    /// Parser options (character set).
    public var parserOptions: HL7v2.Parser.Options
    /// Mapper options.
    public var mapperOptions: HL7v2FHIRMapper.Options

    /// Creates a reader.
    public init(threads: Int = 1, parserOptions: HL7v2.Parser.Options = .init(), mapperOptions: HL7v2FHIRMapper.Options = .init()) {
        self.threads = max(1, threads); self.parserOptions = parserOptions; self.mapperOptions = mapperOptions
    }

    /// The inputs of one file.
    public func inputs(file path: String) -> [ImportInput] {
        Array(stream(file: path))
    }

    /// The inputs of one file, mapped on `threads` threads ahead of the consumer (at most a few thousand messages
    /// ahead), in file order: an importer stores message n while messages n+1… are being mapped.
    public func stream(file path: String) -> AnySequence<ImportInput> {
        let parsed: HL7v2.ParsedInput
        do { parsed = try HL7v2.Parser(options: parserOptions).parse(contentsOf: URL(fileURLWithPath: path)) } catch {
            return AnySequence([Self.failed(path, position: "file", raw: Data(), key: "hl7v2|failed|" + path + "|file", error)])
        }
        let outcomes = parsed.outcomes
        let messages = outcomes.messages, messageErrors = outcomes.errors, envelope = outcomes.envelopeErrors
        let mapper = HL7v2FHIRMapper(options: mapperOptions)
        let mapped = LookaheadMap(count: parsed.messageCount, workers: threads) { i -> ImportInput in
            let number = i + 1, position = "message \(number)"
            if let message = messages[number] { return Self.input(message, mapper: mapper, path: path, position: position) }
            let error = messageErrors[number] ?? HealthRecordsError(.invalidHL7v2, "message could not be read", position: .init(file: path, record: number))
            return Self.failed(path, position: position, raw: Data(), key: "hl7v2|failed|" + path + "|" + position, error)
        }
        var trailing: [ImportInput] = []
        for (i, error) in envelope.enumerated() {
            trailing.append(Self.failed(path, position: error.position?.record.map { "message \($0)" } ?? "file", raw: Data(),
                                        key: "hl7v2|failed|" + path + "|envelope \(i + 1)", error))
        }
        if parsed.messageCount == 0 && parsed.errors.isEmpty {
            trailing.append(Self.failed(path, position: "file", raw: Data(), key: "hl7v2|failed|" + path + "|empty",
                                        HealthRecordsError(.invalidHL7v2, "no HL7 v2 message (MSH segment) found", position: .init(file: path))))
        }
        return AnySequence {
            let messagesIterator = mapped.makeIterator()
            var trailingIterator = trailing.makeIterator()
            return AnyIterator { messagesIterator.next() ?? trailingIterator.next() }
        }
    }

    static func input(_ message: HL7v2.Message, mapper: HL7v2FHIRMapper, path: String, position: String) -> ImportInput {
        let raw = Data(message.bytes)
        let header = message.header
        let sender = header.field(3).value + "|" + header.field(4).value
        let control = message.controlID
        let key = control.isEmpty ? "hl7v2|sha256:" + FHIRInputReader.sha256(raw) : "hl7v2|" + sender + "|" + control
        do {
            let result = try mapper.map(message)
            // The MessageHeader is transport only: left out here, on the mapping thread, not by the store's writer.
            let mapped = try MappedInput(scope: "hl7v2|" + sender, resourceOrBundle: .object(result.bundle.json),
                                         position: .init(file: path, record: message.number),
                                         excludingTypes: MappedInput.transportTypes)
            return ImportInput(source: .hl7v2, file: path, position: position, key: key, raw: raw, content: .mapped(mapped))
        } catch {
            var positioned = error as? HealthRecordsError ?? HealthRecordsError(.mapping, "\(error)")
            if positioned.position == nil { positioned.position = .init(file: path, record: message.number) }
            return ImportInput(source: .hl7v2, file: path, position: position, key: key, raw: raw, content: .failed(positioned))
        }
    }

    static func failed(_ path: String, position: String, raw: Data, key: String, _ error: any Error) -> ImportInput {
        let healthError = error as? HealthRecordsError ?? HealthRecordsError(.invalidHL7v2, "\(error)", position: .init(file: path))
        return ImportInput(source: .hl7v2, file: path, position: position, key: key, raw: raw, content: .failed(healthError))
    }
}
