import Foundation

extension NIPT {
    /// Read starts per bin for one sample: the input of every NIPT statistic.
    ///
    /// Made by ``BinCounter`` from a BAM/CRAM in one streaming pass, or read from a `.gxbins` file (JSON; written
    /// by `gxtool nipt count` and by the simulator in `Fixtures/nipt/`):
    /// ```json
    /// {"format": "gxnipt-bins", "version": 1, "sample": "S1", "binSize": 50000, "pairedEnd": false,
    ///  "contigs": [{"name": "chr1", "length": 248956422, "counts": [0, 12, ...]}, ...],
    ///  "statistics": {"records": 10500000, "counted": 9800000, ...},
    ///  "fragmentLengths": null}
    /// ```
    /// `fragmentLengths[k]` is the number of counted fragments of length k (0…``maximumFragmentLength``).
    public struct BinCounts: Sendable {
        /// Counts of alignments by what the ``ReadFilter`` decided.
        public struct Statistics: Sendable, Codable, Equatable {
            /// Alignment records read.
            public var records: Int = 0
            /// Read starts counted into bins.
            public var counted: Int = 0
            /// Unmapped reads.
            public var unmapped: Int = 0
            /// Secondary alignments dropped.
            public var secondary: Int = 0
            /// Supplementary alignments dropped.
            public var supplementary: Int = 0
            /// Reads failing vendor QC dropped.
            public var qcFail: Int = 0
            /// Duplicates dropped.
            public var duplicate: Int = 0
            /// Reads below the minimum mapping quality.
            public var lowMappingQuality: Int = 0
            /// Paired reads not in a proper pair.
            public var improperPair: Int = 0
            /// Second-in-pair reads (not counted: each fragment is counted once).
            public var secondInPair: Int = 0
            /// Reads on contigs outside chr1–22, X, Y.
            public var otherContig: Int = 0
            /// Creates empty statistics.
            public init() {}

            private enum CodingKeys: String, CodingKey {
                case records, counted, unmapped, secondary, supplementary, qcFail, duplicate, lowMappingQuality, improperPair, secondInPair, otherContig
            }

            /// Decodes statistics; absent counters are 0 (files from other writers may give only `records` and `counted`).
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                func value(_ key: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? 0 }
                records = try value(.records); counted = try value(.counted); unmapped = try value(.unmapped)
                secondary = try value(.secondary); supplementary = try value(.supplementary); qcFail = try value(.qcFail)
                duplicate = try value(.duplicate); lowMappingQuality = try value(.lowMappingQuality)
                improperPair = try value(.improperPair); secondInPair = try value(.secondInPair); otherContig = try value(.otherContig)
            }

            /// Adds one alignment's outcome.
            @inlinable
            public mutating func add(_ outcome: ReadFilter.Outcome) {
                switch outcome {
                case .counted: counted += 1
                case .unmapped: unmapped += 1
                case .secondary: secondary += 1
                case .supplementary: supplementary += 1
                case .qcFail: qcFail += 1
                case .duplicate: duplicate += 1
                case .lowMappingQuality: lowMappingQuality += 1
                case .improperPair: improperPair += 1
                case .secondInPair: secondInPair += 1
                case .otherContig: otherContig += 1
                }
            }
        }

        /// The longest fragment length kept in the histogram (longer ones are added to the last slot).
        public static let maximumFragmentLength = 1000

        /// The sample's name (from the BAM read group, else the file name).
        public var sample: String
        /// The bins.
        public var layout: BinLayout
        /// Read starts per global bin.
        public var counts: [UInt32]
        /// What happened to each alignment.
        public var statistics: Statistics
        /// True when the reads are paired-end.
        public var pairedEnd: Bool
        /// Fragment-length histogram of counted paired fragments (`nil` for single-end data).
        public var fragmentLengths: [Int]?

        /// Creates counts.
        public init(sample: String, layout: BinLayout, counts: [UInt32], statistics: Statistics = .init(),
                    pairedEnd: Bool = false, fragmentLengths: [Int]? = nil) {
            precondition(counts.count == layout.binCount)
            self.sample = sample; self.layout = layout; self.counts = counts
            self.statistics = statistics; self.pairedEnd = pairedEnd; self.fragmentLengths = fragmentLengths
        }

        /// Total read starts in bins of the given chromosome.
        public func total(of chromosome: Chromosome) -> Int {
            layout.bins(of: chromosome).reduce(0) { $0 + Int(counts[$1]) }
        }

        /// The file format version.
        public static let formatVersion = 1

        private struct File: Codable {
            struct Contig: Codable { var name: String; var length: Int; var counts: [UInt32] }
            var format: String
            var version: Int
            var sample: String
            var binSize: Int
            var pairedEnd: Bool?
            var contigs: [Contig]
            var statistics: Statistics?
            var fragmentLengths: [Int]?
        }

        /// Writes the counts as a `.gxbins` JSON file.
        public func write(to path: String) throws {
            let file = File(format: "gxnipt-bins", version: Self.formatVersion, sample: sample, binSize: layout.binSize,
                            pairedEnd: pairedEnd,
                            contigs: layout.contigs.indices.map { c in
                                .init(name: layout.contigs[c].name, length: layout.contigs[c].length,
                                      counts: Array(counts[layout.bins(ofContig: c)]))
                            },
                            statistics: statistics, fragmentLengths: fragmentLengths)
            do {
                try JSONEncoder().encode(file).write(to: URL(fileURLWithPath: path))
            } catch {
                throw SeqError(.io, "cannot write the bin counts: \(error.localizedDescription)", position: .init(file: path))
            }
        }

        /// Reads a `.gxbins` file.
        ///
        /// - Throws: ``SeqError`` `.io` when unreadable, `.malformedRecord` for bad JSON or a contig whose number
        ///   of counts does not fit its length and the bin size, `.unsupportedFormat` for another format version.
        public static func read(from path: String) throws -> BinCounts {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SeqError(.io, "cannot read the bin counts file", position: .init(file: path))
            }
            let file: File
            do { file = try JSONDecoder().decode(File.self, from: data) } catch {
                throw SeqError(.malformedRecord, "not a gx bin counts file (JSON): \(error)", position: .init(file: path))
            }
            guard file.format == "gxnipt-bins" else {
                throw SeqError(.unsupportedFormat, "not a gx bin counts file (format is \(file.format))", position: .init(file: path))
            }
            guard file.version == formatVersion else {
                throw SeqError(.unsupportedFormat, "bin counts file version \(file.version) is not supported (this gx reads version \(formatVersion))", position: .init(file: path))
            }
            let layout: BinLayout
            do { layout = try BinLayout(binSize: file.binSize, sequences: file.contigs.map { ($0.name, $0.length) }) } catch var error as SeqError {
                error.position = .init(file: path); throw error
            }
            var counts = [UInt32](repeating: 0, count: layout.binCount)
            for (c, contig) in layout.contigs.enumerated() {
                guard let source = file.contigs.first(where: { $0.name == contig.name }) else { continue }
                let bins = layout.bins(ofContig: c)
                guard source.counts.count == bins.count else {
                    throw SeqError(.malformedRecord, "\(contig.name) has \(source.counts.count) counts but \(bins.count) bins of \(file.binSize) bp", position: .init(file: path))
                }
                counts.replaceSubrange(bins, with: source.counts)
            }
            var statistics = file.statistics ?? Statistics()
            if file.statistics == nil { statistics.counted = counts.reduce(0) { $0 + Int($1) } }
            return BinCounts(sample: file.sample, layout: layout, counts: counts, statistics: statistics,
                             pairedEnd: file.pairedEnd ?? false, fragmentLengths: file.fragmentLengths)
        }

        /// The fraction of fragments 100–150 bp among those 100–250 bp, a fetal-fraction marker
        /// (fetal cfDNA is shorter). `nil` without a fragment-length histogram or with under 1000 fragments.
        public var shortFragmentFraction: Double? {
            guard let histogram = fragmentLengths, histogram.count > 250 else { return nil }
            let short = histogram[100...150].reduce(0, +)
            let all = histogram[100...250].reduce(0, +)
            guard all >= 1000 else { return nil }
            return Double(short) / Double(all)
        }
    }
}
