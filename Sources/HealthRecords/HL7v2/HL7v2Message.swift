extension HL7v2 {
    /// One HL7 v2 message: its ER7 bytes (each segment ended by CR) and an index of its segments and fields.
    ///
    /// Built by ``HL7v2/Parser``; a `Sendable` value that shares its buffer on copy. Fields are read through
    /// ``segments``, ``segment(_:occurrence:)`` or a path (``value(at:)``, ``field(at:)``).
    ///
    /// ```swift
    /// let message = try HL7v2.Message(er7: "MSH|^~\\&|LAB|H||GX|20250101||ORU^R01|42|P|2.5\rPID|1||123^^^H^MR")
    /// message.controlID                       // "42"
    /// try message.value(at: "PID-3.4")        // "H"
    /// ```
    public struct Message: Sendable {
        struct SegmentEntry: Sendable {
            var start: Int32
            var end: Int32
            var firstElement: Int32
            var elementCount: Int32
        }

        /// The message in ER7: segments each terminated by CR (0x0D), UTF-8.
        public let bytes: [UInt8]
        /// The delimiters read from MSH-1 and MSH-2.
        public let separators: Separators
        /// 1-based number of this message in its input (counting every message header, valid or not).
        public let number: Int
        /// 1-based line of the message header in its input (CR, LF and CRLF each end a line).
        public let line: Int
        /// The input's name (file path), if known.
        public let source: String?
        let segmentTable: [SegmentEntry]
        let elementStarts: [Int32]
        let segmentLines: [Int32]

        /// Indexes one message.
        ///
        /// - Parameters:
        ///   - bytes: ER7 bytes, UTF-8, segments terminated by CR; the first segment is MSH.
        ///   - number: 1-based message number in the input.
        ///   - line: 1-based line of MSH in the input.
        ///   - segmentLines: The input line of each segment (empty: count from `line`).
        ///   - source: The input's name.
        init(indexing bytes: [UInt8], separators given: Separators? = nil, number: Int, line: Int, segmentLines: [Int32] = [], source: String?) throws(HealthRecordsError) {
            func fail(_ text: String, line: Int, location: String?) -> HealthRecordsError {
                HealthRecordsError(.invalidHL7v2, text, position: .init(file: source, record: number, line: line, location: location))
            }
            let separators: Separators
            if let given {
                separators = given
            } else {
                guard bytes.count >= 4, bytes[0] == UInt8(ascii: "M"), bytes[1] == UInt8(ascii: "S"), bytes[2] == UInt8(ascii: "H") else {
                    throw fail("a message must start with an MSH segment", line: line, location: nil)
                }
                let fieldSeparator = bytes[3]
                guard fieldSeparator != 0x0D else {
                    throw fail("MSH has no field separator (MSH-1) and no encoding characters (MSH-2)", line: line, location: "MSH-1")
                }
                var msh2End = 4
                while msh2End < bytes.count && bytes[msh2End] != fieldSeparator && bytes[msh2End] != 0x0D { msh2End += 1 }
                do {
                    separators = try Separators(field: fieldSeparator, encodingCharacters: bytes[4..<msh2End])
                } catch {
                    throw fail(error.message, line: line, location: "MSH-2")
                }
            }
            let fieldSeparator = separators.field
            var table: [SegmentEntry] = []
            table.reserveCapacity(16)
            var starts: [Int32] = []
            starts.reserveCapacity(bytes.count / 6 + 8)
            bytes.withUnsafeBufferPointer { buffer in
                var segmentStart = 0
                var first = Int32(0)
                starts.append(0)
                for i in 0..<buffer.count {
                    let byte = buffer[i]
                    if byte == fieldSeparator {
                        starts.append(Int32(i + 1))
                    } else if byte == 0x0D {
                        starts.append(Int32(i + 1))
                        let count = Int32(starts.count) - first - 1
                        table.append(SegmentEntry(start: Int32(segmentStart), end: Int32(i), firstElement: first, elementCount: count))
                        segmentStart = i + 1
                        first = Int32(starts.count)
                        if i + 1 < buffer.count { starts.append(Int32(i + 1)) }
                    }
                }
                if segmentStart < buffer.count {  // last segment without CR
                    starts.append(Int32(buffer.count + 1))
                    let count = Int32(starts.count) - first - 1
                    table.append(SegmentEntry(start: Int32(segmentStart), end: Int32(buffer.count), firstElement: first, elementCount: count))
                }
            }
            let lines = segmentLines.count == table.count ? segmentLines : (0..<table.count).map { Int32(line + $0) }
            // Segment IDs: three characters, an upper-case letter then upper-case letters or digits.
            for (index, entry) in table.enumerated() {
                let idLength = Int(starts[Int(entry.firstElement) + 1] - 1 - entry.start)
                let start = Int(entry.start)
                var valid = idLength == 3
                if valid {
                    for k in 0..<3 {
                        let c = bytes[start + k]
                        let isUpper = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")
                        let isDigit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
                        if !(isUpper || (k > 0 && isDigit)) { valid = false }
                    }
                }
                if !valid {
                    let shown = String(decoding: bytes[start..<min(start + min(idLength, 12), Int(entry.end))], as: UTF8.self)
                    throw fail("segment \(index + 1) starts with \"\(shown)\", which is not a segment ID (three upper-case letters or digits followed by the field separator)",
                               line: Int(lines[index]), location: "segment \(index + 1)")
                }
            }
            self.bytes = bytes
            self.separators = separators
            self.number = number
            self.line = line
            self.source = source
            self.segmentTable = table
            self.elementStarts = starts
            self.segmentLines = lines
        }

        /// Parses one ER7 message (segments separated by CR, LF or CRLF).
        ///
        /// - Parameter er7: The message text.
        /// - Throws: ``HealthRecordsError`` (`invalid_hl7v2`) when it is not exactly one well-formed message.
        public init(er7: String) throws(HealthRecordsError) {
            let input = Parser().parse(Array(er7.utf8), source: nil)
            if let error = input.errors.first { throw error }
            guard input.messages.count == 1 else {
                throw HealthRecordsError(.invalidHL7v2, "expected one message, found \(input.messages.count)")
            }
            self = input.messages[0]
        }

        /// The segments in order.
        public var segments: [Segment] { (0..<segmentTable.count).map { Segment(message: self, index: $0) } }

        /// The number of segments.
        public var segmentCount: Int { segmentTable.count }

        /// All segments with the given ID, in order.
        public func segments(_ id: String) -> [Segment] {
            let key = Array(id.utf8)
            return (0..<segmentTable.count).filter { segmentID(at: $0, equals: key) }.map { Segment(message: self, index: $0) }
        }

        /// The `occurrence`-th (1-based) segment with the given ID, or `nil`.
        public func segment(_ id: String, occurrence: Int = 1) -> Segment? {
            let key = Array(id.utf8)
            var seen = 0
            for index in 0..<segmentTable.count where segmentID(at: index, equals: key) {
                seen += 1
                if seen == occurrence { return Segment(message: self, index: index) }
            }
            return nil
        }

        func segmentID(at index: Int, equals key: [UInt8]) -> Bool {
            let start = Int(segmentTable[index].start)
            guard key.count == 3, start + 3 <= bytes.count else { return false }
            return bytes[start] == key[0] && bytes[start + 1] == key[1] && bytes[start + 2] == key[2]
        }

        /// The field at a path such as `PID-3`, `OBX[2]-5[1]`; `nil` when the segment is absent.
        ///
        /// - Parameter path: A ``HL7v2/Path`` in text form.
        /// - Throws: ``HealthRecordsError`` (`invalid_argument`) when the path is malformed.
        public func field(at path: String) throws(HealthRecordsError) -> Field? {
            let parsed = try Path(path)
            return segment(parsed.segment, occurrence: parsed.segmentOccurrence)?.field(parsed.field)
        }

        /// The decoded (unescaped) value at a path such as `PID-3[2].1`, `MSH-9.2`, `PID-5.1.1`.
        ///
        /// Missing parts give `""`. Without a repetition index the first repetition is used; without a
        /// component index the whole repetition (inner separators kept) is decoded.
        ///
        /// - Parameter path: A ``HL7v2/Path`` in text form.
        /// - Returns: The decoded text.
        /// - Throws: ``HealthRecordsError`` (`invalid_argument`) when the path is malformed.
        public func value(at path: String) throws(HealthRecordsError) -> String {
            try value(at: Path(path))
        }

        /// The decoded value at a parsed path (see ``value(at:)-(String)``).
        public func value(at path: Path) -> String {
            guard let segment = segment(path.segment, occurrence: path.segmentOccurrence) else { return "" }
            let field = segment.field(path.field)
            let repetition = field.repetition(path.repetition ?? 1)
            guard let componentIndex = path.component else {
                return path.repetition == nil && field.repetitionCount <= 1 ? field.value : repetition.value
            }
            let component = repetition.component(componentIndex)
            guard let sub = path.subcomponent else { return component.value }
            return component.subcomponent(sub)
        }

        /// MSH-10, the message control ID (the key for idempotent import and for MSA-2 in acknowledgements).
        public var controlID: String { header.field(10).value }
        /// MSH-9.1, the message code (`ADT`, `ORU`).
        public var messageCode: String { header.field(9).component(1).value }
        /// MSH-9.2, the trigger event (`A01`, `R01`).
        public var triggerEvent: String { header.field(9).component(2).value }
        /// MSH-9.3, the message structure (`ADT_A01`); may be empty.
        public var messageStructure: String { header.field(9).component(3).value }
        /// MSH-12.1, the version ID (`2.5.1`).
        public var version: String { header.field(12).component(1).value }
        /// MSH-7, the date/time of the message, as sent.
        public var timestamp: String { header.field(7).component(1).value }
        /// MSH-18 (first repetition), the character set as sent; empty means ASCII (UTF-8 accepted).
        public var characterSet: String { header.field(18).repetition(1).value }
        /// The MSH segment.
        public var header: Segment { Segment(message: self, index: 0) }

        /// The message as ER7 text with CR after every segment.
        public var er7: String { String(decoding: bytes, as: UTF8.self) }

        /// The message as ER7 bytes with the given segment terminator (CR by default).
        public func encoded(segmentTerminator: [UInt8] = [0x0D]) -> [UInt8] {
            if segmentTerminator == [0x0D] { return bytes.last == 0x0D ? bytes : bytes + [0x0D] }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + segmentTable.count * segmentTerminator.count)
            for entry in segmentTable {
                out.append(contentsOf: bytes[Int(entry.start)..<Int(entry.end)])
                out.append(contentsOf: segmentTerminator)
            }
            return out
        }

        /// The input line of a segment (0-based segment index).
        func line(ofSegment index: Int) -> Int { Int(segmentLines[index]) }
    }
}
