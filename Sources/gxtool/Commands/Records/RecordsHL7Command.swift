import ArgumentParser
import Foundation
import HealthRecords

/// `gxtool records hl7`: parse HL7 v2 feeds; print fields, acknowledgements or a summary.
struct RecordsHL7Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl7",
        abstract: "Parse HL7 v2 files (CR/LF/CRLF, batches, MLLP): summary, field values (--field PID-3) or ACKs (--ack).",
        discussion: """
        Every message is parsed; a malformed one is reported on stderr with file, message number, line and \
        segment/field, and the others continue (exit status 1 if any failed).
          gxtool records hl7 feed.hl7                          # messages per type, errors
          gxtool records hl7 --field MSH-10 --field PID-3[1].1 feed.hl7   # TSV: file, message, values
          gxtool records hl7 --ack feed.hl7                    # one ACK (AA/AR) per message, MLLP-framed with --mllp
        """
    )

    @Option(name: .customLong("field"), help: "A field path to print (repeatable): PID-3, PID-3[2].1, OBX[2]-5, MSH-9.2.")
    var fields: [String] = []

    @Flag(name: .long, help: "Print an acknowledgement (AA, or AR naming the segment/field) for every message.")
    var ack = false

    @Flag(name: .long, help: "Frame the acknowledgements with MLLP (0x0B … 0x1C 0x0D).")
    var mllp = false

    @Option(name: .long, help: "Character set when MSH-18 is empty (e.g. cp1252, GB18030, 8859/1); default UTF-8.")
    var encoding: String?

    @Argument(help: "HL7 v2 files.")
    var files: [String]

    func run() throws {
        let paths: [HL7v2.Path]
        do { paths = try fields.map { try HL7v2.Path($0) } } catch { throw ValidationError("\(error)") }
        let parser = HL7v2.Parser(options: .init(defaultCharacterSet: encoding))
        var output = RecordsOutputBuffer()
        var failed = false
        var ackNumber = 0
        for file in files {
            let input: HL7v2.ParsedInput
            do { input = try parser.parse(contentsOf: URL(fileURLWithPath: file)) } catch {
                printError("gxtool records hl7: \(error)"); failed = true; continue
            }
            for error in input.errors { printError("gxtool records hl7: \(error)") }
            if !input.errors.isEmpty { failed = true }
            if !paths.isEmpty {
                for message in input.messages {
                    output.append(file); output.append("\t"); output.append(String(message.number))
                    for path in paths {
                        output.append("\t")
                        output.append(tsvSafe(message.value(at: path)))
                    }
                    output.append("\n")
                }
            } else if ack {
                var errorsByRecord: [Int: HealthRecordsError] = [:]
                for error in input.errors { if let r = error.position?.record { errorsByRecord[r] = errorsByRecord[r] ?? error } }
                let byNumber = Dictionary(uniqueKeysWithValues: input.messages.map { ($0.number, $0) })
                for number in 1...max(input.messageCount, 1) where input.messageCount > 0 {
                    ackNumber += 1
                    let controlID = "ACK\(ackNumber)"
                    let ackMessage: HL7v2.Message
                    if let message = byNumber[number] {
                        ackMessage = HL7v2.Acknowledgement.make(for: message, code: .accept, controlID: controlID)
                    } else if let error = errorsByRecord[number] {
                        ackMessage = HL7v2.Acknowledgement.make(forUnparsed: [], error: error, controlID: controlID)
                    } else { continue }
                    let bytes = ackMessage.encoded(segmentTerminator: mllp ? [0x0D] : [0x0A])
                    output.append(bytes: mllp ? HL7v2.MLLP.frame(bytes) : bytes)
                }
            } else {
                var types: [String: Int] = [:]
                for message in input.messages {
                    types["\(message.messageCode)^\(message.triggerEvent)", default: 0] += 1
                }
                let summary = types.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                output.append("\(file)\tmessages=\(input.messageCount)\tparsed=\(input.messages.count)\tfailed=\(input.messageCount - input.messages.count)\tbatches=\(input.batches.count)\t\(summary)\n")
            }
            output.flushIfLarge()
        }
        output.flush()
        if failed { throw ExitCode(1) }
    }

    func tsvSafe(_ value: String) -> String {
        guard value.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return value }
        return value.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}

/// Buffers standard output and writes it in large chunks.
struct RecordsOutputBuffer {
    private var bytes: [UInt8] = []
    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }
    mutating func flushIfLarge() { if bytes.count > 1 << 20 { flush() } }
    mutating func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}
