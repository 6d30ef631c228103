#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Kmer {
    /// Exact, multi-threaded, memory-bounded k-mer counting into a ``Kmer/Table`` file.
    ///
    /// Two phases, after KMC:
    /// 1. **Partition** (``run(_:)``): worker threads cut every sequence into super-k-mers — runs of
    ///    consecutive k-mers whose minimizer falls in the same bin (``Kmer/Binning``) — pack them
    ///    2 bits per base and append them to one temporary file per bin (about 1.2 bytes per k-mer at
    ///    k = 31 instead of 8).
    /// 2. **Count** (``finish(progress:)``): threads take bins one at a time, expand the super-k-mers
    ///    into (canonical) k-mers, radix-sort them, count equal runs and append the sorted
    ///    `(k-mer, count)` run to the table. A bin larger than the memory budget is processed in
    ///    several passes over disjoint k-mer ranges; if a single range still cannot fit, the run stops
    ///    with ``SeqError/Code-swift.struct/resourceLimit`` naming the memory it would need.
    ///
    /// Most callers use ``count(files:configuration:outputPath:progress:)``, which reads FASTQ/FASTA
    /// files; feed sequences from elsewhere with ``run(_:)``:
    ///
    /// ```swift
    /// let counter = try Kmer.Counter(configuration: .init(k: 31, threads: 2), outputPath: "out.gxk")
    /// try counter.run { batch in
    ///     for read in reads { batch.append(read) }
    ///     return false                      // no more batches
    /// }
    /// let summary = try counter.finish()
    /// let table = try Kmer.Table(path: "out.gxk")
    /// ```
    public final class Counter: @unchecked Sendable {
        /// The settings.
        public let configuration: CounterConfiguration
        /// How k-mers are binned (recorded in the table).
        public let binning: Binning
        /// The table being written.
        public let outputPath: String

        private let files: BinFiles
        private var workers: [PartitionWorker] = []
        private var summary = CounterSummary()
        private var finished = false
        /// Bytes reserved for everything but the phase-2 sort buffers.
        private let phaseTwoBudgetPerThread: Int

        /// Prepares a run: checks the settings and creates the temporary bin files.
        ///
        /// - Parameters:
        ///   - configuration: The settings.
        ///   - outputPath: Where the table goes (written by ``finish(progress:)``).
        ///   - estimatedBases: About how many bases will be counted (sizes the bins; 0 if unknown).
        /// - Throws: ``SeqError/Code-swift.struct/invalidArgument`` for bad settings,
        ///   ``SeqError/Code-swift.struct/resourceLimit`` when the memory limit is too small to start,
        ///   ``SeqError/Code-swift.struct/io`` when the temporary folder cannot be used.
        public init(configuration: CounterConfiguration, outputPath: String, estimatedBases: Int = 0) throws(SeqError) {
            try Kmer.validate(k: configuration.k)
            guard configuration.threads >= 1 && configuration.threads <= 256 else {
                throw SeqError(.invalidArgument, "thread count \(configuration.threads) is out of range (1...256)")
            }
            guard configuration.minimumCount >= 1 else {
                throw SeqError(.invalidArgument, "the minimum count must be at least 1")
            }
            let k = configuration.k
            let m = configuration.minimizerLength ?? Binning.defaultMinimizerLength(k: k)
            guard m >= 1 && m <= k else {
                throw SeqError(.invalidArgument, "minimizer length \(m) must be between 1 and k = \(k)")
            }
            var bins = configuration.binCount ?? 0
            if bins == 0 {
                // About 2 Mi k-mers per bin keeps phase-2 sorts cache-friendly; at least 64 bins.
                bins = 64
                while bins < 4096 && bins * (2 << 20) < estimatedBases { bins <<= 1 }
            }
            guard bins >= 2 && bins <= 65536 && bins & (bins - 1) == 0 else {
                throw SeqError(.invalidArgument, "bin count \(bins) must be a power of two in 2...65536")
            }
            let threads = configuration.threads
            // Phase 1: per-thread bin buffers (4-64 KiB each) plus about 3 batches per thread.
            let batchBytes = 3 * threads * (SequenceBatch.targetSize + 4096)
            let minimumBytes = batchBytes + threads * bins * 4096 + threads * (8 << 20) + (16 << 20)
            guard configuration.memoryLimit >= minimumBytes else {
                throw SeqError(.resourceLimit, "--memory \(Self.formatBytes(configuration.memoryLimit)) is too small for \(threads) thread(s) and \(bins) bins: gx needs at least \(Self.formatBytes(minimumBytes))")
            }
            let bufferSize = Swift.max(4096, Swift.min(64 << 10, (configuration.memoryLimit / 4) / (threads * bins)))
            let parent = configuration.temporaryDirectory
                ?? ((outputPath as NSString).deletingLastPathComponent.isEmpty ? "." : (outputPath as NSString).deletingLastPathComponent)
            self.configuration = configuration
            self.outputPath = outputPath
            self.binning = Binning(k: k, minimizerLength: m, binCount: bins, canonical: configuration.canonical)
            self.files = try BinFiles(parent: parent, count: bins)
            // Phase 2 keeps the read chunk (4 MiB) and the histogram beside the sort buffers.
            self.phaseTwoBudgetPerThread = (configuration.memoryLimit - (16 << 20)) / threads - (5 << 20)
            self.workers = (0..<threads).map { _ in
                PartitionWorker(k: k, binning: binning, files: files, bufferSize: bufferSize)
            }
        }

        deinit {
            files.removeAll()
        }

        /// Phase 1: calls `produce` on the calling thread to fill batches, and partitions them on the
        /// worker threads. Call it once or several times, then ``finish(progress:)``.
        ///
        /// - Parameter produce: Fills an empty batch (up to about ``SequenceBatch/targetSize``) and
        ///   returns `true` while more batches follow, `false` after the last one.
        /// - Throws: What `produce` throws, or ``SeqError/Code-swift.struct/io`` when a bin file cannot
        ///   be written (for example a full disk).
        public func run(_ produce: (inout SequenceBatch) throws(SeqError) -> Bool) throws(SeqError) {
            precondition(!finished, "run(_:) after finish()")
            let workers = self.workers
            let (sequences, bases) = try Kmer.runBatchPipeline(threads: workers.count, produce: produce) { (worker, bytes) throws(SeqError) in
                try workers[worker].add(bytes)
            }
            summary.sequences += sequences
            summary.bases += bases
        }

        /// Phase 2: counts every bin and writes the table to ``outputPath``; removes the temporary files.
        ///
        /// - Parameter progress: Called now and then with (bins done, bin count), from any thread.
        /// - Returns: What was counted.
        /// - Throws: ``SeqError/Code-swift.struct/resourceLimit`` when a bin cannot fit the memory limit,
        ///   ``SeqError/Code-swift.struct/io`` when a file cannot be read or written.
        public func finish(progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SeqError) -> CounterSummary {
            precondition(!finished, "finish() called twice")
            finished = true
            defer { files.removeAll() }
            for worker in workers { try worker.flushAll() }
            files.closeAll()
            var kmersPerBin = [Int](repeating: 0, count: binning.binCount)
            for worker in workers {
                for bin in 0..<binning.binCount { kmersPerBin[bin] += worker.kmersPerBin[bin] }
            }
            workers = []  // frees the phase-1 buffers before phase 2 allocates
            summary.bins = binning.binCount
            summary.temporaryBytes = files.bytesWritten
            summary.kmerOccurrences = UInt64(kmersPerBin.reduce(0, +))

            let output = try TableWriter(path: outputPath)
            let state = PhaseTwoState(binCount: binning.binCount)
            let failure = FirstError()
            let group = ThreadGroup()
            let capacity = configuration.passCapacityOverride ?? Swift.max(1024, phaseTwoBudgetPerThread / 16)
            let kmersPerBinCopy = kmersPerBin
            for _ in 0..<configuration.threads {
                group.spawn { [binning, configuration, files] in
                    let context = BinCountingContext(k: configuration.k, canonical: configuration.canonical,
                                                     minimumCount: configuration.minimumCount, capacity: capacity)
                    while !failure.isSet, let bin = state.nextBin() {
                        do throws(SeqError) {
                            try context.count(bin: bin, path: files.path(bin), occurrences: kmersPerBinCopy[bin], binning: binning, output: output)
                            files.remove(bin: bin)
                        } catch {
                            failure.set(error)
                        }
                        progress?(state.finishOne(), binning.binCount)
                    }
                    state.merge(context)
                }
            }
            group.wait()
            if let error = failure.error {
                output.abandon()
                throw error
            }
            try output.finish(binning: binning, minimumCount: configuration.minimumCount)
            summary.histogram = state.histogram
            summary.distinctKmers = state.distinct
            summary.storedKmers = output.storedKmers
            summary.splitBins = state.splitBins
            return summary
        }

        static func formatBytes(_ bytes: Int) -> String {
            if bytes >= 1 << 30 { return String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) }
            return "\(bytes >> 20) MiB"
        }
    }

    /// Shared phase-2 state: the next bin to take and the merged statistics.
    final class PhaseTwoState: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var done = 0
        private let binCount: Int
        var histogram = Histogram()
        var distinct: UInt64 = 0
        var splitBins = 0

        init(binCount: Int) { self.binCount = binCount }

        func nextBin() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < binCount else { return nil }
            next += 1
            return next - 1
        }

        func finishOne() -> Int {
            lock.lock(); defer { lock.unlock() }
            done += 1
            return done
        }

        func merge(_ context: BinCountingContext) {
            lock.lock(); defer { lock.unlock() }
            histogram.merge(context.histogram)
            distinct += context.distinct
            splitBins += context.splitBins
        }
    }
}
