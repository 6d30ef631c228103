extension Alignment {
    /// Builds pileup columns — per-position base counts by strand, indels with their sequences, and optionally
    /// every read's evidence — at chosen positions or over whole regions of an indexed alignment file.
    ///
    /// It reads through the ``Reader``'s index, applies the ``PileupFilter`` (flags, MAPQ, base quality) and
    /// counts the overlapping part of a read pair once, the way htslib's pileup does for `bcftools mpileup`, so that
    /// ``PileupColumn/bases`` equals `bcftools mpileup -B -A -a AD` allele depths and ``PileupColumn/depth``
    /// equals `samtools depth -a -s` at the same filters. Positions are **1-based** everywhere in this API.
    ///
    /// ```swift
    /// let reader = try Alignment.Reader(path: "sample.bam")
    /// let reference = try IndexedFASTA(path: "GRCh38.fa")
    /// var filter = Alignment.PileupFilter(minimumBaseQuality: 20, minimumMappingQuality: 20)
    /// filter.collectReads = true
    /// let pileup = Alignment.Pileup(reader: reader, filter: filter, reference: reference)
    /// let columns = try pileup.columns(at: [.init(referenceName: "chr13", position: 20_189_546)])
    /// for column in columns {
    ///     print(column.position, column.count(of: UInt8(ascii: "A")), column.deletions.map(\.indel))
    ///     for read in column.reads { _ = (read.base, read.baseQuality, read.mappingQuality, read.isReverseStrand) }
    /// }
    /// try pileup.forEachColumn(in: Alignment.Region(parsing: "chrM:1000-1100")) { column in print(column.depth) }
    /// ```
    ///
    /// Not `Sendable` (it drives its reader); use one per thread.
    public final class Pileup {
        /// The reader the pileup queries (it must have an index).
        public let reader: Reader
        /// What is counted.
        public var filter: PileupFilter
        /// The reference, for ``PileupColumn/referenceBase`` and deleted bases; optional.
        public let reference: IndexedFASTA?

        /// Positions per index query: loci closer than this share one query.
        static let lociGap = 2_000
        /// Region positions handled per index query (bounds memory on long regions).
        static let regionChunk = 100_000

        /// Creates a pileup over an indexed alignment file.
        /// - Parameters:
        ///   - reader: an alignment reader with an index (`.bai`, `.csi` or `.crai`).
        ///   - filter: what is counted (defaults as `bcftools mpileup -B -A`).
        ///   - reference: a reference FASTA for reference bases and deleted sequences; its sequence names must match
        ///     the alignment header's.
        public init(reader: Reader, filter: PileupFilter = PileupFilter(), reference: IndexedFASTA? = nil) {
            self.reader = reader; self.filter = filter; self.reference = reference
        }

        /// The columns at the given loci, in the order given (a locus listed twice gets two equal columns).
        /// Positions without reads give empty columns.
        /// - Throws: ``SeqError`` `.invalidRegion` for a sequence missing from the header or a position outside it,
        ///   `.missingIndex`, and read errors from the reader.
        public func columns(at loci: [Locus]) throws(SeqError) -> [PileupColumn] {
            var byContig: [Int: [Int]] = [:]
            var contigOrder: [Int] = []
            for locus in loci {
                let id = try contigID(locus.referenceName)
                let length = reader.header.referenceSequences[id].length
                guard locus.position >= 1 && locus.position <= length else {
                    throw SeqError(.invalidRegion, "position \(locus) is outside \(locus.referenceName) (length \(length))", position: .init(file: reader.path))
                }
                if byContig[id] == nil { contigOrder.append(id) }
                byContig[id, default: []].append(locus.position)
            }
            var found: [Locus: PileupColumn] = [:]
            for id in contigOrder {
                let positions = Array(Set(byContig[id]!)).sorted()
                var windowStart = 0
                while windowStart < positions.count {
                    var windowEnd = windowStart
                    while windowEnd + 1 < positions.count && positions[windowEnd + 1] - positions[windowEnd] <= Self.lociGap
                        && positions[windowEnd + 1] - positions[windowStart] < Self.regionChunk { windowEnd += 1 }
                    let wanted = Array(positions[windowStart...windowEnd])
                    try pile(contig: id, first: wanted.first!, last: wanted.last!, wanted: wanted) { column in
                        found[Locus(referenceName: column.referenceName, position: column.position)] = column
                    }
                    windowStart = windowEnd + 1
                }
            }
            return loci.map { found[$0]! }
        }

        /// The columns of every position of `region` (1-based inclusive), including positions without reads
        /// (as `samtools depth -a`). For long regions prefer ``forEachColumn(in:_:)``, which streams.
        /// - Throws: as ``forEachColumn(in:_:)``.
        public func columns(in region: Region) throws(SeqError) -> [PileupColumn] {
            var result: [PileupColumn] = []
            try forEachColumn(in: region) { result.append($0) }
            return result
        }

        /// Calls `body` with the column of every position of `region` (1-based inclusive, end clipped to the
        /// sequence length) in order, including positions without reads. Memory stays bounded on long regions.
        /// - Throws: ``SeqError`` `.invalidRegion`, `.missingIndex`, read errors, and what `body` throws.
        public func forEachColumn(in region: Region, _ body: (PileupColumn) throws(SeqError) -> Void) throws(SeqError) {
            let id = try contigID(region.referenceName)
            let length = reader.header.referenceSequences[id].length
            let end = min(region.end ?? length, length)
            guard region.start >= 1 && region.start <= max(end, 1) else {
                throw SeqError(.invalidRegion, "region \(region) starts beyond \(region.referenceName) (length \(length))", position: .init(file: reader.path))
            }
            var chunkStart = region.start
            while chunkStart <= end {
                let chunkEnd = min(end, chunkStart + Self.regionChunk - 1)
                try pile(contig: id, first: chunkStart, last: chunkEnd, wanted: nil, body)
                chunkStart = chunkEnd + 1
            }
        }

        private func contigID(_ name: String) throws(SeqError) -> Int {
            guard let id = reader.header.referenceSequenceID(named: name) else {
                throw SeqError(.invalidRegion, "unknown reference sequence '\(name)' (not in the header)", position: .init(file: reader.path))
            }
            return id
        }

        /// Piles up positions `first...last` (1-based) of one contig, either all of them or only `wanted` (sorted),
        /// and hands the columns to `emit` in position order.
        private func pile(contig id: Int, first: Int, last: Int, wanted: [Int]?,
                          _ emit: (PileupColumn) throws(SeqError) -> Void) throws(SeqError) {
            let name = reader.header.referenceSequences[id].name
            let span = last - first + 1
            // slot[offset] = column index, or -1 for positions not wanted.
            var slot = [Int32](repeating: -1, count: span)
            var columns: [PileupColumn] = []
            let positions = wanted ?? Array(first...last)
            columns.reserveCapacity(positions.count)
            var referenceBases: [UInt8]? = nil
            // Deleted bases may reach past the window: fetch a margin.
            let margin = 1_000
            if let reference, reference.contains(name) {
                let refLength = reference.length(of: name)!
                if first <= refLength {
                    referenceBases = try reference.fetch(name, start: first, end: min(refLength, last + margin))
                }
            }
            for (index, position) in positions.enumerated() {
                slot[position - first] = Int32(index)
                var column = PileupColumn(referenceSequenceID: id, referenceName: name, position: position)
                if let referenceBases, position - first < referenceBases.count { column.referenceBase = referenceBases[position - first] }
                columns.append(column)
            }
            var state = PileupAccumulator(first: first, last: last, slot: slot, columns: columns, filter: filter,
                                          referenceBases: referenceBases)
            try reader.query(referenceSequenceID: id, start: first - 1, end: last)
            while let view = try reader.next() {
                let flags = view.flags
                guard filter.accepts(flags: flags, mappingQuality: view.mappingQuality) else { continue }
                state.add(PileupAccumulator.Read(view))
            }
            state.finish()
            for column in state.columns { try emit(column) }
        }
    }
}
