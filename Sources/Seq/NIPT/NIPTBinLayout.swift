extension NIPT {
    /// Fixed-size bins over the primary chromosomes of one reference genome.
    ///
    /// Bins are 0-based, half-open intervals `[k·binSize, min((k+1)·binSize, length))` on each contig; the last
    /// bin of a contig may be shorter. Bins are numbered globally, contig after contig in karyotype order
    /// (1…22, X, Y), so one `[Float]` holds a whole-genome profile.
    ///
    /// ```swift
    /// let layout = try NIPT.BinLayout(binSize: 50_000, sequences: [("chr1", 248_956_422), ...])
    /// let bin = layout.binIndex(contig: 0, position: 1_234_567)   // 0-based position
    /// ```
    public struct BinLayout: Sendable, Equatable, Codable {
        /// One primary chromosome as named in the reference.
        public struct Contig: Sendable, Equatable, Codable {
            /// The name in the reference FASTA / BAM header (`chr21` or `21`).
            public var name: String
            /// Length in bases.
            public var length: Int
            /// Which primary chromosome this is.
            public var chromosome: Chromosome
            /// Creates a contig.
            public init(name: String, length: Int, chromosome: Chromosome) {
                self.name = name; self.length = length; self.chromosome = chromosome
            }
        }

        /// Bin width in bases.
        public let binSize: Int
        /// The primary chromosomes, in karyotype order.
        public let contigs: [Contig]
        /// `binOffsets[i]` is the global index of the first bin of `contigs[i]`; the last element is ``binCount``.
        public let binOffsets: [Int]

        /// Total number of bins.
        public var binCount: Int { binOffsets.last ?? 0 }

        /// Builds the layout from a reference's sequence dictionary.
        ///
        /// Non-primary contigs (chrM, alternates, decoys, unplaced) are left out.
        /// - Parameters:
        ///   - binSize: bin width in bases (at least 1,000).
        ///   - sequences: `(name, length)` of every sequence in the reference, in any order.
        /// - Throws: ``SeqError`` `.invalidArgument` for a bad bin size, `.reference` when an autosome or X is
        ///   missing or a chromosome appears twice under different names.
        public init(binSize: Int, sequences: [(name: String, length: Int)]) throws {
            guard binSize >= 1_000 else {
                throw SeqError(.invalidArgument, "bin size \(binSize) is too small (at least 1000 bases)")
            }
            var byChromosome: [Chromosome: Contig] = [:]
            for sequence in sequences {
                guard let chromosome = Chromosome.parse(sequence.name) else { continue }
                if let existing = byChromosome[chromosome] {
                    throw SeqError(.reference, "the reference names chromosome \(chromosome.name) twice (\(existing.name) and \(sequence.name))")
                }
                byChromosome[chromosome] = Contig(name: sequence.name, length: sequence.length, chromosome: chromosome)
            }
            let missing = Chromosome.all.filter { $0 != .y && byChromosome[$0] == nil }
            guard missing.isEmpty else {
                throw SeqError(.reference, "the reference lacks primary chromosome(s) \(missing.map(\.description).joined(separator: ", ")); NIPT needs chr1–22 and chrX")
            }
            let contigs = Chromosome.all.compactMap { byChromosome[$0] }
            var offsets = [0]
            for contig in contigs { offsets.append(offsets.last! + (contig.length + binSize - 1) / binSize) }
            self.binSize = binSize
            self.contigs = contigs
            self.binOffsets = offsets
        }

        /// The bins of contig `contigIndex` as a range of global bin indices.
        public func bins(ofContig contigIndex: Int) -> Range<Int> { binOffsets[contigIndex]..<binOffsets[contigIndex + 1] }

        /// The bins of a chromosome (empty when the reference has no such contig, e.g. no chrY).
        public func bins(of chromosome: Chromosome) -> Range<Int> {
            guard let i = contigIndex(of: chromosome) else { return 0..<0 }
            return bins(ofContig: i)
        }

        /// The index into ``contigs`` of a chromosome.
        public func contigIndex(of chromosome: Chromosome) -> Int? { contigs.firstIndex { $0.chromosome == chromosome } }

        /// The contig index for a name as written in a reference or BAM header.
        public func contigIndex(named name: String) -> Int? {
            if let exact = contigs.firstIndex(where: { $0.name == name }) { return exact }
            guard let chromosome = Chromosome.parse(name) else { return nil }
            return contigIndex(of: chromosome)
        }

        /// The global bin holding a 0-based position on a contig.
        @inlinable
        public func binIndex(contig contigIndex: Int, position: Int) -> Int {
            binOffsets[contigIndex] + position / binSize
        }

        /// The chromosome of each global bin.
        public var chromosomeOfBin: [Chromosome] {
            var result: [Chromosome] = []
            result.reserveCapacity(binCount)
            for (i, contig) in contigs.enumerated() {
                result.append(contentsOf: repeatElement(contig.chromosome, count: binOffsets[i + 1] - binOffsets[i]))
            }
            return result
        }

        /// The 0-based start of a global bin and its contig index.
        public func location(ofBin bin: Int) -> (contig: Int, start: Int) {
            var lo = 0, hi = contigs.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if binOffsets[mid] <= bin { lo = mid } else { hi = mid - 1 }
            }
            return (lo, (bin - binOffsets[lo]) * binSize)
        }

        /// A fingerprint of the reference: FNV-1a 64 over `name:length;` of each primary contig, in karyotype
        /// order, in hexadecimal. Two references with the same primary chromosomes (names and lengths) match.
        public var referenceFingerprint: String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for contig in contigs {
                for byte in "\(contig.name):\(contig.length);".utf8 {
                    hash ^= UInt64(byte)
                    hash = hash &* 0x100_0000_01b3
                }
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }

        /// The genome build, recognised by the length of chromosome 1: `GRCh38`, `GRCh37`, or `custom`.
        public var buildName: String {
            switch contigs.first?.length {
            case 248_956_422: return "GRCh38"
            case 249_250_621: return "GRCh37"
            default: return "custom"
            }
        }

        /// Checks that another sequence dictionary (a BAM header) has the same primary chromosomes.
        ///
        /// - Throws: ``SeqError`` `.reference` naming the first chromosome whose length differs or that is missing.
        public func checkSameReference(as sequences: [(name: String, length: Int)], source: String, expected: String) throws {
            var lengths: [Chromosome: (String, Int)] = [:]
            for sequence in sequences {
                if let chromosome = Chromosome.parse(sequence.name) { lengths[chromosome] = (sequence.name, sequence.length) }
            }
            for contig in contigs {
                guard let (name, length) = lengths[contig.chromosome] else {
                    throw SeqError(.reference, "no \(contig.chromosome) in this file but \(expected) (\(buildName)) does: wrong reference build?",
                                   position: .init(file: source))
                }
                guard length == contig.length else {
                    throw SeqError(.reference, "\(name) is \(length) bp but \(contig.length) bp in \(expected) (\(buildName)): the sample was aligned to another reference build",
                                   position: .init(file: source))
                }
            }
        }
    }
}
