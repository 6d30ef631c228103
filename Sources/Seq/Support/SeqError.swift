/// The one error type of the `Seq` library.
///
/// Every failure names what went wrong (``code``), says it in words (``message``), and where it is
/// known, where it happened (``position``): the file, the 1-based line and the 1-based record number.
///
/// ```swift
/// do { try reader.read(into: &record) }
/// catch let error as SeqError { print(error) }   // "reads.fq:12: record 3: quality length 9 differs from sequence length 10"
/// ```
public struct SeqError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name (for JSON output and tests).
        public let name: String
        /// Creates a code with a stable name.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A file could not be opened, read or written.
        public static let io = Code("io")
        /// The input is not in the expected format (bad header, missing field, wrong length).
        public static let malformedRecord = Code("malformed_record")
        /// The input ended in the middle of a record or stream.
        public static let truncated = Code("truncated")
        /// A compressed stream is corrupt (bad deflate data, CRC or size mismatch).
        public static let corruptCompression = Code("corrupt_compression")
        /// The format could not be recognised or is not supported.
        public static let unsupportedFormat = Code("unsupported_format")
        /// An index (.bai, .csi, .crai, .fai) is missing or unusable.
        public static let missingIndex = Code("missing_index")
        /// A reference sequence is missing or does not match.
        public static let reference = Code("reference")
        /// A region or coordinate is invalid or names an unknown sequence.
        public static let invalidRegion = Code("invalid_region")
        /// Paired reads disagree (mate names, counts).
        public static let pairing = Code("pairing")
        /// A user-supplied argument or configuration is invalid.
        public static let invalidArgument = Code("invalid_argument")
        /// A resource limit (memory) would be exceeded.
        public static let resourceLimit = Code("resource_limit")
        /// A screening panel or reference set is invalid.
        public static let invalidPanel = Code("invalid_panel")
        /// An error reported by htslib that maps to no other code.
        public static let htslib = Code("htslib")
    }

    /// Where in an input a failure happened.
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        /// The file path, or `-` for standard input.
        public var file: String?
        /// The 1-based line number, when the format is line-oriented.
        public var line: Int?
        /// The 1-based record number (read, alignment, message).
        public var record: Int?
        /// Creates a position.
        public init(file: String? = nil, line: Int? = nil, record: Int? = nil) {
            self.file = file; self.line = line; self.record = record
        }
        public var description: String {
            var parts: [String] = []
            if let file { parts.append(line.map { "\(file):\($0)" } ?? file) } else if let line { parts.append("line \(line)") }
            if let record { parts.append("record \(record)") }
            return parts.joined(separator: ": ")
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence saying what was wrong.
    public var message: String
    /// Where it happened, when known.
    public var position: Position?

    /// Creates an error.
    public init(_ code: Code, _ message: String, position: Position? = nil) {
        self.code = code; self.message = message; self.position = position
    }

    /// `file:line: record N: message`.
    public var description: String {
        guard let position, !position.description.isEmpty else { return message }
        return "\(position): \(message)"
    }
}
