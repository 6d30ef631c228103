import Foundation

extension Screening {
    /// Which allele one read supports at one site.
    public enum ReadAllele: Sendable {
        /// The reference haplotype.
        case reference
        /// The panel's alternative haplotype.
        case alternate
        /// Neither (another base or indel): counted in depth, not in the likelihoods.
        case other
    }

    /// The genotype-likelihood model shared by the BAM and FASTQ paths (after bcftools' `mpileup`/`call -m`).
    ///
    /// Each read observing the site contributes a per-read quality `q = min(BQ, min(MAPQ, 60))` (the FASTQ path has
    /// no MAPQ and uses BQ), clamped to 4…60 like bcftools (`bam2bcf.c`: "MQ=0 reads count as BQ=4"); the read's
    /// error probability is `e = 10^(-q/10)`. A reference read has probability `1-e` under a reference haplotype and
    /// `e/3` under an alternative one (and the reverse for an alternative read). Diploid likelihoods are
    /// `L(0/0) = Π P(r|R)`, `L(1/1) = Π P(r|A)`, `L(0/1) = Π ½(P(r|R)+P(r|A))`; PL are the phred-scaled
    /// likelihoods relative to the best. The posterior uses the bcftools prior θ = 1.1e-3 (0/0: 1-1.5θ, 0/1: θ,
    /// 1/1: θ/2); the call is the maximum posterior genotype and GQ its phred-scaled error, capped at 99.
    ///
    /// A site is a no-call, with the reason, when fewer than ``minimumDepth`` informative reads cover it, or when
    /// GQ is below ``minimumGenotypeQuality``.
    ///
    /// Mitochondrial sites are not diploid: the alternative fraction (heteroplasmy) is estimated as
    /// alt / (ref + alt) with exact (Clopper–Pearson) one-sided bounds at level ``heteroplasmyAlpha``. It is
    /// *detected* when the lower bound is at least ``heteroplasmyThreshold`` (an exact binomial test rejects
    /// "fraction below the threshold"), *not detected* when the upper bound is below it, and a no-call otherwise
    /// (too few reads to place the fraction against the threshold).
    public struct GenotypeModel: Sendable, Codable, Equatable {
        /// Reads with base quality below this at the site are not counted (bcftools default 13).
        public var minimumBaseQuality: Int = 13
        /// Reads with mapping quality below this are not counted.
        public var minimumMappingQuality: Int = 20
        /// Cap on the per-read quality (bcftools caps MAPQ at 60).
        public var maximumQuality: Int = 60
        /// Below this many informative (REF + ALT) reads the site is a no-call.
        public var minimumDepth: Int = 15
        /// Below this GQ a nuclear site is a no-call.
        public var minimumGenotypeQuality: Int = 20
        /// The heteroplasmy fraction at or above which a mitochondrial variant is reported (default 3 %).
        public var heteroplasmyThreshold: Double = 0.03
        /// The prior θ (bcftools `call -P`).
        public var prior: Double = 1.1e-3
        /// The error level of each one-sided heteroplasmy bound (0.01: the interval [lower, upper] holds 98 %).
        public var heteroplasmyAlpha: Double = 0.01

        /// The default model.
        public init() {}

        /// The per-read quality used in the likelihoods.
        /// - Parameters:
        ///   - baseQuality: the base quality (for indels, the lowest base quality next to the event).
        ///   - mappingQuality: the mapping quality, or `nil` for unaligned reads (FASTQ path).
        /// - Returns: the quality, clamped to 4…``maximumQuality``.
        @inlinable
        public func readQuality(baseQuality: Int, mappingQuality: Int?) -> Int {
            var q = baseQuality
            if let mappingQuality { q = min(q, min(mappingQuality, maximumQuality)) }
            return max(4, min(q, maximumQuality))
        }

        /// Genotypes one nuclear (diploid) site.
        /// - Parameter evidence: the reads observed at the site.
        /// - Returns: the call (or no-call with the reason).
        public func callDiploid(_ evidence: SiteEvidence) -> DiploidCall {
            let pl = evidence.phredLikelihoods()
            let priors = [1 - 1.5 * prior, prior, prior / 2].map { log10($0) }
            let logPosterior = (0..<3).map { evidence.log10Likelihoods[$0] + priors[$0] }
            let maxLog = logPosterior.max()!
            let weights = logPosterior.map { pow(10, $0 - maxLog) }
            let total = weights.reduce(0, +)
            let best = weights.firstIndex(of: weights.max()!)!
            let errorProbability = max(0, 1 - weights[best] / total)
            let gq = errorProbability <= 0 ? 99 : min(99, Int((-10 * log10(errorProbability)).rounded()))
            let genotype = Genotype(rawIndex: best)
            let informative = evidence.referenceCount + evidence.alternateCount
            var reason: String? = nil
            if informative < minimumDepth {
                reason = "low depth: \(informative) informative reads < \(minimumDepth)"
            } else if gq < minimumGenotypeQuality {
                reason = "low genotype quality: GQ \(gq) < \(minimumGenotypeQuality) (\(evidence.referenceCount) ref, \(evidence.alternateCount) alt reads)"
            }
            return DiploidCall(genotype: reason == nil ? genotype : nil, mostLikely: genotype, genotypeQuality: gq,
                               phredLikelihoods: pl, noCallReason: reason)
        }

        /// Estimates and classifies the heteroplasmy of one mitochondrial site.
        /// - Parameter evidence: the reads observed at the site.
        /// - Returns: the estimate (or a no-call with the reason).
        public func callHeteroplasmy(_ evidence: SiteEvidence) -> HeteroplasmyCall {
            let n = evidence.referenceCount + evidence.alternateCount
            let fraction = n == 0 ? 0 : Double(evidence.alternateCount) / Double(n)
            let (lower, upper) = Self.clopperPearsonBounds(successes: evidence.alternateCount, trials: n, alpha: heteroplasmyAlpha)
            var status: HeteroplasmyCall.Status
            var reason: String? = nil
            if n < minimumDepth {
                status = .noCall
                reason = "low depth: \(n) informative reads < \(minimumDepth)"
            } else if lower >= heteroplasmyThreshold {
                status = fraction >= 0.95 ? .homoplasmic : .heteroplasmic
            } else if upper < heteroplasmyThreshold {
                status = .notDetected
            } else {
                status = .noCall
                reason = String(format: "heteroplasmy %.1f%% (bounds %.1f–%.1f%%) cannot be placed against the %.1f%% reporting threshold at %d reads",
                                fraction * 100, lower * 100, upper * 100, heteroplasmyThreshold * 100, n)
            }
            return HeteroplasmyCall(status: status, fraction: fraction, lower: lower, upper: upper,
                                    threshold: heteroplasmyThreshold, noCallReason: reason)
        }

        /// Exact one-sided binomial bounds (Clopper–Pearson): `lower` is the fraction p at which
        /// P(X ≥ successes | p) = alpha (0 when successes = 0), `upper` the p at which P(X ≤ successes | p) = alpha
        /// (1 when successes = trials).
        /// - Parameters:
        ///   - successes: ALT reads.
        ///   - trials: REF + ALT reads.
        ///   - alpha: the error level of each bound.
        /// - Returns: (lower, upper); (0, 1) without reads.
        public static func clopperPearsonBounds(successes: Int, trials: Int, alpha: Double) -> (Double, Double) {
            guard trials > 0 else { return (0, 1) }
            let x = successes, n = trials
            // P(X <= x | p) falls as p rises: bisect for the p where it equals alpha (and the mirror for the lower bound).
            func bisect(_ tooLow: (Double) -> Bool) -> Double {
                var lo = 0.0, hi = 1.0
                for _ in 0..<60 { let mid = (lo + hi) / 2; if tooLow(mid) { lo = mid } else { hi = mid } }
                return (lo + hi) / 2
            }
            let upper = x == n ? 1 : bisect { binomialCDF(x, n, $0) > alpha }
            let lower = x == 0 ? 0 : bisect { 1 - binomialCDF(x - 1, n, $0) < alpha }
            return (lower, upper)
        }

        /// P(X ≤ x) for X ~ Binomial(n, p), summed in log space.
        static func binomialCDF(_ x: Int, _ n: Int, _ p: Double) -> Double {
            if p <= 0 { return 1 }
            if p >= 1 { return x >= n ? 1 : 0 }
            let logP = log(p), logQ = log1p(-p)
            var logTerm = Double(n) * logQ   // k = 0
            var total = exp(logTerm)
            if x == 0 { return min(1, total) }
            for k in 1...x {
                logTerm += log(Double(n - k + 1)) - log(Double(k)) + logP - logQ
                total += exp(logTerm)
            }
            return min(1, total)
        }

        /// The Wilson score interval for a binomial proportion.
        public static func wilsonInterval(successes: Int, trials: Int, z: Double) -> (Double, Double) {
            guard trials > 0 else { return (0, 1) }
            let n = Double(trials), p = Double(successes) / n, z2 = z * z
            let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
            let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / (1 + z2 / n)
            return (max(0, centre - half), min(1, centre + half))
        }
    }

    /// A diploid genotype at a biallelic site.
    public enum Genotype: String, Codable, Sendable, CaseIterable {
        /// Homozygous reference.
        case homozygousReference = "0/0"
        /// Heterozygous.
        case heterozygous = "0/1"
        /// Homozygous alternative.
        case homozygousAlternate = "1/1"

        /// The genotype at likelihood index 0, 1, 2 (VCF order).
        public init(rawIndex: Int) { self = [.homozygousReference, .heterozygous, .homozygousAlternate][rawIndex] }
        /// The number of alternative alleles (0, 1, 2).
        public var alternateCount: Int { rawValue == "0/0" ? 0 : rawValue == "0/1" ? 1 : 2 }
    }

    /// The outcome of ``GenotypeModel/callDiploid(_:)``.
    public struct DiploidCall: Sendable, Codable, Equatable {
        /// The called genotype, `nil` for a no-call.
        public var genotype: Genotype?
        /// The maximum-posterior genotype even when not called (for QC and peer comparison).
        public var mostLikely: Genotype
        /// The genotype quality (phred, capped at 99).
        public var genotypeQuality: Int
        /// Phred-scaled likelihoods for 0/0, 0/1, 1/1.
        public var phredLikelihoods: [Int]
        /// Why there is no call, when there is none.
        public var noCallReason: String?
    }

    /// The outcome of ``GenotypeModel/callHeteroplasmy(_:)``.
    public struct HeteroplasmyCall: Sendable, Codable, Equatable {
        /// The classification of a mitochondrial site.
        public enum Status: String, Codable, Sendable {
            /// The variant is absent or below the reporting threshold (the exact upper bound is below it).
            case notDetected = "not_detected"
            /// Present at a fraction between the threshold and 95 %.
            case heteroplasmic
            /// Present at 95 % or more.
            case homoplasmic
            /// Not decidable (low depth, or the interval straddles the threshold).
            case noCall = "no_call"
        }
        /// The classification.
        public var status: Status
        /// alt / (ref + alt).
        public var fraction: Double
        /// The lower bound (exact one-sided, level heteroplasmyAlpha).
        public var lower: Double
        /// The upper bound (exact one-sided, level heteroplasmyAlpha).
        public var upper: Double
        /// The reporting threshold applied.
        public var threshold: Double
        /// Why there is no call, when there is none.
        public var noCallReason: String?
        /// True when the variant is reported present.
        public var detected: Bool { status == .heteroplasmic || status == .homoplasmic }
    }
}
