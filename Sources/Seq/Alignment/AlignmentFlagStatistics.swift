import Foundation

extension Alignment {
    /// The `samtools flagstat` categories, counted separately for QC-passed and QC-failed (flag 0x200) records.
    ///
    /// Each category is a pair indexed by ``Counts``: `passed` and `failed`. The rules are samtools 1.16's:
    /// secondary and supplementary records count only in `total`, `secondary`/`supplementary`, `mapped` and
    /// `duplicates`; every other category counts primary records only.
    ///
    /// ```swift
    /// let statistics = try Alignment.FlagStatistics.compute(path: "sample.bam", threads: 2)
    /// print(statistics.flagstatText, terminator: "")      // byte-identical to `samtools flagstat sample.bam`
    /// ```
    public struct FlagStatistics: Sendable, Equatable {
        /// A count for QC-passed and for QC-failed records.
        public struct Counts: Sendable, Equatable {
            /// Records without flag 0x200.
            public var passed = 0
            /// Records with flag 0x200 (QC fail).
            public var failed = 0
            /// Creates zero counts.
            public init() {}
            /// Creates counts.
            public init(passed: Int, failed: Int) { self.passed = passed; self.failed = failed }
            @usableFromInline mutating func add(_ isFailed: Bool) { if isFailed { failed += 1 } else { passed += 1 } }
        }

        /// All records.
        public var total = Counts()
        /// Records that are neither secondary nor supplementary.
        public var primary = Counts()
        /// Secondary alignments (0x100).
        public var secondary = Counts()
        /// Supplementary alignments (0x800, not secondary).
        public var supplementary = Counts()
        /// Duplicates (0x400), any record.
        public var duplicates = Counts()
        /// Primary duplicates.
        public var primaryDuplicates = Counts()
        /// Mapped records (not 0x4), any record.
        public var mapped = Counts()
        /// Mapped primary records.
        public var primaryMapped = Counts()
        /// Primary records paired in sequencing (0x1).
        public var pairedInSequencing = Counts()
        /// Primary paired records that are read 1 (0x40).
        public var read1 = Counts()
        /// Primary paired records that are read 2 (0x80).
        public var read2 = Counts()
        /// Primary paired, mapped records in a proper pair (0x2).
        public var properlyPaired = Counts()
        /// Primary paired records with both the record and its mate mapped.
        public var withItselfAndMateMapped = Counts()
        /// Primary paired, mapped records whose mate is unmapped.
        public var singletons = Counts()
        /// Primary records with both mapped and the mate on another reference sequence.
        public var mateOnDifferentChromosome = Counts()
        /// As ``mateOnDifferentChromosome`` with MAPQ ≥ 5.
        public var mateOnDifferentChromosomeMapQ5 = Counts()

        /// Creates empty statistics.
        public init() {}

        /// Counts one record (samtools bam_stat.c's flagstat_loop).
        @inlinable
        public mutating func add(flags: Flags, referenceSequenceID: Int, mateReferenceSequenceID: Int, mappingQuality: UInt8) {
            let f = flags.rawValue
            let failed = f & 0x200 != 0
            total.add(failed)
            if f & 0x100 != 0 {
                secondary.add(failed)
            } else if f & 0x800 != 0 {
                supplementary.add(failed)
            } else {
                primary.add(failed)
                if f & 0x1 != 0 {
                    pairedInSequencing.add(failed)
                    if f & 0x2 != 0 && f & 0x4 == 0 { properlyPaired.add(failed) }
                    if f & 0x40 != 0 { read1.add(failed) }
                    if f & 0x80 != 0 { read2.add(failed) }
                    if f & 0x8 != 0 && f & 0x4 == 0 { singletons.add(failed) }
                    if f & 0x4 == 0 && f & 0x8 == 0 {
                        withItselfAndMateMapped.add(failed)
                        if mateReferenceSequenceID != referenceSequenceID {
                            mateOnDifferentChromosome.add(failed)
                            if mappingQuality >= 5 { mateOnDifferentChromosomeMapQ5.add(failed) }
                        }
                    }
                }
                if f & 0x4 == 0 { primaryMapped.add(failed) }
                if f & 0x400 != 0 { primaryDuplicates.add(failed) }
            }
            if f & 0x4 == 0 { mapped.add(failed) }
            if f & 0x400 != 0 { duplicates.add(failed) }
        }

        /// Reads a whole SAM/BAM/CRAM file and counts every record.
        /// - Parameters:
        ///   - path: the alignment file.
        ///   - referencePath: the reference FASTA for CRAM (only needed when the CRAM cannot be decoded without it).
        ///   - threads: total decoding threads, as `--threads`.
        ///   - progress: called about every million records with the count so far.
        /// - Throws: ``SeqError`` from the reader (missing file, truncated or corrupt data, bad records).
        public static func compute(path: String, referencePath: String? = nil, threads: Int = 1,
                                   progress: ((Int) -> Void)? = nil) throws(SeqError) -> FlagStatistics {
            let reader = try Reader(path: path, referencePath: referencePath, threads: threads, fields: .core)
            var statistics = FlagStatistics()
            var n = 0
            while let record = try reader.next() {
                statistics.add(flags: record.flags, referenceSequenceID: record.referenceSequenceID,
                               mateReferenceSequenceID: record.mateReferenceSequenceID, mappingQuality: record.mappingQuality)
                n += 1
                if n & 0xFFFFF == 0 { progress?(n) }
            }
            return statistics
        }

        /// The categories in `samtools flagstat` order, with their JSON names and the denominator of their percentage.
        var rows: [(label: String, jsonName: String, counts: Counts, percentOf: Counts?)] {
            [("in total (QC-passed reads + QC-failed reads)", "total", total, nil),
             ("primary", "primary", primary, nil),
             ("secondary", "secondary", secondary, nil),
             ("supplementary", "supplementary", supplementary, nil),
             ("duplicates", "duplicates", duplicates, nil),
             ("primary duplicates", "primary duplicates", primaryDuplicates, nil),
             ("mapped", "mapped", mapped, total),
             ("primary mapped", "primary mapped", primaryMapped, primary),
             ("paired in sequencing", "paired in sequencing", pairedInSequencing, nil),
             ("read1", "read1", read1, nil),
             ("read2", "read2", read2, nil),
             ("properly paired", "properly paired", properlyPaired, pairedInSequencing),
             ("with itself and mate mapped", "with itself and mate mapped", withItselfAndMateMapped, nil),
             ("singletons", "singletons", singletons, pairedInSequencing),
             ("with mate mapped to a different chr", "with mate mapped to a different chr", mateOnDifferentChromosome, nil),
             ("with mate mapped to a different chr (mapQ>=5)", "with mate mapped to a different chr (mapQ >= 5)", mateOnDifferentChromosomeMapQ5, nil)]
        }

        /// samtools' percentage: single-precision division, two decimals; `nil` (N/A) when the denominator is 0.
        static func percent(_ n: Int, of total: Int) -> String? {
            guard total != 0 else { return nil }
            return String(format: "%.2f", Double(Float(n) / Float(total)) * 100.0)
        }

        /// The text `samtools flagstat` prints (default format), line for line.
        public var flagstatText: String {
            var text = ""
            for row in rows {
                text += "\(row.counts.passed) + \(row.counts.failed) \(row.label)"
                if let denominator = row.percentOf {
                    let p = Self.percent(row.counts.passed, of: denominator.passed).map { $0 + "%" } ?? "N/A"
                    let f = Self.percent(row.counts.failed, of: denominator.failed).map { $0 + "%" } ?? "N/A"
                    text += " (\(p) : \(f))"
                }
                text += "\n"
            }
            return text
        }

        /// The JSON `samtools flagstat -O json` prints: `{"QC-passed reads": {…}, "QC-failed reads": {…}}` with the
        /// same keys; percentages are numbers, or `null` when the denominator is 0.
        public var flagstatJSON: String {
            func block(_ failed: Bool) -> String {
                var lines: [String] = []
                for row in rows {
                    let value = failed ? row.counts.failed : row.counts.passed
                    lines.append("  \"\(row.jsonName)\": \(value)")
                    if let denominator = row.percentOf {
                        let p = Self.percent(value, of: failed ? denominator.failed : denominator.passed) ?? "null"
                        lines.append("  \"\(row.jsonName) %\": \(p)")
                    }
                }
                return lines.joined(separator: ",\n")
            }
            return "{\n \"QC-passed reads\": {\n\(block(false))\n },\n \"QC-failed reads\": {\n\(block(true))\n }\n}\n"
        }
    }
}
