extension NIPT {
    /// Which alignments count as read starts.
    ///
    /// The defaults match `samtools view -q 10 -F 0xF04` plus, for paired-end data, proper pairs only, with each
    /// fragment counted once (at its first-in-pair read).
    public struct ReadFilter: Sendable, Equatable, Codable {
        /// Minimum mapping quality (default 10).
        public var minimumMappingQuality: Int = 10
        /// Drop reads flagged as PCR/optical duplicates (0x400).
        public var dropDuplicates: Bool = true
        /// Drop secondary alignments (0x100).
        public var dropSecondary: Bool = true
        /// Drop supplementary alignments (0x800).
        public var dropSupplementary: Bool = true
        /// Drop reads that failed vendor QC (0x200).
        public var dropQCFail: Bool = true
        /// For paired reads, drop pairs not flagged proper (0x2).
        public var dropImproperPairs: Bool = true
        /// For paired reads, count each fragment once: only the first-in-pair read (0x40) is counted.
        public var countFragmentsOnce: Bool = true

        /// The default filter.
        public init() {}

        /// SAM flag bits that drop a read regardless of pairing (unmapped always included).
        public var excludedFlags: UInt16 {
            var flags: UInt16 = 0x4
            if dropSecondary { flags |= 0x100 }
            if dropQCFail { flags |= 0x200 }
            if dropDuplicates { flags |= 0x400 }
            if dropSupplementary { flags |= 0x800 }
            return flags
        }

        /// Why an alignment was not counted (see ``BinCounts/Statistics``).
        public enum Outcome: Int, Sendable { case counted, unmapped, secondary, supplementary, qcFail, duplicate, lowMappingQuality, improperPair, secondInPair, otherContig }

        /// Applies the filter to one alignment's flag and mapping quality.
        @inlinable
        public func outcome(flag: UInt16, mappingQuality: Int) -> Outcome {
            if flag & 0x4 != 0 { return .unmapped }
            if dropSecondary && flag & 0x100 != 0 { return .secondary }
            if dropSupplementary && flag & 0x800 != 0 { return .supplementary }
            if dropQCFail && flag & 0x200 != 0 { return .qcFail }
            if dropDuplicates && flag & 0x400 != 0 { return .duplicate }
            if mappingQuality < minimumMappingQuality { return .lowMappingQuality }
            if flag & 0x1 != 0 {
                if dropImproperPairs && flag & 0x2 == 0 { return .improperPair }
                if countFragmentsOnce && flag & 0x40 == 0 { return .secondInPair }
            }
            return .counted
        }
    }
}
