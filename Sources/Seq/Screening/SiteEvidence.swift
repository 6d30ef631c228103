import Foundation

extension Screening {
    /// The read evidence at one site, accumulated read by read: allele counts per strand and the diploid
    /// log-likelihoods (0/0, 0/1, 1/1) under ``Screening/GenotypeModel``.
    public struct SiteEvidence: Sendable, Codable, Equatable {
        /// Reads supporting REF on the forward / reverse strand.
        public var referenceForward = 0, referenceReverse = 0
        /// Reads supporting ALT on the forward / reverse strand.
        public var alternateForward = 0, alternateReverse = 0
        /// Reads covering the site with another allele.
        public var otherCount = 0
        /// Reads filtered out (low MAPQ/BQ, duplicates) — not in the depth.
        public var filteredCount = 0
        /// log10 L(0/0), L(0/1), L(1/1).
        public var log10Likelihoods: [Double] = [0, 0, 0]

        /// Creates empty evidence.
        public init() {}

        /// Reads supporting REF.
        public var referenceCount: Int { referenceForward + referenceReverse }
        /// Reads supporting ALT.
        public var alternateCount: Int { alternateForward + alternateReverse }
        /// All counted reads (REF + ALT + other): the VCF DP.
        public var depth: Int { referenceCount + alternateCount + otherCount }

        /// Adds one read.
        /// - Parameters:
        ///   - allele: the allele the read supports.
        ///   - quality: the per-read quality from ``GenotypeModel/readQuality(baseQuality:mappingQuality:)``.
        ///   - reverseStrand: true when the read (as sequenced) maps to the reverse strand.
        @inlinable
        public mutating func add(_ allele: ReadAllele, quality: Int, reverseStrand: Bool) {
            let e = pow(10, -Double(quality) / 10)
            switch allele {
            case .reference:
                if reverseStrand { referenceReverse += 1 } else { referenceForward += 1 }
                let r = 1 - e, a = e / 3
                log10Likelihoods[0] += log10(r); log10Likelihoods[1] += log10(0.5 * (r + a)); log10Likelihoods[2] += log10(a)
            case .alternate:
                if reverseStrand { alternateReverse += 1 } else { alternateForward += 1 }
                let r = e / 3, a = 1 - e
                log10Likelihoods[0] += log10(r); log10Likelihoods[1] += log10(0.5 * (r + a)); log10Likelihoods[2] += log10(a)
            case .other:
                otherCount += 1
            }
        }

        /// Phred-scaled likelihoods relative to the best genotype (VCF PL).
        public func phredLikelihoods() -> [Int] {
            let best = log10Likelihoods.max() ?? 0
            return log10Likelihoods.map { min(Int(((best - $0) * 10).rounded()), 9999) }
        }
    }
}

extension Screening.SiteEvidence {
    /// Adds another accumulator's reads (e.g. from the other mate file or another thread).
    public mutating func merge(_ other: Screening.SiteEvidence) {
        referenceForward += other.referenceForward; referenceReverse += other.referenceReverse
        alternateForward += other.alternateForward; alternateReverse += other.alternateReverse
        otherCount += other.otherCount; filteredCount += other.filteredCount
        for i in 0..<3 { log10Likelihoods[i] += other.log10Likelihoods[i] }
    }
}
