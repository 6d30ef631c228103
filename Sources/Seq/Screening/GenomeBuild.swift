extension Screening {
    /// Known contig lengths of the supported builds, used to recognise a BAM or reference of another build.
    public enum GenomeBuild {
        /// Contig lengths by build (names with and without `chr`). The GRCh37 mitochondrion: `MT` of the
        /// b37 assembly is rCRS (16,569 bp); UCSC hg19 `chrM` is the older NC_001807 (16,571 bp) and is NOT rCRS.
        public static let lengths: [String: [String: Int]] = [
            "GRCh38": ["1": 248_956_422, "7": 159_345_973, "13": 114_364_328, "M": 16_569],
            "GRCh37": ["1": 249_250_621, "7": 159_138_663, "13": 115_169_878],
        ]

        /// The hg19 chrM length (NC_001807, not rCRS).
        public static let hg19MitochondrionLength = 16_571

        /// Strips `chr` and maps `MT`/`chrM` to `M`.
        public static func canonicalName(_ chromosome: String) -> String {
            var name = chromosome
            if name.hasPrefix("chr") { name.removeFirst(3) }
            if name == "MT" { name = "M" }
            return name
        }

        /// Says why a contig of `length` cannot be `chromosome` on `build`, or `nil` when it fits (or is not known).
        /// - Parameters:
        ///   - chromosome: the contig name.
        ///   - length: its length in the BAM header or reference index.
        ///   - build: the panel's build.
        /// - Returns: a sentence naming the build the length belongs to, or `nil`.
        public static func mismatch(chromosome: String, length: Int, build: String) -> String? {
            let name = canonicalName(chromosome)
            if name == "M" {
                if length == hg19MitochondrionLength {
                    return "\(chromosome) has length \(length): that is UCSC hg19 chrM (NC_001807), not rCRS; mitochondrial positions differ"
                }
                if length != 16_569 { return "\(chromosome) has length \(length), not the 16,569 bp of rCRS" }
                return nil
            }
            guard let expected = lengths[build]?[name] else { return nil }
            if length == expected { return nil }
            for (other, table) in lengths where other != build && table[name] == length {
                return "\(chromosome) has length \(length), which is \(other), but the panel is \(build)"
            }
            return nil   // a partial contig (e.g. a test reference) is allowed; REF checks catch real mismatches
        }
    }
}
