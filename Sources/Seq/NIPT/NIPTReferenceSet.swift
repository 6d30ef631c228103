import Foundation

extension NIPT {
    /// A NIPT reference set: everything learnt from euploid samples that a test sample is compared with.
    ///
    /// Saved to one versioned file (`.gxnipt`): the magic bytes `GXNIPT\n`, a little-endian `UInt32` format
    /// version, a `UInt32` header length, the JSON ``Header`` (bins, reference fingerprint, parameters, the QC
    /// table of the reference samples, per-chromosome null distributions), then the per-bin arrays in a fixed
    /// order (flags, GC, N fraction, null mean and SD; then the neighbour table or the PCA model).
    /// A set is refused when its version, bin size or reference genome differ from what is asked.
    public struct ReferenceSet: Sendable {
        /// The current file format version.
        public static let formatVersion: UInt32 = 1
        static let magic = Array("GXNIPT\n".utf8)

        /// One reference sample's quality control.
        public struct SampleQC: Sendable, Codable, Equatable {
            /// Sample name.
            public var sample: String
            /// Read starts counted.
            public var reads: Int
            /// True when the sample is part of the reference.
            public var included: Bool
            /// Why it was left out (empty when included).
            public var reason: String
            /// Fetal sex inferred from chrY (`female`/`male`).
            public var fetalSex: String
            /// chrY-based fetal fraction (male fetuses), as a fraction.
            public var fetalFractionY: Double?
            /// Bin-to-bin noise relative to Poisson (1 = Poisson).
            public var noiseRatio: Double
            /// Largest |z| of any autosome's fraction against the other reference samples.
            public var maximumAbsoluteZ: Double
            /// The chromosome with that largest |z|.
            public var maximumZChromosome: String
        }

        /// Null distribution of one chromosome's statistics across the reference samples.
        public struct ChromosomeNull: Sendable, Codable, Equatable {
            /// The chromosome.
            public var chromosome: Chromosome
            /// Mean and SD of the normalized chromosome ratio (mean of bin ratios).
            public var ratioMean: Double
            /// SD of the normalized chromosome ratio.
            public var ratioSD: Double
            /// Mean of the GC-corrected chromosome fraction (reads on the chromosome / autosomal reads).
            public var fractionMean: Double
            /// SD of the chromosome fraction.
            public var fractionSD: Double
            /// NCV denominator chromosomes (Sehnert 2011), chosen greedily for the lowest CV.
            public var ncvDenominators: [Chromosome]
            /// Mean of the NCV ratio.
            public var ncvMean: Double
            /// SD of the NCV ratio.
            public var ncvSD: Double
            /// Usable bins on the chromosome.
            public var bins: Int
            /// Reference samples the null is computed from (female fetuses only for chrX).
            public var samples: Int
            /// Mean over the reference samples of the counting (Poisson) variance of the ratio, `1 / reads on the
            /// chromosome`; the rest of `ratioSD²` is systematic. A test sample's SDs are rescaled to its own depth
            /// with it (``depthAdjustedSDs(reads:)``).
            public var countingVariance: Double? = nil

            /// The counting variance of the ratio for a sample with `reads` read starts on the chromosome.
            public static func countingVariance(reads: Int) -> Double { 1 / Double(max(1, reads)) }

            /// The null SDs (ratio, fraction, NCV) for a sample with `reads` read starts on the chromosome: the
            /// systematic part of the reference variance plus the sample's own counting variance. Equal to the
            /// reference SDs at the references' depth; wider for shallower samples, so that their z-scores are not
            /// inflated (and narrower for deeper ones).
            public func depthAdjustedSDs(reads: Int) -> (ratio: Double, fraction: Double, ncv: Double) {
                guard let reference = countingVariance, reference > 0, reads > 0 else { return (ratioSD, fractionSD, ncvSD) }
                let sample = Self.countingVariance(reads: reads)
                func adjust(_ sd: Double, _ mean: Double) -> Double {
                    let scale = mean * mean   // counting variance is relative (ratio ≈ 1); scale to the statistic
                    let systematic = max(0, sd * sd - reference * scale)
                    return (systematic + sample * scale).squareRoot()
                }
                return (adjust(ratioSD, ratioMean), adjust(fractionSD, fractionMean), adjust(ncvSD, ncvMean))
            }
        }

        /// The chrY model for fetal sex and chrY fetal fraction.
        public struct YModel: Sendable, Codable, Equatable {
            /// chrY bins used (unique to Y: no coverage in female pregnancies).
            public var informativeBins: Int
            /// Mean relative chrY coverage in female pregnancies (background).
            public var backgroundMean: Double
            /// SD of that background.
            public var backgroundSD: Double
            /// Scale from `2 × (chrY coverage − background)` to fetal fraction, fitted (least squares through the
            /// origin) on the male reference pregnancies against their chrX-based fetal fraction
            /// `2 × (1 − chrX ratio)`. It absorbs the mappability of the few chrY bins; `nil` (= 1) without
            /// at least 3 male references.
            public var calibration: Double?
            /// Male reference pregnancies the calibration was fitted on.
            public var calibrationSamples: Int?
        }

        /// Linear model of fetal fraction on the short-fragment fraction, trained on male pregnancies.
        public struct FragmentModel: Sendable, Codable, Equatable {
            /// Intercept.
            public var intercept: Double
            /// Slope per unit short-fragment fraction.
            public var slope: Double
            /// Leave-one-out residual SD (the expected accuracy), as a fraction.
            public var residualSD: Double
            /// Training samples.
            public var samples: Int
        }

        /// Build parameters.
        public struct Parameters: Sendable, Codable, Equatable {
            /// The normalization method.
            public var normalization: Normalization = .withinSample
            /// Reference bins per bin (within-sample method).
            public var neighbours: Int = 100
            /// PCA components (pca method).
            public var components: Int = 5
            /// LOESS span of the GC correction.
            public var gcSpan: Double = 0.75
            /// Bins with more N than this are masked.
            public var maximumNFraction: Double = 0.5
            /// Reference samples with fewer counted reads are left out.
            public var minimumReads: Int = 1_000_000
            /// Reference samples whose autosome fraction |z| exceeds this are left out as outliers.
            public var outlierZ: Double = 4
            /// Relative chrY coverage separating male from female pregnancies (≈ FF/2).
            public var maleYCoverage: Double = 0.005
            /// The read filter used to count.
            public var readFilter: ReadFilter = .init()
            /// Creates defaults.
            public init() {}
        }

        /// The JSON header.
        public struct Header: Sendable, Codable {
            /// `gxnipt-reference`.
            public var format: String = "gxnipt-reference"
            /// The writing program.
            public var createdBy: String = "gx \(SeqLibrary.version)"
            /// ISO 8601 creation time.
            public var created: String = ISO8601DateFormatter().string(from: Date())
            /// The bins.
            public var layout: BinLayout
            /// ``BinLayout/referenceFingerprint`` of the genome.
            public var referenceFingerprint: String
            /// Genome build name.
            public var build: String
            /// Parameters.
            public var parameters: Parameters
            /// QC of every reference sample offered (included or not).
            public var samples: [SampleQC]
            /// Null distributions per chromosome (autosomes and X).
            public var chromosomes: [ChromosomeNull]
            /// chrY model.
            public var yModel: YModel
            /// Fragment-size fetal-fraction model (paired-end references with enough male pregnancies).
            public var fragmentModel: FragmentModel?
            /// Median and MAD of the reference samples' noise ratio.
            public var noiseMedian: Double
            /// MAD of the noise ratio.
            public var noiseMAD: Double
            /// Neighbours stored per bin (within-sample) or components (pca); 0 for gc-only.
            public var modelWidth: Int
        }

        /// The header.
        public var header: Header
        /// Per bin: bit 0 usable for autosome/X statistics, bit 1 informative chrY bin, bit 2 autosomal.
        public var flags: [UInt8]
        /// GC fraction per bin.
        public var gcFraction: [Float]
        /// N fraction per bin.
        public var nFraction: [Float]
        /// Reference mean of the normalized bin value.
        public var binMean: [Float]
        /// Reference SD of the normalized bin value.
        public var binSD: [Float]
        /// Within-sample: `modelWidth` reference bins per bin (row-major); PCA: unused.
        public var neighbours: [UInt32]
        /// PCA: `modelWidth` projection vectors over bins (row-major, components × bins).
        public var pcaDirections: [Float]
        /// PCA: per bin, intercept then `modelWidth` loadings (bins × (1 + components)).
        public var pcaLoadings: [Float]

        /// The annotation stored in the set (GC, N fraction).
        public var annotation: BinAnnotation {
            BinAnnotation(layout: header.layout, gcFraction: gcFraction, nFraction: nFraction)
        }

        /// Usable-bin mask.
        var usable: [Bool] { flags.map { $0 & 1 != 0 } }
        /// Informative chrY mask.
        var yInformative: [Bool] { flags.map { $0 & 2 != 0 } }
        /// Autosomal mask.
        var autosomal: [Bool] { flags.map { $0 & 4 != 0 } }

        /// Included reference samples.
        public var includedSamples: Int { header.samples.filter(\.included).count }

        /// The null of one chromosome.
        public func null(of chromosome: Chromosome) -> ChromosomeNull? { header.chromosomes.first { $0.chromosome == chromosome } }

        // MARK: file I/O

        /// Writes the set to a `.gxnipt` file.
        public func write(to path: String) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var data = Data(Self.magic)
            let json = try encoder.encode(header)
            func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
            append(Self.formatVersion)
            append(UInt32(json.count))
            data.append(json)
            data.append(contentsOf: flags)
            for array in [gcFraction, nFraction, binMean, binSD] {
                for v in array { append(v.bitPattern) }
            }
            append(UInt64(neighbours.count)); for v in neighbours { append(v) }
            append(UInt64(pcaDirections.count)); for v in pcaDirections { append(v.bitPattern) }
            append(UInt64(pcaLoadings.count)); for v in pcaLoadings { append(v.bitPattern) }
            do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw SeqError(.io, "cannot write the reference set: \(error.localizedDescription)", position: .init(file: path))
            }
        }

        /// Reads a `.gxnipt` file.
        ///
        /// - Throws: ``SeqError`` `.io` when unreadable; `.invalidPanel` when it is not a gx NIPT reference set, is
        ///   of another format version, or is truncated.
        public static func read(from path: String) throws -> ReferenceSet {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SeqError(.io, "cannot read the NIPT reference set", position: .init(file: path))
            }
            let bytes = [UInt8](data)
            var offset = 0
            func fail(_ message: String) -> SeqError { SeqError(.invalidPanel, message, position: .init(file: path)) }
            guard bytes.count >= magic.count + 8, Array(bytes[0..<magic.count]) == magic else {
                throw fail("not a gx NIPT reference set (build one with `gxtool nipt reference`)")
            }
            offset = magic.count
            func readInteger<T: FixedWidthInteger>(_: T.Type) throws -> T {
                let size = MemoryLayout<T>.size
                guard offset + size <= bytes.count else { throw fail("the reference set is truncated") }
                var value: T = 0
                for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
                offset += size
                return value
            }
            let version = try readInteger(UInt32.self)
            guard version == formatVersion else {
                throw fail("reference set format version \(version) is not supported by this gx (reads version \(formatVersion)); rebuild it with `gxtool nipt reference`")
            }
            let headerLength = Int(try readInteger(UInt32.self))
            guard offset + headerLength <= bytes.count else { throw fail("the reference set is truncated") }
            let header: Header
            do { header = try JSONDecoder().decode(Header.self, from: Data(bytes[offset..<(offset + headerLength)])) } catch {
                throw fail("the reference set header is corrupt: \(error)")
            }
            offset += headerLength
            let n = header.layout.binCount
            guard offset + n <= bytes.count else { throw fail("the reference set is truncated") }
            let flags = Array(bytes[offset..<(offset + n)])
            offset += n
            func floats(_ count: Int) throws -> [Float] {
                guard offset + 4 * count <= bytes.count else { throw fail("the reference set is truncated") }
                var result = [Float](repeating: 0, count: count)
                for i in 0..<count { result[i] = Float(bitPattern: try readInteger(UInt32.self)) }
                return result
            }
            let gc = try floats(n), nf = try floats(n), mean = try floats(n), sd = try floats(n)
            let neighbourCount = Int(try readInteger(UInt64.self))
            guard offset + 4 * neighbourCount <= bytes.count else { throw fail("the reference set is truncated") }
            var neighbours = [UInt32](repeating: 0, count: neighbourCount)
            for i in 0..<neighbourCount { neighbours[i] = try readInteger(UInt32.self) }
            let directions = try floats(Int(try readInteger(UInt64.self)))
            let loadings = try floats(Int(try readInteger(UInt64.self)))
            guard offset == bytes.count else { throw fail("the reference set has \(bytes.count - offset) unexpected trailing bytes") }
            return ReferenceSet(header: header, flags: flags, gcFraction: gc, nFraction: nf, binMean: mean, binSD: sd,
                                neighbours: neighbours, pcaDirections: directions, pcaLoadings: loadings)
        }

        /// Checks that a sample's bins match this set.
        /// - Throws: ``SeqError`` `.invalidPanel` for another bin size, `.reference` for another genome.
        public func checkCompatible(with counts: BinCounts, source: String) throws {
            guard counts.layout.binSize == header.layout.binSize else {
                throw SeqError(.invalidPanel, "the reference set uses \(header.layout.binSize)-bp bins but this sample was counted in \(counts.layout.binSize)-bp bins; recount with --bin-size \(header.layout.binSize) or build a reference set with the same bin size",
                               position: .init(file: source))
            }
            try header.layout.checkSameReference(as: counts.layout.contigs.map { ($0.name, $0.length) }, source: source, expected: "the reference set")
        }
    }
}
