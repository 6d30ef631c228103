extension Alignment {
    /// The SAM FLAG field (bitwise), as an option set.
    ///
    /// ```swift
    /// if record.flags.isDisjoint(with: [.unmapped, .secondary, .duplicate]) { … }
    /// ```
    public struct Flags: OptionSet, Sendable, Hashable, CustomStringConvertible {
        /// The raw 16-bit FLAG value.
        public let rawValue: UInt16
        /// Creates flags from the raw FLAG value.
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// 0x1: the template has multiple segments (paired in sequencing).
        public static let paired = Flags(rawValue: 0x1)
        /// 0x2: each segment is properly aligned according to the aligner (proper pair).
        public static let properPair = Flags(rawValue: 0x2)
        /// 0x4: the segment is unmapped.
        public static let unmapped = Flags(rawValue: 0x4)
        /// 0x8: the next segment (mate) is unmapped.
        public static let mateUnmapped = Flags(rawValue: 0x8)
        /// 0x10: the sequence is reverse complemented (reverse strand).
        public static let reverseStrand = Flags(rawValue: 0x10)
        /// 0x20: the mate's sequence is reverse complemented.
        public static let mateReverseStrand = Flags(rawValue: 0x20)
        /// 0x40: the first segment of the template (read 1).
        public static let firstSegment = Flags(rawValue: 0x40)
        /// 0x80: the last segment of the template (read 2).
        public static let lastSegment = Flags(rawValue: 0x80)
        /// 0x100: a secondary alignment.
        public static let secondary = Flags(rawValue: 0x100)
        /// 0x200: the read fails platform/vendor quality checks.
        public static let qcFail = Flags(rawValue: 0x200)
        /// 0x400: a PCR or optical duplicate.
        public static let duplicate = Flags(rawValue: 0x400)
        /// 0x800: a supplementary alignment.
        public static let supplementary = Flags(rawValue: 0x800)

        /// The reads a pileup skips by default: unmapped, secondary, QC-fail and duplicate
        /// (the default of `samtools depth` and `bcftools mpileup`).
        public static let pileupDefaultExcluded: Flags = [.unmapped, .secondary, .qcFail, .duplicate]

        /// The FLAG as a decimal number, as SAM writes it.
        public var description: String { String(rawValue) }
    }
}
