extension Alignment {
    /// The header of an alignment file: reference sequences, read groups, programs and the full text.
    public struct Header: Sendable, Equatable {
        /// One reference sequence (`@SQ`, or the BAM binary reference list).
        public struct ReferenceSequence: Sendable, Equatable {
            /// The sequence name (`SN`).
            public var name: String
            /// The sequence length in bases (`LN`).
            public var length: Int
            /// Creates a reference sequence entry.
            public init(name: String, length: Int) { self.name = name; self.length = length }
        }

        /// A header line of a given type (`@RG`, `@PG`) as its `TAG:VALUE` fields.
        public struct Line: Sendable, Equatable {
            /// The `ID` field (empty when absent).
            public var id: String { fields["ID"] ?? "" }
            /// Every `TAG:VALUE` field of the line.
            public var fields: [String: String]
            /// Creates a header line from its fields.
            public init(fields: [String: String]) { self.fields = fields }
        }

        /// The reference sequences, indexed by ``RecordView/referenceSequenceID``.
        public var referenceSequences: [ReferenceSequence]
        /// The read groups (`@RG` lines) in file order.
        public var readGroups: [Line]
        /// The programs (`@PG` lines) in file order.
        public var programs: [Line]
        /// The header text as stored (SAM header lines, `\n`-separated).
        public var text: String

        private var idByName: [String: Int]

        /// Creates a header from its reference sequences and text; read groups and programs are parsed from `text`.
        public init(referenceSequences: [ReferenceSequence], text: String) {
            self.referenceSequences = referenceSequences
            self.text = text
            var groups: [Line] = [], programs: [Line] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                guard line.hasPrefix("@RG\t") || line.hasPrefix("@PG\t") else { continue }
                var fields: [String: String] = [:]
                for field in line.split(separator: "\t").dropFirst() {
                    guard let colon = field.firstIndex(of: ":") else { continue }
                    fields[String(field[..<colon])] = String(field[field.index(after: colon)...])
                }
                if line.hasPrefix("@RG") { groups.append(Line(fields: fields)) } else { programs.append(Line(fields: fields)) }
            }
            self.readGroups = groups
            self.programs = programs
            var ids: [String: Int] = [:]
            for (i, sequence) in referenceSequences.enumerated() where ids[sequence.name] == nil { ids[sequence.name] = i }
            self.idByName = ids
        }

        /// The index of the reference sequence called `name`, or `nil`.
        public func referenceSequenceID(named name: String) -> Int? { idByName[name] }

        /// The name of reference sequence `id`, or `*` when `id` is -1 or out of range.
        public func referenceName(_ id: Int) -> String {
            id >= 0 && id < referenceSequences.count ? referenceSequences[id].name : "*"
        }
    }
}
