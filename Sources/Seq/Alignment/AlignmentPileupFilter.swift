extension Alignment {
    /// Which reads and bases a ``Pileup`` counts.
    ///
    /// The defaults are those of `bcftools mpileup` without BAQ and with orphans counted
    /// (`bcftools mpileup -B -A -Q 13 -q 0`): reads that are unmapped, secondary, QC-fail or duplicate are skipped,
    /// bases below Phred 13 are not counted, and the overlapping part of a read pair is counted once.
    ///
    /// ```swift
    /// var filter = Alignment.PileupFilter()
    /// filter.minimumMappingQuality = 20
    /// filter.excludedFlags.insert(.supplementary)
    /// ```
    public struct PileupFilter: Sendable, Equatable {
        /// Bases with a Phred quality below this are not counted (`-Q` of bcftools mpileup, `-q` of samtools depth).
        /// With ``countOverlappingMatesOnce`` a value of at least 1 is needed for the second mate's bases to drop out.
        public var minimumBaseQuality: Int = 13
        /// Reads with a MAPQ below this are skipped entirely (`-q` of bcftools mpileup, `-Q` of samtools depth).
        public var minimumMappingQuality: Int = 0
        /// Reads with any of these flags are skipped (default: unmapped, secondary, QC-fail, duplicate).
        public var excludedFlags: Flags = .pileupDefaultExcluded
        /// Reads must have all of these flags (default: none).
        public var requiredFlags: Flags = []
        /// Skip paired reads that are not in a proper pair (bcftools mpileup's default without `-A`). Default false.
        public var skipAnomalousPairs: Bool = false
        /// Count each read pair's overlapping bases once, as htslib's pileup does for `bcftools mpileup` and
        /// `samtools mpileup`: where the mates agree the first mate keeps the summed quality (at most 200) and the
        /// second gets quality 0; where they disagree the better base keeps 80% of its quality and the other gets 0.
        /// Default true.
        public var countOverlappingMatesOnce: Bool = true
        /// Keep a ``PileupRead`` for every counted read in each column (for genotype likelihoods). Default false.
        public var collectReads: Bool = false

        /// Creates a filter; every parameter defaults as documented on its property.
        public init(minimumBaseQuality: Int = 13, minimumMappingQuality: Int = 0,
                    excludedFlags: Flags = .pileupDefaultExcluded, requiredFlags: Flags = [],
                    skipAnomalousPairs: Bool = false, countOverlappingMatesOnce: Bool = true, collectReads: Bool = false) {
            self.minimumBaseQuality = minimumBaseQuality
            self.minimumMappingQuality = minimumMappingQuality
            self.excludedFlags = excludedFlags
            self.requiredFlags = requiredFlags
            self.skipAnomalousPairs = skipAnomalousPairs
            self.countOverlappingMatesOnce = countOverlappingMatesOnce
            self.collectReads = collectReads
        }

        /// Whether a read with these flags and MAPQ enters the pileup (base quality is judged per base).
        @inlinable
        public func accepts(flags: Flags, mappingQuality: UInt8) -> Bool {
            if !flags.isDisjoint(with: excludedFlags) { return false }
            if !flags.isSuperset(of: requiredFlags) { return false }
            if Int(mappingQuality) < minimumMappingQuality { return false }
            if skipAnomalousPairs && flags.contains(.paired) && !flags.contains(.properPair) { return false }
            return true
        }
    }
}
