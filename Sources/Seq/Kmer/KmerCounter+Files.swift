#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kmer {
    /// Progress of ``Kmer/Counter/count(files:configuration:outputPath:progress:)``.
    public enum CounterProgress: Sendable {
        /// Phase 1: sequences and bases read so far, and the file being read.
        case reading(file: String, sequences: Int, bases: Int)
        /// Phase 2: bins counted so far out of all bins.
        case counting(binsDone: Int, binCount: Int)
    }
}

extension Kmer.Counter {
    /// Counts the k-mers of FASTQ/FASTA files (plain, gzip or BGZF; `-` is standard input) into a
    /// table at `outputPath`.
    ///
    /// - Parameters:
    ///   - files: The input files, read one after the other.
    ///   - configuration: k, canonical, threads, memory limit, minimum count.
    ///   - outputPath: Where the ``Kmer/Table`` is written.
    ///   - progress: Called now and then (from any thread).
    /// - Returns: What was counted.
    /// - Throws: ``SeqError`` from the readers (with file, line and record), or from the counter
    ///   (``SeqError/Code-swift.struct/resourceLimit``, ``SeqError/Code-swift.struct/io``).
    public static func count(
        files: [String], configuration: Kmer.CounterConfiguration, outputPath: String,
        progress: (@Sendable (Kmer.CounterProgress) -> Void)? = nil
    ) throws(SeqError) -> Kmer.CounterSummary {
        guard !files.isEmpty else { throw SeqError(.invalidArgument, "no input files") }
        // Bins are sized from the input: plain bytes are about bases, compressed bytes about a third.
        var estimated = 0
        for file in files where file != "-" {
            var info = stat()
            if stat(file, &info) == 0 { estimated += Int(info.st_size) * 3 / 2 }
        }
        let counter = try Kmer.Counter(configuration: configuration, outputPath: outputPath, estimatedBases: estimated)
        let source = Kmer.FileBatchSource(files: files, threads: configuration.threads)
        var sequences = 0, bases = 0
        try counter.run { (batch) throws(SeqError) -> Bool in
            let more = try source.fill(&batch)
            sequences += batch.sequences
            bases += batch.bases
            progress?(.reading(file: source.currentFile, sequences: sequences, bases: bases))
            return more
        }
        return try counter.finish { done, count in progress?(.counting(binsDone: done, binCount: count)) }
    }
}
