extension Kmer {
    /// What ``Kmer/QuerySet/countMatches(inFiles:threads:progress:)`` found.
    public struct QueryScanResult: Sendable, Equatable {
        /// Sequences (reads, FASTA records) scanned.
        public var sequences = 0
        /// Bases scanned.
        public var bases = 0
        /// Occurrences of set members found (a k-mer with several payloads counts once per payload).
        public var matches: UInt64 = 0
        /// Per payload, how many times its k-mer occurred (index = payload).
        public var counts: [UInt64]

        /// An empty result with `payloads` zero counts.
        ///
        /// - Parameter payloads: The number of count slots (``Kmer/QuerySet/maximumPayload`` + 1).
        public init(payloads: Int) {
            counts = [UInt64](repeating: 0, count: payloads)
        }
    }
}

extension Kmer.QuerySet {
    /// Streams FASTQ/FASTA files (plain, gzip or BGZF; `-` is standard input) through the set and
    /// counts, per payload, the occurrences of its k-mer in all reads.
    ///
    /// One thread parses; `threads` threads scan batches of about 1 MiB of bases, each into its own
    /// counters (merged at the end), so no locks are taken per read.
    ///
    /// ```swift
    /// let set = try Kmer.QuerySet(k: 31, canonical: true, kmers: alleleKmers)
    /// let result = try set.countMatches(inFiles: ["sample_R1.fastq.gz", "sample_R2.fastq.gz"], threads: 2)
    /// result.counts[0]   // occurrences of alleleKmers[0] (either strand)
    /// ```
    ///
    /// - Parameters:
    ///   - files: The inputs, read one after the other.
    ///   - threads: Scanning threads (>= 1); BGZF inputs also inflate on this many threads.
    ///   - progress: Called after each batch with (sequences, bases) read so far.
    /// - Returns: The per-payload counts and totals.
    /// - Throws: ``SeqError`` from the readers (file, line, record) or for a bad thread count.
    public func countMatches(
        inFiles files: [String], threads: Int = 1, progress: ((_ sequences: Int, _ bases: Int) -> Void)? = nil
    ) throws(SeqError) -> Kmer.QueryScanResult {
        guard !files.isEmpty else { throw SeqError(.invalidArgument, "no input files") }
        guard threads >= 1 && threads <= 256 else {
            throw SeqError(.invalidArgument, "thread count \(threads) is out of range (1...256)")
        }
        let slots = maximumPayload + 1
        let counters = (0..<threads).map { _ in ScanCounters(slots: slots) }
        let source = Kmer.FileBatchSource(files: files, threads: threads)
        var sequences = 0, bases = 0
        let totals = try Kmer.runBatchPipeline(threads: threads, produce: { (batch) throws(SeqError) -> Bool in
            let more = try source.fill(&batch)
            sequences += batch.sequences
            bases += batch.bases
            progress?(sequences, bases)
            return more
        }, consume: { [self] worker, bytes in
            counters[worker].add(bytes, set: self)
        })
        var result = Kmer.QueryScanResult(payloads: slots)
        result.sequences = totals.sequences
        result.bases = totals.bases
        for counter in counters {
            counter.drain()
            result.matches &+= counter.matches
            for slot in 0..<slots { result.counts[slot] &+= counter.totals[slot] }
        }
        return result
    }
}

/// One scanning thread's counters: fast 32-bit counts, drained into 64-bit totals before they can
/// overflow.
private final class ScanCounters: @unchecked Sendable {
    let counts: UnsafeMutableBufferPointer<UInt32>
    var totals: [UInt64]
    var matches: UInt64 = 0
    /// Bases scanned since the last drain (a 32-bit count cannot overflow below 2^32 windows).
    private var pending = 0

    init(slots: Int) {
        counts = .allocate(capacity: Swift.max(1, slots))
        counts.initialize(repeating: 0)
        totals = [UInt64](repeating: 0, count: slots)
    }

    deinit { counts.deallocate() }

    func add(_ bytes: UnsafeBufferPointer<UInt8>, set: Kmer.QuerySet) {
        if pending + bytes.count >= 1 << 30 { drain() }
        pending += bytes.count
        guard set.maximumPayload >= 0 else { return }
        matches &+= UInt64(set.countMatches(in: bytes, into: counts))
    }

    func drain() {
        for slot in 0..<totals.count {
            totals[slot] &+= UInt64(counts[slot])
            counts[slot] = 0
        }
        pending = 0
    }
}
