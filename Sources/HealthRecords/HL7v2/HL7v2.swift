/// HL7 version 2 (2.3 – 2.5.1, tolerant of 2.6 – 2.8): parsing, typed access, escaping, MLLP framing,
/// batches and acknowledgements.
///
/// The model follows the ER7 ("pipe and hat") encoding:
/// a ``HL7v2/Message`` is a list of ``HL7v2/Segment``s; a segment is a list of ``HL7v2/Field``s (1-based,
/// `PID-3`); a field has ``HL7v2/Repetition``s (`~`), a repetition has ``HL7v2/Component``s (`^`), a component
/// has subcomponents (`&`). The separators are read from each message's MSH-1 and MSH-2.
///
/// Parsing is zero-copy after one copy of each message into its own buffer: fields, repetitions and
/// components are views (byte ranges) into that buffer, decoded (unescaped) only when asked for.
///
/// ```swift
/// let input = try HL7v2.Parser().parse(contentsOf: url)
/// for message in input.messages {
///     let mrn = try message.value(at: "PID-3[1].1")
///     let controlID = message.controlID          // MSH-10
/// }
/// ```
public enum HL7v2 {}

extension HL7v2 {
    /// The five delimiters of an ER7-encoded message (MSH-1 and MSH-2).
    public struct Separators: Sendable, Hashable, CustomStringConvertible {
        /// Field separator (MSH-1), normally `|`.
        public var field: UInt8
        /// Component separator (MSH-2, first character), normally `^`.
        public var component: UInt8
        /// Repetition separator (MSH-2, second character), normally `~`.
        public var repetition: UInt8
        /// Escape character (MSH-2, third character), normally `\`.
        public var escape: UInt8
        /// Subcomponent separator (MSH-2, fourth character), normally `&`.
        public var subcomponent: UInt8
        /// Truncation character (MSH-2, fifth character, v2.7 and later), normally `#`; `nil` when absent.
        public var truncation: UInt8?

        /// The standard separators `|^~\&`.
        public static let standard = Separators(field: UInt8(ascii: "|"), component: UInt8(ascii: "^"),
                                                repetition: UInt8(ascii: "~"), escape: UInt8(ascii: "\\"),
                                                subcomponent: UInt8(ascii: "&"), truncation: nil)

        /// Creates separators from their bytes.
        public init(field: UInt8, component: UInt8, repetition: UInt8, escape: UInt8, subcomponent: UInt8, truncation: UInt8? = nil) {
            self.field = field; self.component = component; self.repetition = repetition
            self.escape = escape; self.subcomponent = subcomponent; self.truncation = truncation
        }

        /// Reads the separators from a field separator and the MSH-2 encoding characters.
        ///
        /// - Parameters:
        ///   - field: The byte after `MSH`.
        ///   - encodingCharacters: MSH-2: component, repetition, escape, subcomponent and, from v2.7, truncation.
        /// - Throws: ``HealthRecordsError`` (`invalid_hl7v2`, location `MSH-2`) when there are fewer than 4 or more
        ///   than 5 characters, when two are equal, or when one is a letter, digit, space, CR or LF.
        public init(field: UInt8, encodingCharacters: ArraySlice<UInt8>) throws(HealthRecordsError) {
            func fail(_ text: String) -> HealthRecordsError {
                HealthRecordsError(.invalidHL7v2, text, position: .init(location: "MSH-2"))
            }
            let chars = Array(encodingCharacters)
            guard !chars.isEmpty else { throw fail("MSH-2 (encoding characters) is empty; expected 4 characters such as ^~\\&") }
            guard chars.count >= 4 else {
                throw fail("MSH-2 (encoding characters) has \(chars.count) character(s); expected 4 (component, repetition, escape, subcomponent)")
            }
            guard chars.count <= 5 else {
                throw fail("MSH-2 (encoding characters) has \(chars.count) characters; expected 4, or 5 with the v2.7 truncation character")
            }
            let all = [field] + chars
            for byte in all where Separators.isUnusable(byte) {
                throw fail("MSH-1/MSH-2 use the character 0x\(String(byte, radix: 16)) as a delimiter; delimiters must be printable punctuation")
            }
            guard Set(all).count == all.count else {
                throw fail("MSH-1/MSH-2 delimiters are not distinct (\(String(decoding: all, as: UTF8.self)))")
            }
            self.init(field: field, component: chars[0], repetition: chars[1], escape: chars[2], subcomponent: chars[3],
                      truncation: chars.count == 5 ? chars[4] : nil)
        }

        static func isUnusable(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): return true
            case 0...0x20, 0x7F...: return true
            default: return false
            }
        }

        /// MSH-2 as text (`^~\&`).
        public var encodingCharacters: String {
            var bytes = [component, repetition, escape, subcomponent]
            if let truncation { bytes.append(truncation) }
            return String(decoding: bytes, as: UTF8.self)
        }

        public var description: String { String(decoding: [field], as: UTF8.self) + encodingCharacters }
    }
}
