import Foundation

extension HL7v2 {
    /// A batch (`BHS … BTS`) or the implicit batch of messages outside any BHS.
    public struct Batch: Sendable {
        /// The BHS segment, `nil` for an implicit batch.
        public var header: Segment?
        /// The BTS segment, `nil` when absent.
        public var trailer: Segment?
        /// The messages of this batch that parsed.
        public var messages: [Message]
    }

    /// Everything read from one input: messages, batch and file envelopes, and the messages that failed.
    public struct ParsedInput: Sendable {
        /// The input's name.
        public var source: String?
        /// The FHS segment, if any.
        public var fileHeader: Segment?
        /// The FTS segment, if any.
        public var fileTrailer: Segment?
        /// Batches in order (messages outside BHS/BTS form implicit batches).
        public var batches: [Batch] = []
        /// Every message that parsed, in input order.
        public var messages: [Message] = []
        /// One error per message (or envelope segment) that did not parse, in input order; each names the
        /// input, the message number, the line and the segment or field.
        public var errors: [HealthRecordsError] = []
        /// The number of message headers (MSH) seen, valid or not.
        public var messageCount = 0
    }

    /// Reads HL7 v2 messages from bytes or files: single messages, concatenated feeds, batch files
    /// (`FHS`/`BHS`/`BTS`/`FTS`) and MLLP-framed streams (`0x0B … 0x1C 0x0D`).
    ///
    /// Segments may end with CR, LF or CRLF; blank lines and a UTF-8 byte-order mark are ignored. Each message's
    /// separators come from its own MSH. Text is decoded per MSH-18 (UTF-8/ASCII by default; `8859/N`,
    /// `GB 18030-2000`, `BIG-5`, … converted to UTF-8). A message that fails is reported in
    /// ``ParsedInput/errors`` and the parser resumes at the next MSH, so one bad message never hides the others.
    ///
    /// ```swift
    /// let input = try HL7v2.Parser().parse(contentsOf: URL(fileURLWithPath: "feed.hl7"))
    /// for error in input.errors { print(error) }   // feed.hl7:12: record 3: PID: ...
    /// ```
    public struct Parser: Sendable {
        /// Parser options.
        public struct Options: Sendable {
            /// Character set assumed when MSH-18 is empty (an MSH-18 value or an iconv name, e.g. `cp1252`);
            /// `nil` means UTF-8 (ASCII is a subset).
            public var defaultCharacterSet: String?
            /// Splits a message whose segments were joined by single spaces (text copied from a web page:
            /// `…||| EVN|A01|…`) when the whole message is on one line. On by default.
            public var repairSpaceSeparatedSegments: Bool
            /// Checks BTS-1 and FTS-1 counts against the messages and batches found. On by default.
            public var checkBatchCounts: Bool
            /// Creates options.
            public init(defaultCharacterSet: String? = nil, repairSpaceSeparatedSegments: Bool = true, checkBatchCounts: Bool = true) {
                self.defaultCharacterSet = defaultCharacterSet
                self.repairSpaceSeparatedSegments = repairSpaceSeparatedSegments
                self.checkBatchCounts = checkBatchCounts
            }
        }

        /// The options in use.
        public var options: Options

        /// Creates a parser.
        public init(options: Options = Options()) { self.options = options }

        /// Reads and parses a file.
        ///
        /// - Throws: ``HealthRecordsError`` (`io`) only when the file cannot be read; parse failures are in
        ///   ``ParsedInput/errors``.
        public func parse(contentsOf url: URL) throws(HealthRecordsError) -> ParsedInput {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw HealthRecordsError(.io, "cannot read the file: \(error.localizedDescription)", position: .init(file: url.path))
            }
            return parse([UInt8](data), source: url.path)
        }

        /// Parses every message in `input` and fails on the first error.
        ///
        /// - Throws: The first ``HealthRecordsError`` of ``parse(_:source:)``.
        public func parseMessages(_ input: [UInt8], source: String? = nil) throws(HealthRecordsError) -> [Message] {
            let parsed = parse(input, source: source)
            if let error = parsed.errors.first { throw error }
            return parsed.messages
        }

        struct Line {
            var start: Int
            var end: Int
            var number: Int
            /// The line break before this line contained a LF (LF or CRLF), not a bare CR.
            var afterLineFeed = false
        }

        /// Parses every message in `input`.
        ///
        /// - Parameters:
        ///   - input: Raw bytes (any supported segment terminator, optional MLLP framing).
        ///   - source: The input's name for error positions.
        /// - Returns: Messages, envelopes and per-message errors. Never throws, never traps.
        public func parse(_ input: [UInt8], source: String?) -> ParsedInput {
            var result = ParsedInput(source: source)
            let lines = Parser.lines(in: input)
            var state = GroupingState(parser: self, input: input, source: source)
            var fieldSeparator = UInt8(ascii: "|")
            for line in lines {
                let id = Parser.segmentID(input, line)
                if (id == "MSH" || id == "BHS" || id == "FHS"), line.end - line.start > 3 { fieldSeparator = input[line.start + 3] }
                if options.repairSpaceSeparatedSegments, let pieces = Parser.spaceSeparatedSegments(input, line, fieldSeparator: fieldSeparator) {
                    for piece in pieces { state.accept(piece, id: Parser.segmentID(input, piece), into: &result) }
                } else {
                    state.accept(line, id: id, into: &result)
                }
            }
            state.finish(into: &result)
            return result
        }

        /// Lines of the input: runs of bytes without CR, LF, 0x0B or 0x1C, leading spaces and tabs removed,
        /// blank lines dropped. Line numbers count CR, LF and CRLF once each.
        static func lines(in input: [UInt8]) -> [Line] {
            var lines: [Line] = []
            lines.reserveCapacity(input.count / 40 + 4)
            input.withUnsafeBufferPointer { buffer in
                var i = 0
                if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { i = 3 }
                var lineNumber = 1
                var start = i
                var previousBreakHadLF = false
                var breakHadLF = false
                while i <= buffer.count {
                    let byte: UInt8 = i < buffer.count ? buffer[i] : 0x0A
                    if byte == 0x0D || byte == 0x0A || byte == 0x0B || byte == 0x1C {
                        var s = start
                        while s < i && (buffer[s] == 0x20 || buffer[s] == 0x09) { s += 1 }
                        if s < i {
                            var allBlank = true
                            for b in s..<i where buffer[b] != 0x20 && buffer[b] != 0x09 { allBlank = false; break }
                            if !allBlank {
                                lines.append(Line(start: s, end: i, number: lineNumber, afterLineFeed: previousBreakHadLF))
                                breakHadLF = false
                            }
                        }
                        if byte == 0x0A { breakHadLF = true }
                        if byte == 0x0B || byte == 0x1C { breakHadLF = false }
                        if byte == 0x0A || (byte == 0x0D && !(i + 1 < buffer.count && buffer[i + 1] == 0x0A)) { lineNumber += 1 }
                        previousBreakHadLF = breakHadLF
                        start = i + 1
                    }
                    i += 1
                }
            }
            return lines
        }

        static func segmentID(_ input: [UInt8], _ line: Line) -> String {
            guard line.end - line.start >= 3 else { return String(decoding: input[line.start..<line.end], as: UTF8.self) }
            return String(decoding: input[line.start..<line.start + 3], as: UTF8.self)
        }

        /// Splits a line at single spaces followed by a standard segment ID and the field separator
        /// (`…||| EVN|A01|…`: segments joined by spaces when text was copied from a web page).
        static func spaceSeparatedSegments(_ input: [UInt8], _ line: Line, fieldSeparator: UInt8) -> [Line]? {
            guard line.end - line.start > 9, fieldSeparator != 0x20 else { return nil }
            var cuts: [Int] = []
            var i = line.start + 4
            while i + 4 < line.end {
                if input[i] == 0x20, input[i + 4] == fieldSeparator, isSegmentIDStart(input[i + 1]),
                   isSegmentIDByte(input[i + 2]), isSegmentIDByte(input[i + 3]),
                   standardSegmentIDs.contains(String(decoding: input[(i + 1)...(i + 3)], as: UTF8.self)) {
                    cuts.append(i)
                }
                i += 1
            }
            guard !cuts.isEmpty else { return nil }
            var pieces: [Line] = []
            var start = line.start
            for cut in cuts {
                pieces.append(Line(start: start, end: cut, number: line.number, afterLineFeed: start == line.start ? line.afterLineFeed : false))
                start = cut + 1
            }
            pieces.append(Line(start: start, end: line.end, number: line.number))
            return pieces
        }

        /// Segment IDs that start the segments of common messages (ADT, ORU, ORM, MDM, SIU, DFT, VXU), used only to
        /// repair space-joined segments. Rare IDs (FAC, LOC, ROL, …) are left out: they occur as words in values
        /// ("REC FAC|").
        static let standardSegmentIDs: Set<String> = Set("MSH EVN PID PD1 NK1 PV1 PV2 OBR OBX ORC NTE DG1 DRG PR1 GT1 IN1 IN2 IN3 AL1 MRG TXA FT1 SPM SCH AIS AIG AIL AIP RGS TQ1 RXA RXR RXO RXE MSA".split(separator: " ").map(String.init))

        /// True when a line starts like a segment: three letters or digits and then the field separator (or the
        /// end of the line). Other lines after a LF are the continuation of a segment wrapped by a text editor.
        static func looksLikeSegmentStart(_ input: [UInt8], _ line: Line) -> Bool {
            guard line.end - line.start >= 3 else { return false }
            for k in 0..<3 {
                let b = input[line.start + k]
                let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                if !alnum { return false }
            }
            if line.end - line.start == 3 { return true }
            let next = input[line.start + 3]
            return !((next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A) || next == 0x20)
        }

        static func isSegmentIDStart(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        static func isSegmentIDByte(_ b: UInt8) -> Bool { isSegmentIDStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) }
    }
}

extension HL7v2.Parser {
    /// Groups lines into messages, batches and the file envelope.
    struct GroupingState {
        let parser: HL7v2.Parser
        let input: [UInt8]
        let source: String?
        var messageLines: [Line] = []
        /// Parallel to `messageLines`: true when the line continues the previous segment (an editor's wrap).
        var continuesPrevious: [Bool] = []
        var skipping = false
        var batchOpen = false
        var batchHeader: HL7v2.Segment?
        var batchMessages: [HL7v2.Message] = []
        var batchMessageCount = 0
        var implicitBatch = false
        var batchCount = 0
        var fileHeaderSeen = false
        var fileClosed = false
        var lastSeparators = HL7v2.Separators.standard

        init(parser: HL7v2.Parser, input: [UInt8], source: String?) {
            self.parser = parser; self.input = input; self.source = source
        }

        func error(_ text: String, record: Int?, line: Int, location: String?) -> HealthRecordsError {
            HealthRecordsError(.invalidHL7v2, text, position: .init(file: source, record: record, line: line, location: location))
        }

        mutating func accept(_ line: Line, id: String, into result: inout HL7v2.ParsedInput) {
            switch id {
            case "MSH":
                flushMessage(into: &result)
                result.messageCount += 1
                skipping = false
                if !batchOpen && !implicitBatch { implicitBatch = true; batchMessages = []; batchMessageCount = 0 }
                batchMessageCount += 1
                messageLines = [line]
                continuesPrevious = [false]
            case "FHS":
                flushMessage(into: &result)
                if fileHeaderSeen || result.messageCount > 0 || batchCount > 0 {
                    result.errors.append(error("a second FHS (file header) segment; a file has at most one, before its first batch",
                                               record: result.messageCount + 1, line: line.number, location: "FHS"))
                    skipping = true
                    return
                }
                fileHeaderSeen = true
                result.fileHeader = envelope(line, into: &result)
            case "BHS":
                flushMessage(into: &result)
                if batchOpen {
                    result.errors.append(error("a BHS (batch header) segment inside an open batch; close the batch with BTS first",
                                               record: result.messageCount + 1, line: line.number, location: "BHS"))
                    skipping = true
                    return
                }
                closeImplicitBatch(into: &result)
                batchOpen = true
                batchHeader = envelope(line, into: &result)
                batchMessages = []
                batchMessageCount = 0
            case "BTS":
                flushMessage(into: &result)
                let trailer = envelope(line, separators: lastSeparators, into: &result)
                if parser.options.checkBatchCounts, let trailer, let declared = Int(trailer.field(1).value), declared != batchMessageCount {
                    result.errors.append(error("BTS-1 declares \(declared) message(s) but the batch holds \(batchMessageCount)",
                                               record: max(result.messageCount, 1), line: line.number, location: "BTS-1"))
                }
                result.batches.append(HL7v2.Batch(header: batchHeader, trailer: trailer, messages: batchMessages))
                batchCount += 1
                batchOpen = false; implicitBatch = false
                batchHeader = nil; batchMessages = []; batchMessageCount = 0
                skipping = false
            case "FTS":
                flushMessage(into: &result)
                closeImplicitBatch(into: &result)
                if batchOpen {
                    result.batches.append(HL7v2.Batch(header: batchHeader, trailer: nil, messages: batchMessages))
                    batchCount += 1
                    batchOpen = false; batchHeader = nil; batchMessages = []
                }
                let trailer = envelope(line, separators: lastSeparators, into: &result)
                result.fileTrailer = trailer
                if parser.options.checkBatchCounts, let trailer, let declared = Int(trailer.field(1).value), declared != batchCount {
                    result.errors.append(error("FTS-1 declares \(declared) batch(es) but the file holds \(batchCount)",
                                               record: max(result.messageCount, 1), line: line.number, location: "FTS-1"))
                }
                fileClosed = true
                skipping = false
            default:
                if skipping { return }
                if messageLines.isEmpty {
                    let shown = id.count == 3 ? id : "\"" + String(id.prefix(12)) + "\""
                    result.errors.append(error("segment \(shown) before any message header (MSH); every message must start with MSH",
                                               record: result.messageCount + 1, line: line.number, location: id.count == 3 ? id : nil))
                    skipping = true
                    return
                }
                let wrapped = line.afterLineFeed && !HL7v2.Parser.looksLikeSegmentStart(input, line)
                messageLines.append(line)
                continuesPrevious.append(wrapped)
            }
        }

        mutating func closeImplicitBatch(into result: inout HL7v2.ParsedInput) {
            guard implicitBatch else { return }
            if !batchMessages.isEmpty { result.batches.append(HL7v2.Batch(header: nil, trailer: nil, messages: batchMessages)) }
            if batchMessageCount > 0 { batchCount += 1 }
            implicitBatch = false
            batchMessages = []
            batchMessageCount = 0
        }

        mutating func finish(into result: inout HL7v2.ParsedInput) {
            flushMessage(into: &result)
            if batchOpen {
                result.batches.append(HL7v2.Batch(header: batchHeader, trailer: nil, messages: batchMessages))
            } else {
                closeImplicitBatch(into: &result)
            }
        }

        /// A one-segment envelope (FHS, BHS, BTS, FTS) as a segment view.
        mutating func envelope(_ line: Line, separators: HL7v2.Separators? = nil, into result: inout HL7v2.ParsedInput) -> HL7v2.Segment? {
            var bytes = Array(input[line.start..<line.end])
            bytes.append(0x0D)
            do {
                let message = try HL7v2.Message(indexingEnvelope: bytes, separators: separators, line: line.number, source: source)
                if separators == nil { lastSeparators = message.separators }
                return message.header
            } catch {
                var e = error
                e.position?.record = result.messageCount + 1
                result.errors.append(e)
                return nil
            }
        }

        mutating func flushMessage(into result: inout HL7v2.ParsedInput) {
            guard !messageLines.isEmpty else { return }
            defer { messageLines = []; continuesPrevious = [] }
            let number = result.messageCount
            let first = messageLines[0]
            var bytes: [UInt8] = []
            var total = 0
            for line in messageLines { total += line.end - line.start + 1 }
            bytes.reserveCapacity(total)
            var nonASCII = false
            var segmentStarts: [Line] = []
            for (index, line) in messageLines.enumerated() {
                if index > 0 {
                    if continuesPrevious[index] { bytes.removeLast() } else { segmentStarts.append(line) }
                } else {
                    segmentStarts.append(line)
                }
                input.withUnsafeBufferPointer { buffer in
                    let slice = UnsafeBufferPointer(rebasing: buffer[line.start..<line.end])
                    bytes.append(contentsOf: slice)
                    if !nonASCII { for b in slice where b >= 0x80 { nonASCII = true; break } }
                }
                bytes.append(0x0D)
            }
            let lines = segmentStarts
            if nonASCII {
                switch decode(&bytes, first: first, number: number, lines: lines) {
                case .success: break
                case .failure(let error): result.errors.append(error); return
                }
            }
            do {
                let message = try HL7v2.Message(indexing: bytes, number: number, line: first.number,
                                                segmentLines: lines.map { Int32($0.number) }, source: source)
                lastSeparators = message.separators
                result.messages.append(message)
                batchMessages.append(message)
            } catch {
                result.errors.append(error)
            }
        }

        /// Converts a message to UTF-8 per MSH-18 (or the default character set) or reports invalid bytes.
        func decode(_ bytes: inout [UInt8], first: Line, number: Int, lines messageLines: [Line]) -> Result<Void, HealthRecordsError> {
            let declared = HL7v2.Parser.rawMSH18(bytes)
            let name = declared.isEmpty ? (parser.options.defaultCharacterSet ?? "") : declared
            switch HL7v2.CharacterSet.encoding(named: name) {
            case .utf8:
                if String(validating: bytes, as: UTF8.self) != nil { return .success(()) }
                let (offset, byte) = HL7v2.Parser.firstInvalidUTF8(bytes)
                var segmentIndex = 0
                for i in 0..<offset where bytes[i] == 0x0D { segmentIndex += 1 }
                let line = segmentIndex < messageLines.count ? messageLines[segmentIndex].number : first.number
                let because = declared.isEmpty
                    ? "MSH-18 names no character set, so UTF-8 (or ASCII) is required; give the encoding (e.g. --encoding cp1252 or GB18030)"
                    : "MSH-18 declares \"\(declared)\""
                return .failure(error("byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8; \(because)",
                                      record: number, line: line, location: segmentIndex < messageLines.count ? HL7v2.Parser.segmentID(input, messageLines[segmentIndex]) : nil))
            case .other(let iconvName):
                guard let converted = HL7v2.CharacterSet.convertToUTF8(bytes, from: iconvName) else {
                    return .failure(error("the message is not valid \(iconvName) text (character set from \(declared.isEmpty ? "the default" : "MSH-18 \"\(declared)\""))",
                                          record: number, line: first.number, location: declared.isEmpty ? nil : "MSH-18"))
                }
                bytes = converted
                return .success(())
            case .unknown(let unknown):
                return .failure(error("MSH-18 character set \"\(unknown)\" is not supported (supported: ASCII, UNICODE UTF-8, 8859/1-16, GB 18030-2000, BIG-5, cp1252)",
                                      record: number, line: first.number, location: "MSH-18"))
            }
        }
    }

    /// MSH-18, first repetition, read from raw bytes before decoding (the MSH fields up to 18 are ASCII).
    static func rawMSH18(_ bytes: [UInt8]) -> String {
        guard bytes.count > 8 else { return "" }
        let fieldSeparator = bytes[3]
        let repetition = bytes[5]
        var element = 0
        var start = 0
        var i = 0
        while i < bytes.count && bytes[i] != 0x0D {
            if bytes[i] == fieldSeparator {
                if element == 17 { break }
                element += 1
                start = i + 1
            }
            i += 1
        }
        guard element == 17 else { return "" }
        var end = start
        while end < i && bytes[end] != repetition { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, UInt8) {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0..<0x80: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (i, b)
            }
            guard i + length <= bytes.count, String(validating: bytes[i..<i + length], as: UTF8.self) != nil else { return (i, b) }
            i += length
        }
        return (0, bytes.first ?? 0)
    }
}

extension HL7v2.Message {
    /// Indexes an envelope segment (FHS, BHS with their own separators; BTS, FTS with the given ones).
    init(indexingEnvelope bytes: [UInt8], separators: HL7v2.Separators?, line: Int, source: String?) throws(HealthRecordsError) {
        if separators == nil {
            // FHS/BHS carry their own delimiters like MSH: index them as a header segment.
            var copy = bytes
            copy[0] = UInt8(ascii: "M"); copy[1] = UInt8(ascii: "S"); copy[2] = UInt8(ascii: "H")
            let header = try HL7v2.Message(indexing: copy, number: 0, line: line, source: source)
            self = try HL7v2.Message(indexing: bytes, separators: header.separators, number: 0, line: line, source: source)
        } else {
            self = try HL7v2.Message(indexing: bytes, separators: separators!, number: 0, line: line, source: source)
        }
    }
}
