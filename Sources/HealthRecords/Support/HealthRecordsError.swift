/// The one error type of the `HealthRecords` library.
///
/// Errors name the input (file, message or row number, segment, field, line) and say what was wrong.
/// They never contain personal data (names, ID numbers, phone numbers): only positions and codes.
public struct HealthRecordsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is. Extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String
        /// Creates a code.
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A file could not be read or written.
        public static let io = Code("io")
        /// JSON could not be parsed.
        public static let invalidJSON = Code("invalid_json")
        /// A FHIR resource is structurally invalid (wrong type, missing resourceType).
        public static let invalidResource = Code("invalid_resource")
        /// An HL7 v2 message could not be parsed.
        public static let invalidHL7v2 = Code("invalid_hl7v2")
        /// A CSV file or mapping is invalid.
        public static let invalidCSV = Code("invalid_csv")
        /// A mapping (HL7 v2 → FHIR, CSV → FHIR) could not be applied.
        public static let mapping = Code("mapping")
        /// An identifier (resident ID number) is invalid.
        public static let invalidIdentifier = Code("invalid_identifier")
        /// The record store failed or is inconsistent.
        public static let store = Code("store")
        /// A resource was not found.
        public static let notFound = Code("not_found")
        /// A key or other privacy configuration is missing or invalid.
        public static let privacy = Code("privacy")
        /// A user argument is invalid.
        public static let invalidArgument = Code("invalid_argument")
    }

    /// Where in an input a failure happened.
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        /// File path.
        public var file: String?
        /// 1-based message (HL7 v2), entry (Bundle) or row (CSV) number.
        public var record: Int?
        /// 1-based line number.
        public var line: Int?
        /// Segment, field or element path (`PID-7`, `Patient.birthDate`).
        public var location: String?
        /// Creates a position.
        public init(file: String? = nil, record: Int? = nil, line: Int? = nil, location: String? = nil) {
            self.file = file; self.record = record; self.line = line; self.location = location
        }
        public var description: String {
            var parts: [String] = []
            if let file { parts.append(line.map { "\(file):\($0)" } ?? file) } else if let line { parts.append("line \(line)") }
            if let record { parts.append("record \(record)") }
            if let location { parts.append(location) }
            return parts.joined(separator: ": ")
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A sentence saying what was wrong (no personal data).
    public var message: String
    /// Where it happened.
    public var position: Position?

    /// Creates an error.
    public init(_ code: Code, _ message: String, position: Position? = nil) {
        self.code = code; self.message = message; self.position = position
    }

    public var description: String {
        guard let position, !position.description.isEmpty else { return message }
        return "\(position): \(message)"
    }
}
