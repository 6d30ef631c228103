extension HL7v2 {
    /// A view of one segment of a ``HL7v2/Message``.
    ///
    /// Fields are numbered from 1 as in the standard. In MSH, BHS and FHS, field 1 is the field separator itself
    /// and field 2 the encoding characters, both returned literally (not split, not unescaped).
    public struct Segment: Sendable {
        /// The message this segment belongs to.
        public let message: Message
        /// 0-based index of this segment in the message.
        public let index: Int

        var entry: Message.SegmentEntry { message.segmentTable[index] }

        /// The segment ID (`PID`, `OBX`, `ZPI`).
        public var id: String {
            let start = Int(entry.start)
            return String(decoding: message.bytes[start..<start + 3], as: UTF8.self)
        }

        /// True for MSH, BHS and FHS, whose field 1 is the field separator.
        public var isHeader: Bool {
            let start = Int(entry.start)
            let b = message.bytes
            let (c0, c1, c2) = (b[start], b[start + 1], b[start + 2])
            if c0 == UInt8(ascii: "M") { return c1 == UInt8(ascii: "S") && c2 == UInt8(ascii: "H") }
            return (c0 == UInt8(ascii: "B") || c0 == UInt8(ascii: "F")) && c1 == UInt8(ascii: "H") && c2 == UInt8(ascii: "S")
        }

        /// The highest field number present (trailing empty fields included as sent).
        public var fieldCount: Int { Int(entry.elementCount) - (isHeader ? 0 : 1) }

        /// The 1-based input line of this segment.
        public var line: Int { message.line(ofSegment: index) }

        /// The field with the given 1-based number; an empty field when the segment is shorter.
        public func field(_ number: Int) -> Field {
            let entry = self.entry
            let header = isHeader
            if header && number == 1 {
                let start = Int(entry.start) + 3
                return Field(bytes: message.bytes, range: start..<start + 1, separators: message.separators, literal: true)
            }
            let element = header ? number - 1 : number
            guard number >= 1, element < Int(entry.elementCount) else {
                let end = Int(entry.end)
                return Field(bytes: message.bytes, range: end..<end, separators: message.separators, literal: false)
            }
            let k = Int(entry.firstElement) + element
            let range = Int(message.elementStarts[k])..<Int(message.elementStarts[k + 1]) - 1
            return Field(bytes: message.bytes, range: range, separators: message.separators, literal: header && number == 2)
        }

        /// The field with the given 1-based number (see ``field(_:)``).
        public subscript(_ number: Int) -> Field { field(number) }

        /// All fields, 1 through ``fieldCount``.
        public var fields: [Field] { fieldCount < 1 ? [] : (1...fieldCount).map { field($0) } }

        /// The segment as sent (ER7, without the terminator).
        public var er7: String { String(decoding: message.bytes[Int(entry.start)..<Int(entry.end)], as: UTF8.self) }
    }

    /// A view of one field: its repetitions, components and subcomponents, decoded on access.
    public struct Field: Sendable {
        let bytes: [UInt8]
        /// The byte range of the field in ``HL7v2/Message/bytes``.
        public let range: Range<Int>
        let separators: Separators
        let literal: Bool

        /// The field as sent (escape sequences kept).
        public var raw: String { String(decoding: bytes[range], as: UTF8.self) }
        /// The decoded field; inner separators are kept as they are, escape sequences are decoded.
        public var value: String { literal ? raw : Escaping.unescape(bytes[range], separators: separators) }
        /// True when the field is empty (not sent).
        public var isEmpty: Bool { range.isEmpty }
        /// True when the field is the explicit null `""` (delete the value in the receiver).
        public var isNull: Bool { HL7v2.isNull(bytes, range) }

        /// The repetitions (at least one, possibly empty).
        public var repetitions: [Repetition] {
            guard !literal else { return [Repetition(bytes: bytes, range: range, separators: separators, literal: true)] }
            return split(bytes, range, separators.repetition).map { Repetition(bytes: bytes, range: $0, separators: separators, literal: false) }
        }
        /// The number of repetitions (1 for an empty field).
        public var repetitionCount: Int { literal ? 1 : count(bytes, range, separators.repetition) }
        /// The 1-based repetition; empty when absent.
        public func repetition(_ number: Int) -> Repetition {
            if literal { return Repetition(bytes: bytes, range: number == 1 ? range : range.upperBound..<range.upperBound, separators: separators, literal: true) }
            return Repetition(bytes: bytes, range: part(bytes, range, separators.repetition, number), separators: separators, literal: false)
        }
        /// The 1-based component of the first repetition.
        public func component(_ number: Int) -> Component { repetition(1).component(number) }
        /// The 1-based repetition (same as ``repetition(_:)``).
        public subscript(_ number: Int) -> Repetition { repetition(number) }
    }

    /// A view of one repetition of a field.
    public struct Repetition: Sendable {
        let bytes: [UInt8]
        /// The byte range in ``HL7v2/Message/bytes``.
        public let range: Range<Int>
        let separators: Separators
        let literal: Bool

        /// The repetition as sent.
        public var raw: String { String(decoding: bytes[range], as: UTF8.self) }
        /// The decoded repetition (inner separators kept).
        public var value: String { literal ? raw : Escaping.unescape(bytes[range], separators: separators) }
        /// True when empty.
        public var isEmpty: Bool { range.isEmpty }
        /// True for the explicit null `""`.
        public var isNull: Bool { HL7v2.isNull(bytes, range) }
        /// The components (at least one).
        public var components: [Component] {
            guard !literal else { return [Component(bytes: bytes, range: range, separators: separators, literal: true)] }
            return split(bytes, range, separators.component).map { Component(bytes: bytes, range: $0, separators: separators, literal: false) }
        }
        /// The 1-based component; empty when absent.
        public func component(_ number: Int) -> Component {
            if literal { return Component(bytes: bytes, range: number == 1 ? range : range.upperBound..<range.upperBound, separators: separators, literal: true) }
            return Component(bytes: bytes, range: part(bytes, range, separators.component, number), separators: separators, literal: false)
        }
        /// The 1-based component (same as ``component(_:)``).
        public subscript(_ number: Int) -> Component { component(number) }
    }

    /// A view of one component; its subcomponents are decoded strings.
    public struct Component: Sendable {
        let bytes: [UInt8]
        /// The byte range in ``HL7v2/Message/bytes``.
        public let range: Range<Int>
        let separators: Separators
        let literal: Bool

        /// The component as sent.
        public var raw: String { String(decoding: bytes[range], as: UTF8.self) }
        /// The decoded component (subcomponent separators kept).
        public var value: String { literal ? raw : Escaping.unescape(bytes[range], separators: separators) }
        /// True when empty.
        public var isEmpty: Bool { range.isEmpty }
        /// True for the explicit null `""`.
        public var isNull: Bool { HL7v2.isNull(bytes, range) }
        /// The decoded subcomponents (at least one).
        public var subcomponents: [String] {
            guard !literal else { return [raw] }
            return split(bytes, range, separators.subcomponent).map { Escaping.unescape(bytes[$0], separators: separators) }
        }
        /// The subcomponents as sent.
        public var rawSubcomponents: [String] {
            guard !literal else { return [raw] }
            return split(bytes, range, separators.subcomponent).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        /// The decoded 1-based subcomponent; `""` when absent.
        public func subcomponent(_ number: Int) -> String {
            if literal { return number == 1 ? raw : "" }
            return Escaping.unescape(bytes[part(bytes, range, separators.subcomponent, number)], separators: separators)
        }
    }

    static func isNull(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        range.count == 2 && bytes[range.lowerBound] == 0x22 && bytes[range.lowerBound + 1] == 0x22
    }
}

/// The byte ranges of `range` split at `separator`.
private func split(_ bytes: [UInt8], _ range: Range<Int>, _ separator: UInt8) -> [Range<Int>] {
    var parts: [Range<Int>] = []
    var start = range.lowerBound
    for i in range where bytes[i] == separator {
        parts.append(start..<i)
        start = i + 1
    }
    parts.append(start..<range.upperBound)
    return parts
}

/// The number of parts of `range` split at `separator`.
private func count(_ bytes: [UInt8], _ range: Range<Int>, _ separator: UInt8) -> Int {
    var n = 1
    for i in range where bytes[i] == separator { n += 1 }
    return n
}

/// The 1-based `number`-th part of `range` split at `separator`; an empty range at the end when absent.
private func part(_ bytes: [UInt8], _ range: Range<Int>, _ separator: UInt8, _ number: Int) -> Range<Int> {
    guard number >= 1 else { return range.upperBound..<range.upperBound }
    var seen = 1
    var start = range.lowerBound
    for i in range where bytes[i] == separator {
        if seen == number { return start..<i }
        seen += 1
        start = i + 1
    }
    return seen == number ? start..<range.upperBound : range.upperBound..<range.upperBound
}
