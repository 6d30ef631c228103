extension Alignment {
    /// An owned, decoded alignment record (`Sendable` value type).
    ///
    /// Made from a ``RecordView`` when a record must outlive the reader's next read. Coordinates are
    /// **0-based** as in BAM; SAM's 1-based POS is ``alignmentStart`` + 1.
    ///
    /// ```swift
    /// var kept: [Alignment.Record] = []
    /// while let view = try reader.next() where view.mappingQuality >= 30 { kept.append(Alignment.Record(view)) }
    /// ```
    public struct Record: Sendable, Equatable {
        /// The read name (QNAME).
        public var name: String
        /// The FLAG field.
        public var flags: Flags
        /// The reference sequence index, or -1 when unplaced.
        public var referenceSequenceID: Int
        /// The **0-based** leftmost reference position, or -1.
        public var alignmentStart: Int
        /// The mapping quality (255 = unavailable).
        public var mappingQuality: UInt8
        /// The CIGAR operations.
        public var cigar: [CigarOperation]
        /// The mate's reference sequence index, or -1.
        public var mateReferenceSequenceID: Int
        /// The mate's **0-based** position, or -1.
        public var mateAlignmentStart: Int
        /// The signed observed template length (TLEN).
        public var templateLength: Int
        /// The bases as upper-case ASCII; empty when SEQ is `*`.
        public var sequence: [UInt8]
        /// Phred base qualities (no +33); empty when QUAL is `*`.
        public var qualityScores: [UInt8]
        /// The aux fields in file order.
        public var auxFields: [AuxField]

        /// The **0-based, exclusive** reference end (start + CIGAR reference length, or start + 1 when that is 0).
        public var alignmentEnd: Int {
            let length = cigar.referenceLength
            return alignmentStart + (length == 0 ? 1 : length)
        }

        /// The value of aux field `tag`, or `nil`.
        public func auxValue(_ tag: String) -> AuxValue? { auxFields.first { $0.tag == tag }?.value }

        /// Copies and decodes the view's record. Aux fields that cannot be parsed are dropped
        /// (use ``RecordView/auxFields()`` to see the error).
        public init(_ view: RecordView) {
            let raw = view.raw
            name = raw.name()
            flags = view.flags
            referenceSequenceID = view.referenceSequenceID
            alignmentStart = view.alignmentStart
            mappingQuality = view.mappingQuality
            cigar = raw.cigar()
            mateReferenceSequenceID = view.mateReferenceSequenceID
            mateAlignmentStart = view.mateAlignmentStart
            templateLength = view.templateLength
            sequence = raw.sequence()
            qualityScores = raw.qualityScores()
            auxFields = (try? AlignmentAuxParser.fields(raw.auxBytes)) ?? []
        }

        /// Creates a record from its fields (for tests and writers).
        public init(name: String, flags: Flags, referenceSequenceID: Int, alignmentStart: Int, mappingQuality: UInt8,
                    cigar: [CigarOperation], mateReferenceSequenceID: Int = -1, mateAlignmentStart: Int = -1,
                    templateLength: Int = 0, sequence: [UInt8], qualityScores: [UInt8], auxFields: [AuxField] = []) {
            self.name = name; self.flags = flags; self.referenceSequenceID = referenceSequenceID
            self.alignmentStart = alignmentStart; self.mappingQuality = mappingQuality; self.cigar = cigar
            self.mateReferenceSequenceID = mateReferenceSequenceID; self.mateAlignmentStart = mateAlignmentStart
            self.templateLength = templateLength; self.sequence = sequence; self.qualityScores = qualityScores
            self.auxFields = auxFields
        }
    }
}
