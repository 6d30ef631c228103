extension HL7v2 {
    /// Builds ER7 messages from decoded values (the encoder).
    ///
    /// Values are plain text; the builder escapes them. Trailing empty fields, repetitions, components and
    /// subcomponents are dropped, as the standard recommends.
    ///
    /// ```swift
    /// var builder = HL7v2.MessageBuilder()
    /// builder.append("MSH")
    /// builder.set("MSH-9.1", "ADT"); builder.set("MSH-9.2", "A01"); builder.set("MSH-10", "1"); builder.set("MSH-12", "2.5")
    /// builder.append("PID")
    /// builder.set("PID-5.1", "王")
    /// let message = try builder.build()
    /// ```
    public struct MessageBuilder: Sendable {
        /// A segment under construction: field number → repetitions → components → subcomponents.
        public struct SegmentValues: Sendable, Equatable {
            /// The segment ID.
            public var id: String
            /// Decoded values: `fields[n]` is field n (index 0 unused); each field is repetitions of components of subcomponents.
            public var fields: [[[[String]]]]
            /// Creates an empty segment.
            public init(id: String) { self.id = id; self.fields = [[]] }
        }

        /// The separators written into MSH-1/MSH-2 and used for escaping.
        public var separators: Separators
        /// The segments in order.
        public var segments: [SegmentValues] = []

        /// Creates an empty builder.
        public init(separators: Separators = .standard) { self.separators = separators }

        /// Creates a builder holding the decoded values of a message (for editing or re-encoding).
        public init(_ message: Message) {
            self.separators = message.separators
            for segment in message.segments {
                var values = SegmentValues(id: segment.id)
                let first = segment.isHeader ? 3 : 1
                if segment.isHeader { values.fields = [[], [], []] }
                if segment.fieldCount >= first {
                    for n in first...segment.fieldCount {
                        let field = segment.field(n)
                        values.fields.append(field.repetitions.map { $0.components.map { $0.subcomponents } })
                    }
                }
                segments.append(values)
            }
        }

        /// Appends an empty segment.
        public mutating func append(_ id: String) { segments.append(SegmentValues(id: id)) }

        /// Sets a decoded value at a path (`PID-3[2].1.2`); the segment occurrence must exist.
        ///
        /// - Returns: False when the path is malformed or names a segment that was not appended.
        @discardableResult
        public mutating func set(_ path: String, _ value: String) -> Bool {
            guard let path = try? Path(path) else { return false }
            var seen = 0
            for index in segments.indices where segments[index].id == path.segment {
                seen += 1
                if seen == path.segmentOccurrence {
                    set(segment: index, field: path.field, repetition: path.repetition ?? 1, component: path.component ?? 1,
                        subcomponent: path.subcomponent ?? 1, value)
                    return true
                }
            }
            return false
        }

        /// Sets a decoded value by 0-based segment index and 1-based field, repetition, component, subcomponent.
        public mutating func set(segment index: Int, field: Int, repetition: Int = 1, component: Int = 1, subcomponent: Int = 1, _ value: String) {
            guard segments.indices.contains(index), field >= 1, repetition >= 1, component >= 1, subcomponent >= 1 else { return }
            var values = segments[index]
            while values.fields.count <= field { values.fields.append([]) }
            while values.fields[field].count < repetition { values.fields[field].append([]) }
            while values.fields[field][repetition - 1].count < component { values.fields[field][repetition - 1].append([]) }
            while values.fields[field][repetition - 1][component - 1].count < subcomponent { values.fields[field][repetition - 1][component - 1].append("") }
            values.fields[field][repetition - 1][component - 1][subcomponent - 1] = value
            segments[index] = values
        }

        /// The ER7 text, CR after each segment.
        public func encoded() -> String {
            let s = separators
            let fs = String(decoding: [s.field], as: UTF8.self)
            let cs = String(decoding: [s.component], as: UTF8.self)
            let rs = String(decoding: [s.repetition], as: UTF8.self)
            let ss = String(decoding: [s.subcomponent], as: UTF8.self)
            var out = ""
            for segment in segments {
                var line = segment.id
                let isHeader = ["MSH", "BHS", "FHS"].contains(segment.id)
                var fields: [String] = []
                let first = isHeader ? 3 : 1
                if segment.fields.count > first {
                    for n in first..<segment.fields.count {
                        let reps = segment.fields[n].map { rep in
                            trimmed(rep.map { comp in trimmed(comp.map { Escaping.escape($0, separators: s) }).joined(separator: ss) })
                                .joined(separator: cs)
                        }
                        fields.append(trimmed(reps).joined(separator: rs))
                    }
                }
                fields = trimmed(fields)
                if isHeader {
                    line += fs + s.encodingCharacters
                }
                if !fields.isEmpty { line += fs + fields.joined(separator: fs) }
                out += line + "\r"
            }
            return out
        }

        /// Encodes and parses the message.
        /// - Throws: ``HealthRecordsError`` when the segments do not form a valid message (e.g. no MSH first).
        public func build() throws(HealthRecordsError) -> Message {
            let bytes = Array(encoded().utf8)
            return try Message(indexing: bytes, number: 1, line: 1, source: nil)
        }

        private func trimmed(_ parts: [String]) -> [String] {
            var parts = parts
            while let last = parts.last, last.isEmpty { parts.removeLast() }
            return parts
        }
    }
}
