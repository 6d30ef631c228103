import Foundation

extension NIPT {
    /// Counts read starts per bin from a BAM/CRAM in one streaming pass (htslib decompression on `threads`).
    ///
    /// Each alignment that passes the ``ReadFilter`` adds one to the bin holding its 0-based leftmost position
    /// (`alignmentStart`). For paired-end data each proper fragment is counted once, at its first-in-pair read,
    /// and its |TLEN| goes into the fragment-length histogram.
    ///
    /// ```swift
    /// let counts = try NIPT.BinCounter(layout: layout).count(path: "S1.bam", threads: 4)
    /// ```
    public struct BinCounter: Sendable {
        /// The bins (from the reference set or the reference FASTA).
        public var layout: BinLayout
        /// Which alignments count.
        public var filter: ReadFilter

        /// Creates a counter.
        public init(layout: BinLayout, filter: ReadFilter = .init()) {
            self.layout = layout; self.filter = filter
        }

        /// Counts one alignment file.
        ///
        /// - Parameters:
        ///   - path: a coordinate-sorted, indexed BAM or CRAM (SAM is accepted when `requireIndex` is false).
        ///   - referencePath: the reference FASTA for CRAM decoding.
        ///   - threads: decompression threads (as `--threads`).
        ///   - requireIndex: refuse files without an index (default true: an unindexed BAM is usually unsorted or
        ///     not finished).
        ///   - progress: called about every million records with the number read so far.
        /// - Returns: the counts; the sample name is the first read group's `SM`, else the file name.
        /// - Throws: ``SeqError`` `.missingIndex` without an index, `.reference` when the BAM was aligned to
        ///   another genome (primary chromosome lengths differ), and what the reader throws for corrupt input.
        public func count(path: String, referencePath: String? = nil, threads: Int = 1, requireIndex: Bool = true,
                          progress: ((Int) -> Void)? = nil) throws -> BinCounts {
            let reader = try Alignment.Reader(path: path, referencePath: referencePath, threads: threads, fields: .core)
            if requireIndex && !reader.hasIndex {
                throw SeqError(.missingIndex, "no index (.bai/.csi/.crai) beside the file; sort and index it first (`samtools sort` + `samtools index`)",
                               position: .init(file: path))
            }
            let sequences = reader.header.referenceSequences.map { (name: $0.name, length: $0.length) }
            try layout.checkSameReference(as: sequences, source: path, expected: "the reference")
            var contigOfTarget = [Int](repeating: -1, count: sequences.count)
            for (tid, sequence) in sequences.enumerated() {
                if Chromosome.parse(sequence.name) != nil { contigOfTarget[tid] = layout.contigIndex(named: sequence.name) ?? -1 }
            }
            let offsets = layout.binOffsets
            let binSize = layout.binSize
            var counts = [UInt32](repeating: 0, count: layout.binCount)
            var statistics = BinCounts.Statistics()
            var histogram = [Int](repeating: 0, count: BinCounts.maximumFragmentLength + 1)
            var paired = false
            let filter = self.filter
            let maximumLength = BinCounts.maximumFragmentLength
            try counts.withUnsafeMutableBufferPointer { bins in
                while let record = try reader.next() {
                    statistics.records += 1
                    if statistics.records & 0xFFFFF == 0 { progress?(statistics.records) }
                    let flag = record.flags.rawValue
                    var outcome = filter.outcome(flag: flag, mappingQuality: Int(record.mappingQuality))
                    if outcome == .counted {
                        let tid = record.referenceSequenceID
                        let contig = tid >= 0 && tid < contigOfTarget.count ? contigOfTarget[tid] : -1
                        if contig < 0 {
                            outcome = .otherContig
                        } else {
                            let start = record.alignmentStart
                            let bin = offsets[contig] + start / binSize
                            if bin < offsets[contig + 1] { bins[bin] &+= 1 }
                            if flag & 0x1 != 0 {
                                paired = true
                                let length = abs(record.templateLength)
                                if length > 0 { histogram[min(length, maximumLength)] += 1 }
                            }
                        }
                    }
                    statistics.add(outcome)
                }
            }
            let sample = reader.header.readGroups.first?.fields["SM"]
                ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return BinCounts(sample: sample, layout: layout, counts: counts, statistics: statistics, pairedEnd: paired,
                             fragmentLengths: paired ? histogram : nil)
        }
    }
}
