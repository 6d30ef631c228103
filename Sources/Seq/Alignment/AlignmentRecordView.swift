internal import CHTSlib

extension Alignment {
    /// A borrowed, zero-copy view of the reader's current record.
    ///
    /// Core fields (flags, reference, position, MAPQ, mate fields) are read straight from htslib's record;
    /// the name, CIGAR, sequence, qualities and aux fields are decoded only when asked for.
    /// The view is valid **until the next call** that reads from the same ``Reader``; keep a record longer
    /// with ``Alignment/Record/init(_:)``.
    ///
    /// ```swift
    /// while let view = try reader.next() {
    ///     guard !view.flags.contains(.unmapped) else { continue }
    ///     let cigar = view.cigar            // decoded on access
    ///     let nm = try view.auxValue("NM")?.integerValue
    /// }
    /// ```
    public struct RecordView {
        let record: UnsafePointer<bam1_t>

        init(_ record: UnsafePointer<bam1_t>) { self.record = record }

        var raw: AlignmentRawRecord {
            AlignmentRawRecord(data: UnsafeRawPointer(gx_bam_data(record)), dataLength: Int(gx_bam_l_data(record)),
                               nameLength: Int(gx_bam_l_qname(record)), cigarCount: Int(gx_bam_n_cigar(record)),
                               sequenceLength: Int(gx_bam_l_qseq(record)))
        }

        /// The FLAG field.
        public var flags: Flags { Flags(rawValue: gx_bam_flag(record)) }

        /// The reference sequence index into ``Header/referenceSequences``, or -1 when unplaced (RNAME `*`).
        public var referenceSequenceID: Int { Int(gx_bam_tid(record)) }

        /// The alignment start: **0-based** leftmost reference position (SAM POS − 1); -1 when unplaced.
        public var alignmentStart: Int { Int(gx_bam_pos(record)) }

        /// The alignment end: **0-based, exclusive** (start + reference length of the CIGAR);
        /// start + 1 for reads without reference-consuming operations (as htslib's `bam_endpos`).
        public var alignmentEnd: Int { Int(gx_bam_endpos(record)) }

        /// The mapping quality (MAPQ, 255 = unavailable).
        public var mappingQuality: UInt8 { gx_bam_mapq(record) }

        /// The mate's reference sequence index, or -1 (RNEXT `*`).
        public var mateReferenceSequenceID: Int { Int(gx_bam_mtid(record)) }

        /// The mate's alignment start, **0-based** (SAM PNEXT − 1); -1 when unavailable.
        public var mateAlignmentStart: Int { Int(gx_bam_mpos(record)) }

        /// The observed template length (TLEN), signed.
        public var templateLength: Int { Int(gx_bam_isize(record)) }

        /// The number of bases in SEQ (0 when SEQ is `*`).
        public var sequenceLength: Int { Int(gx_bam_l_qseq(record)) }

        /// The number of CIGAR operations.
        public var cigarCount: Int { Int(gx_bam_n_cigar(record)) }

        /// The read name (QNAME).
        public var name: String { raw.name() }

        /// Calls `body` with the read name's bytes (no NUL), without allocating.
        public func withNameBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try body(raw.nameBytes())
        }

        /// The CIGAR operations (empty for `*`).
        public var cigar: [CigarOperation] { raw.cigar() }

        /// The `i`-th CIGAR operation, without decoding the others. - Precondition: `i < cigarCount`.
        public func cigarOperation(at i: Int) -> CigarOperation {
            precondition(i >= 0 && i < cigarCount, "CIGAR index out of range")
            return CigarOperation(packed: raw.packedCigar(i))
        }

        /// The bases as upper-case IUPAC ASCII (`ACGTN…`); empty when SEQ is `*`.
        public var sequence: [UInt8] { raw.sequence() }

        /// The base at query position `i` (0-based) as ASCII. - Precondition: `i < sequenceLength`.
        public func base(at i: Int) -> UInt8 {
            precondition(i >= 0 && i < sequenceLength, "sequence index out of range")
            return alignmentNucleotide16[Int(raw.baseCode(i))]
        }

        /// Phred base qualities (raw scores, no +33); empty when QUAL is `*`.
        public var qualityScores: [UInt8] { raw.qualityScores() }

        /// The Phred quality at query position `i` (0-based; 255 when QUAL is `*`).
        public func qualityScore(at i: Int) -> UInt8 {
            precondition(i >= 0 && i < sequenceLength, "quality index out of range")
            return raw.quality(i)
        }

        /// Every aux field, in file order, with typed values.
        /// - Throws: ``SeqError`` (`.malformedRecord`) when the aux area is corrupt.
        public func auxFields() throws(SeqError) -> [AuxField] { try AlignmentAuxParser.fields(raw.auxBytes) }

        /// The typed value of aux field `tag` (two characters, e.g. `"NM"`), or `nil` when absent.
        /// - Throws: ``SeqError`` (`.malformedRecord`) when the aux area is corrupt.
        public func auxValue(_ tag: String) throws(SeqError) -> AuxValue? { try AlignmentAuxParser.value(raw.auxBytes, tag: tag) }
    }
}
