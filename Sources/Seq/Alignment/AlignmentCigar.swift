extension Alignment {
    /// One CIGAR operation: a kind and a length.
    public struct CigarOperation: Sendable, Hashable, CustomStringConvertible {
        /// The CIGAR operation kinds, with their BAM codes as raw values.
        public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
            /// `M`: alignment match (sequence match or mismatch). Consumes query and reference.
            case match = 0
            /// `I`: insertion to the reference. Consumes query.
            case insertion = 1
            /// `D`: deletion from the reference. Consumes reference.
            case deletion = 2
            /// `N`: skipped region from the reference (intron). Consumes reference.
            case skip = 3
            /// `S`: soft clip (bases present in SEQ). Consumes query.
            case softClip = 4
            /// `H`: hard clip (bases absent from SEQ). Consumes nothing.
            case hardClip = 5
            /// `P`: padding (silent deletion from padded reference). Consumes nothing.
            case padding = 6
            /// `=`: sequence match. Consumes query and reference.
            case sequenceMatch = 7
            /// `X`: sequence mismatch. Consumes query and reference.
            case sequenceMismatch = 8

            /// The SAM character of this kind (`M`, `I`, `D`, `N`, `S`, `H`, `P`, `=`, `X`).
            public var character: Character {
                switch self {
                case .match: "M"
                case .insertion: "I"
                case .deletion: "D"
                case .skip: "N"
                case .softClip: "S"
                case .hardClip: "H"
                case .padding: "P"
                case .sequenceMatch: "="
                case .sequenceMismatch: "X"
                }
            }

            /// Whether the operation consumes query (read) bases.
            @inlinable public var consumesQuery: Bool {
                switch self {
                case .match, .insertion, .softClip, .sequenceMatch, .sequenceMismatch: true
                default: false
                }
            }

            /// Whether the operation consumes reference bases.
            @inlinable public var consumesReference: Bool {
                switch self {
                case .match, .deletion, .skip, .sequenceMatch, .sequenceMismatch: true
                default: false
                }
            }
        }

        /// The operation kind.
        public var kind: Kind
        /// The operation length (number of bases).
        public var length: Int

        /// Creates an operation.
        public init(_ kind: Kind, _ length: Int) { self.kind = kind; self.length = length }

        /// Decodes a BAM-packed operation (`length << 4 | code`); codes above 8 become `M`
        /// (htslib validates codes when it reads a record).
        @inlinable public init(packed: UInt32) {
            self.kind = Kind(rawValue: UInt8(truncatingIfNeeded: packed & 0xF)) ?? .match
            self.length = Int(packed >> 4)
        }

        /// `12M`, `3S`, …
        public var description: String { "\(length)\(kind.character)" }
    }
}

extension Array where Element == Alignment.CigarOperation {
    /// The CIGAR string (`*` when empty).
    public var cigarString: String { isEmpty ? "*" : map(\.description).joined() }

    /// The number of reference bases the alignment spans (M, D, N, =, X).
    public var referenceLength: Int { reduce(0) { $1.kind.consumesReference ? $0 + $1.length : $0 } }

    /// The number of query bases (M, I, S, =, X).
    public var queryLength: Int { reduce(0) { $1.kind.consumesQuery ? $0 + $1.length : $0 } }
}
