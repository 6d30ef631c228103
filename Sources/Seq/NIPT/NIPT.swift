/// Non-invasive prenatal testing (NIPT) from low-coverage cell-free DNA.
///
/// The pipeline, one concept per file:
/// - ``NIPT/BinLayout``: fixed-size bins over the primary chromosomes (chr1–22, X, Y).
/// - ``NIPT/BinAnnotation``: per-bin GC content and N fraction from the reference FASTA (cached).
/// - ``NIPT/Blacklist``: BED regions whose bins are masked.
/// - ``NIPT/BinCounts``: read starts per bin for one sample (from a BAM/CRAM, or a `.gxbins` file).
/// - ``NIPT/GCCorrection``: LOESS GC correction (Chen 2011, as in NIPTeR).
/// - ``NIPT/Normalization``: within-sample reference bins (WisecondorX), PCA, or GC only.
/// - ``NIPT/ReferenceSet``: a versioned reference built from euploid samples, with its own QC.
/// - ``NIPT/Analyzer``: per-sample chromosome fractions, z-scores, NCV, fetal sex, fetal fraction, QC and calls.
/// - ``NIPT/Report``: JSON, TSV and an SVG genome plot.
public enum NIPT {}

extension NIPT {
    /// One of the 24 primary human chromosomes: autosomes 1–22, X and Y.
    ///
    /// ``index`` is 0 for chromosome 1 … 21 for chromosome 22, 22 for X and 23 for Y.
    public struct Chromosome: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
        /// 0-based index: 0…21 autosomes 1…22, 22 = X, 23 = Y.
        public let index: Int

        /// Creates a chromosome from its 0-based index (0…23).
        public init(index: Int) {
            precondition((0..<24).contains(index), "chromosome index out of range")
            self.index = index
        }

        /// All 24 primary chromosomes in karyotype order.
        public static let all: [Chromosome] = (0..<24).map(Chromosome.init(index:))
        /// The 22 autosomes.
        public static let autosomes: [Chromosome] = (0..<22).map(Chromosome.init(index:))
        /// Chromosome X.
        public static let x = Chromosome(index: 22)
        /// Chromosome Y.
        public static let y = Chromosome(index: 23)
        /// Chromosome 13 (Patau syndrome when trisomic).
        public static let chr13 = Chromosome(index: 12)
        /// Chromosome 18 (Edwards syndrome when trisomic).
        public static let chr18 = Chromosome(index: 17)
        /// Chromosome 21 (Down syndrome when trisomic).
        public static let chr21 = Chromosome(index: 20)

        /// True for chromosomes 1–22.
        public var isAutosome: Bool { index < 22 }

        /// The short name: `1` … `22`, `X`, `Y`.
        public var name: String {
            switch index {
            case 22: return "X"
            case 23: return "Y"
            default: return String(index + 1)
            }
        }

        /// `chr` + ``name``.
        public var description: String { "chr" + name }

        /// Recognises a contig name as a primary chromosome: `chr21`, `21`, `Chr21`, `chrX`, `X`, `23`/`24` are not accepted.
        ///
        /// - Parameter contigName: a sequence name from a FASTA or BAM header.
        /// - Returns: the chromosome, or `nil` for other contigs (chrM, alternates, decoys, unplaced).
        public static func parse(_ contigName: String) -> Chromosome? {
            var name = Substring(contigName)
            if name.lowercased().hasPrefix("chr") { name = name.dropFirst(3) }
            switch name {
            case "X", "x": return .x
            case "Y", "y": return .y
            default:
                guard let number = Int(name), (1...22).contains(number), String(number) == name else { return nil }
                return Chromosome(index: number - 1)
            }
        }

        /// Parses a short or `chr`-prefixed name (`21`, `chr21`, `X`).
        public init?(name: String) {
            guard let parsed = Chromosome.parse(name) else { return nil }
            self = parsed
        }

        public static func < (lhs: Chromosome, rhs: Chromosome) -> Bool { lhs.index < rhs.index }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let parsed = Chromosome.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a chromosome: \(text)"))
            }
            self = parsed
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(name)
        }
    }
}
