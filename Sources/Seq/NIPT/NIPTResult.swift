extension NIPT {
    /// The NIPT result for one sample: statistics, QC, calls and a plain-language line.
    public struct Result: Sendable, Codable {
        /// Statistics of one chromosome.
        public struct ChromosomeResult: Sendable, Codable, Equatable {
            /// The chromosome.
            public var chromosome: Chromosome
            /// Read starts counted on it (raw).
            public var reads: Int
            /// GC-corrected fraction of the autosomal reads (Chiu 2008); for chrY, of autosomal reads as well.
            public var fraction: Double
            /// z of the fraction against the reference set (NIPTeR / Chiu 2008).
            public var fractionZ: Double?
            /// Normalized chromosome value (Sehnert 2011): z of reads / reads on the denominator chromosomes.
            public var ncv: Double?
            /// Mean normalized bin ratio (1 = as the references; about 1 + FF/2 for a trisomy).
            public var ratio: Double?
            /// z of the ratio against the reference set: the calling statistic.
            public var z: Double?
            /// Usable bins.
            public var bins: Int
        }

        /// Quality control.
        public struct QC: Sendable, Codable, Equatable {
            /// True when a result can be given.
            public var passed: Bool
            /// Why not (empty when passed).
            public var reasons: [String]
            /// Read starts counted after the filters.
            public var uniqueReads: Int
            /// Required read starts.
            public var minimumReads: Int
            /// Bin-to-bin noise relative to Poisson.
            public var noiseRatio: Double
            /// The largest noise accepted.
            public var maximumNoiseRatio: Double
        }

        /// Fetal fraction estimates.
        public struct FetalFraction: Sendable, Codable, Equatable {
            /// The estimate used for QC (a fraction, 0.08 = 8 %), or `nil` when none could be made.
            public var value: Double?
            /// `chrY`, `fragment-size`, `trisomy-ratio`, `chrX-ratio` or `none`.
            public var method: String
            /// chrY-based estimate: 2 × (chrY coverage − female background) (male fetuses).
            public var chrY: Double?
            /// Fragment-size regression estimate (paired-end only).
            public var fragmentSize: Double?
            /// Expected error (SD) of the fragment-size estimate, from the reference set.
            public var fragmentSizeExpectedSD: Double?
            /// 2 × (ratio − 1) of a trisomic chromosome, when one is called.
            public var fromTrisomy: Double?
            /// Male fetuses: 2 × (1 − chrX ratio), a second estimate (wrong for XXY, where it is near 0).
            public var chrX: Double? = nil
        }

        /// Sample name.
        public var sample: String
        /// Input file.
        public var source: String
        /// `low risk`, `high risk` or `no call`.
        public var status: String
        /// One sentence for the report.
        public var resultLine: String
        /// Trisomy calls for 13, 18, 21: `negative`, `high risk`, `atypical (loss)` or `no call`.
        public var trisomy: [String: String]
        /// Other autosomes with |z| at or above the threshold.
        public var otherFindings: [String]
        /// `XX`, `XY`, `XO`, `XXX`, `XXY` or `no call`.
        public var sexChromosomes: String
        /// `female`, `male` or `unknown`.
        public var fetalSex: String
        /// Relative chrY coverage (≈ FF/2 for a male fetus).
        public var chrYCoverage: Double
        /// Fetal fraction estimates.
        public var fetalFraction: FetalFraction
        /// QC.
        public var qc: QC
        /// The z threshold used.
        public var zThreshold: Double
        /// The normalization method.
        public var normalization: Normalization
        /// Per chromosome (1–22, X, Y).
        public var chromosomes: [ChromosomeResult]
        /// Read filter statistics.
        public var readStatistics: BinCounts.Statistics
        /// log2 ratio per bin against the reference (NaN for masked bins); for the plot, not in the JSON.
        public var binLog2Ratios: [Float] = []

        enum CodingKeys: String, CodingKey {
            case sample, source, status, resultLine, trisomy, otherFindings, sexChromosomes, fetalSex, chrYCoverage,
                 fetalFraction, qc, zThreshold, normalization, chromosomes, readStatistics
        }

        /// The statistics of one chromosome.
        public func chromosome(_ c: Chromosome) -> ChromosomeResult? { chromosomes.first { $0.chromosome == c } }
    }
}
