extension HL7v2 {
    /// A location in a message: `SEG[occurrence]-field[repetition].component.subcomponent`.
    ///
    /// All numbers are 1-based. Examples: `PID-3` (field), `PID-3[2]` (second repetition), `PID-3[2].1`
    /// (its first component), `PID-5.1.1` (first subcomponent), `OBX[3]-5` (field 5 of the third OBX).
    /// A dot may replace the dash (`PID.3.1`).
    public struct Path: Sendable, Hashable, CustomStringConvertible {
        /// Segment ID.
        public var segment: String
        /// 1-based occurrence of the segment in the message.
        public var segmentOccurrence: Int
        /// 1-based field number.
        public var field: Int
        /// 1-based repetition, `nil` when not given.
        public var repetition: Int?
        /// 1-based component, `nil` when not given.
        public var component: Int?
        /// 1-based subcomponent, `nil` when not given.
        public var subcomponent: Int?

        /// Creates a path from its parts.
        public init(segment: String, segmentOccurrence: Int = 1, field: Int, repetition: Int? = nil, component: Int? = nil, subcomponent: Int? = nil) {
            self.segment = segment; self.segmentOccurrence = segmentOccurrence; self.field = field
            self.repetition = repetition; self.component = component; self.subcomponent = subcomponent
        }

        /// Parses a path.
        ///
        /// - Parameter text: For example `PID-3[2].1`.
        /// - Throws: ``HealthRecordsError`` (`invalid_argument`) naming what is malformed.
        public init(_ text: String) throws(HealthRecordsError) {
            func fail() -> HealthRecordsError {
                HealthRecordsError(.invalidArgument, "HL7 v2 path \"\(text)\" is malformed; expected SEG[n]-field[repetition].component.subcomponent, e.g. PID-3[2].1")
            }
            var rest = Substring(text)
            let id = rest.prefix(3)
            guard id.count == 3, id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { throw fail() }
            rest = rest.dropFirst(3)
            func bracket() throws(HealthRecordsError) -> Int? {
                guard rest.first == "[" else { return nil }
                guard let close = rest.firstIndex(of: "]"), let n = Int(rest[rest.index(after: rest.startIndex)..<close]), n >= 1 else { throw fail() }
                rest = rest[rest.index(after: close)...]
                return n
            }
            func number() throws(HealthRecordsError) -> Int {
                let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
                guard let n = Int(digits), n >= 1 else { throw fail() }
                rest = rest.dropFirst(digits.count)
                return n
            }
            let occurrence = try bracket() ?? 1
            guard rest.first == "-" || rest.first == "." else { throw fail() }
            rest = rest.dropFirst()
            let field = try number()
            let repetition = try bracket()
            var component: Int?
            var subcomponent: Int?
            if rest.first == "." { rest = rest.dropFirst(); component = try number() }
            if rest.first == "." { rest = rest.dropFirst(); subcomponent = try number() }
            guard rest.isEmpty else { throw fail() }
            self.init(segment: String(id), segmentOccurrence: occurrence, field: field, repetition: repetition,
                      component: component, subcomponent: subcomponent)
        }

        public var description: String {
            var s = segment
            if segmentOccurrence != 1 { s += "[\(segmentOccurrence)]" }
            s += "-\(field)"
            if let repetition { s += "[\(repetition)]" }
            if let component { s += ".\(component)" }
            if let subcomponent { s += ".\(subcomponent)" }
            return s
        }
    }
}
