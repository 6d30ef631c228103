extension Kmer {
    /// The settings of a ``Kmer/Counter`` run.
    public struct CounterConfiguration: Sendable {
        /// The k-mer length, 1...32.
        public var k: Int
        /// Count each k-mer together with its reverse complement, under the smaller of the two
        /// (jellyfish's `-C`).
        public var canonical: Bool
        /// Worker threads for both phases (>= 1).
        public var threads: Int
        /// The memory budget in bytes. The counter sizes its buffers to it and splits large bins into
        /// several passes; when even one pass cannot fit, it fails with
        /// ``SeqError/Code-swift.struct/resourceLimit`` instead of being killed.
        public var memoryLimit: Int
        /// Where the temporary bin files go (`nil`: the output file's folder).
        public var temporaryDirectory: String?
        /// K-mers seen fewer times are left out of the table (1 keeps everything).
        public var minimumCount: UInt32
        /// The number of bins (a power of two; `nil`: chosen from the input size).
        public var binCount: Int?
        /// The minimizer length (`nil`: ``Kmer/Binning/defaultMinimizerLength(k:)``).
        public var minimizerLength: Int?
        /// Tests only: caps the k-mers per phase-2 pass to force the multi-pass path.
        var passCapacityOverride: Int?

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - k: The k-mer length, 1...32.
        ///   - canonical: Count canonical k-mers.
        ///   - threads: Worker threads.
        ///   - memoryLimit: The memory budget in bytes (default 1 GiB).
        ///   - temporaryDirectory: Where the bin files go.
        ///   - minimumCount: Drop k-mers seen fewer times.
        public init(k: Int, canonical: Bool = true, threads: Int = 1, memoryLimit: Int = 1 << 30,
                    temporaryDirectory: String? = nil, minimumCount: UInt32 = 1) {
            self.k = k
            self.canonical = canonical
            self.threads = threads
            self.memoryLimit = memoryLimit
            self.temporaryDirectory = temporaryDirectory
            self.minimumCount = minimumCount
        }

        /// Parses a memory size such as `512M`, `2G`, `1.5g`, `100000` (bytes), `64K`.
        ///
        /// - Parameter text: A number with an optional `K`, `M`, `G` or `T` suffix (powers of 1024,
        ///   an optional trailing `B` or `iB` is accepted).
        /// - Returns: The size in bytes.
        /// - Throws: ``SeqError/Code-swift.struct/invalidArgument`` when `text` is not a size.
        public static func parseMemorySize(_ text: String) throws(SeqError) -> Int {
            var body = text.trimmingCharactersInSet(" ").uppercased()
            if body.hasSuffix("IB") { body.removeLast(2) } else if body.hasSuffix("B") { body.removeLast() }
            var multiplier = 1.0
            if let last = body.last, let power = ["K": 1.0, "M": 2.0, "G": 3.0, "T": 4.0][String(last)] {
                multiplier = pow1024(power)
                body.removeLast()
            }
            guard let number = Double(body), number > 0, number.isFinite, number * multiplier < 9e18 else {
                throw SeqError(.invalidArgument, "'\(text)' is not a memory size (examples: 512M, 2G)")
            }
            return Int(number * multiplier)
        }

        private static func pow1024(_ power: Double) -> Double {
            var result = 1.0
            for _ in 0..<Int(power) { result *= 1024 }
            return result
        }
    }

    /// What a ``Kmer/Counter`` run saw and wrote.
    public struct CounterSummary: Sendable {
        /// Sequences (reads, FASTA records) read.
        public var sequences: Int = 0
        /// Bases read.
        public var bases: Int = 0
        /// Valid k-mer occurrences counted (windows with a non-`ACGT` byte excluded).
        public var kmerOccurrences: UInt64 = 0
        /// Distinct k-mers seen.
        public var distinctKmers: UInt64 = 0
        /// Distinct k-mers written (those with count >= the minimum count).
        public var storedKmers: UInt64 = 0
        /// The histogram of all counts (before the minimum-count filter).
        public var histogram = Histogram()
        /// The number of bins, and how many needed more than one pass to fit in memory.
        public var bins: Int = 0
        /// Bins that were split into several passes to stay within the memory limit.
        public var splitBins: Int = 0
        /// Bytes written to temporary bin files.
        public var temporaryBytes: UInt64 = 0
    }
}

extension String {
    fileprivate func trimmingCharactersInSet(_ character: Character) -> String {
        var result = Substring(self)
        while result.first == character { result.removeFirst() }
        while result.last == character { result.removeLast() }
        return String(result)
    }
}
