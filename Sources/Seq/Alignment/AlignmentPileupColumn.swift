extension Alignment {
    /// A reference position named by sequence name and **1-based** position (as in VCF).
    public struct Locus: Sendable, Hashable, CustomStringConvertible {
        /// The reference sequence name (as in the alignment header).
        public var referenceName: String
        /// The position, **1-based**.
        public var position: Int
        /// Creates a locus; `position` is 1-based.
        public init(referenceName: String, position: Int) { self.referenceName = referenceName; self.position = position }
        /// `chr:pos`.
        public var description: String { "\(referenceName):\(position)" }
    }

    /// Counts of the bases A, C, G, T and N (any other IUPAC code counts as N) on one strand.
    public struct BaseCounts: Sendable, Hashable {
        /// Reads showing A.
        public var a = 0
        /// Reads showing C.
        public var c = 0
        /// Reads showing G.
        public var g = 0
        /// Reads showing T.
        public var t = 0
        /// Reads showing N or another ambiguity code.
        public var n = 0
        /// Creates zero counts.
        public init() {}
        /// Creates counts.
        public init(a: Int, c: Int, g: Int, t: Int, n: Int) { self.a = a; self.c = c; self.g = g; self.t = t; self.n = n }

        /// The sum of all five counts.
        public var total: Int { a + c + g + t + n }

        /// The count for an ASCII base (`A`, `c`, …; anything else is N).
        public subscript(base: UInt8) -> Int {
            switch base & 0xDF {
            case UInt8(ascii: "A"): a
            case UInt8(ascii: "C"): c
            case UInt8(ascii: "G"): g
            case UInt8(ascii: "T"): t
            default: n
            }
        }

        @usableFromInline
        mutating func add(code: UInt8) {
            // htslib 4-bit codes: A=1, C=2, G=4, T=8, everything else N.
            switch code {
            case 1: a += 1
            case 2: c += 1
            case 4: g += 1
            case 8: t += 1
            default: n += 1
            }
        }

        /// Element-wise sum.
        public static func + (lhs: BaseCounts, rhs: BaseCounts) -> BaseCounts {
            BaseCounts(a: lhs.a + rhs.a, c: lhs.c + rhs.c, g: lhs.g + rhs.g, t: lhs.t + rhs.t, n: lhs.n + rhs.n)
        }
    }

    /// An insertion or deletion that follows an aligned base (its anchor).
    ///
    /// As in VCF and `samtools mpileup`, an indel belongs to the position of its **anchor**: the last reference
    /// base before it. A deletion at anchor `p` removes reference positions `p+1 … p+length` (1-based).
    public struct Indel: Sendable, Hashable, CustomStringConvertible {
        /// Insertion or deletion.
        public enum Kind: Sendable, Hashable { case insertion, deletion }
        /// Insertion or deletion.
        public var kind: Kind
        /// The number of inserted or deleted bases.
        public var length: Int
        /// Insertion: the inserted read bases (upper-case ASCII). Deletion: the deleted reference bases when the
        /// pileup has a reference, else empty.
        public var sequence: [UInt8]
        /// Creates an indel.
        public init(kind: Kind, length: Int, sequence: [UInt8]) { self.kind = kind; self.length = length; self.sequence = sequence }
        /// samtools mpileup notation: `+2AG`, `-3CTT` (or `-3NNN` without reference bases).
        public var description: String {
            let bases = sequence.isEmpty ? String(repeating: "N", count: length) : String(decoding: sequence, as: UTF8.self)
            return (kind == .insertion ? "+" : "-") + "\(length)" + bases
        }
    }

    /// How many reads show one indel at a position, by strand.
    public struct IndelCount: Sendable, Hashable {
        /// The indel.
        public var indel: Indel
        /// Reads on the forward strand.
        public var forward: Int
        /// Reads on the reverse strand.
        public var reverse: Int
        /// Both strands.
        public var total: Int { forward + reverse }
        /// Creates a count.
        public init(indel: Indel, forward: Int, reverse: Int) { self.indel = indel; self.forward = forward; self.reverse = reverse }
    }

    /// One read's evidence at one pileup position, for genotype likelihood models.
    public struct PileupRead: Sendable, Hashable {
        /// The read's base at the position as upper-case ASCII (`A`, `C`, `G`, `T`, `N`…), or `*` when the position
        /// lies inside a deletion of this read.
        public var base: UInt8
        /// The base quality (Phred) after overlapping-mate adjustment; 0 for `*`.
        public var baseQuality: UInt8
        /// The read's mapping quality.
        public var mappingQuality: UInt8
        /// The read's flags (strand, first/second of pair, …).
        public var flags: Flags
        /// The indel that starts right after this base, if any (see ``Indel``).
        public var indel: Indel?
        /// The 0-based index of the base in the read's SEQ (for a `*`, the next base after the deletion).
        public var queryPosition: Int
        /// The read's length (SEQ).
        public var readLength: Int
        /// Whether the read is on the reverse strand.
        public var isReverseStrand: Bool { flags.contains(.reverseStrand) }
        /// Creates an observation.
        public init(base: UInt8, baseQuality: UInt8, mappingQuality: UInt8, flags: Flags, indel: Indel?, queryPosition: Int, readLength: Int) {
            self.base = base; self.baseQuality = baseQuality; self.mappingQuality = mappingQuality; self.flags = flags
            self.indel = indel; self.queryPosition = queryPosition; self.readLength = readLength
        }
    }

    /// Everything a ``Pileup`` saw at one reference position.
    ///
    /// ``depth`` counts reads whose base at the position passes the filter (as `samtools depth` without `-J`);
    /// reads with a deletion over the position are in ``deletionSpanningCount``.
    public struct PileupColumn: Sendable, Hashable {
        /// The reference sequence index in the alignment header.
        public var referenceSequenceID: Int
        /// The reference sequence name.
        public var referenceName: String
        /// The position, **1-based**.
        public var position: Int
        /// The reference base (upper-case ASCII) when the pileup has a reference, else `nil`.
        public var referenceBase: UInt8?
        /// Counts of reads on the forward strand by base.
        public var forward = BaseCounts()
        /// Counts of reads on the reverse strand by base.
        public var reverse = BaseCounts()
        /// Indels anchored at this position (see ``Indel``), most frequent first.
        public var indels: [IndelCount] = []
        /// Reads whose alignment has a deletion (or `N` skip is not counted) over this position.
        public var deletionSpanningCount = 0
        /// Reads covering the position whose base was below the minimum base quality (after overlap adjustment).
        public var lowBaseQualityCount = 0
        /// Every counted read's evidence, when ``PileupFilter/collectReads`` is set (bases that passed the filter and
        /// reads deleted over the position), in the order the reads were met.
        public var reads: [PileupRead] = []

        /// Creates an empty column.
        public init(referenceSequenceID: Int, referenceName: String, position: Int, referenceBase: UInt8? = nil) {
            self.referenceSequenceID = referenceSequenceID; self.referenceName = referenceName
            self.position = position; self.referenceBase = referenceBase
        }

        /// Both strands' base counts.
        public var bases: BaseCounts { forward + reverse }
        /// Reads whose base at this position passed the filter (A+C+G+T+N, both strands).
        public var depth: Int { forward.total + reverse.total }
        /// Insertions anchored here.
        public var insertions: [IndelCount] { indels.filter { $0.indel.kind == .insertion } }
        /// Deletions anchored here (removing the following positions).
        public var deletions: [IndelCount] { indels.filter { $0.indel.kind == .deletion } }
        /// Reads showing `base` (ASCII) on both strands.
        public func count(of base: UInt8) -> Int { forward[base] + reverse[base] }
    }
}
