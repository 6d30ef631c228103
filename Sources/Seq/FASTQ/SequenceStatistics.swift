/// Summary statistics of a FASTQ/FASTA file, like `seqkit stats -a`: records, bases, lengths,
/// GC and N content, and the fractions of bases at Phred quality ≥ 20 and ≥ 30.
///
/// ```swift
/// let stats = try SequenceStatistics.compute(path: "reads.fq.gz", threads: 2)
/// print(stats.records, stats.bases, stats.gcFraction, stats.q30Fraction ?? .nan)
/// ```
public struct SequenceStatistics: Sendable, Equatable {
    /// The file as given.
    public var file: String
    /// The detected format; nil for an empty file.
    public var format: SequenceFormat?
    /// The detected compression.
    public var compression: Compression
    /// Number of records.
    public var records = 0
    /// Number of bases (sum of sequence lengths).
    public var bases = 0
    /// Shortest sequence length (0 for an empty file).
    public var minLength = 0
    /// Longest sequence length.
    public var maxLength = 0
    /// Bases that are `G`, `C`, `g` or `c`.
    public var gcBases = 0
    /// Bases that are `N` or `n`.
    public var nBases = 0
    /// Bases with Phred quality ≥ 20 (FASTQ only).
    public var q20Bases = 0
    /// Bases with Phred quality ≥ 30 (FASTQ only).
    public var q30Bases = 0
    /// Whether composition (GC, N, qualities) was counted; false for ``count(path:threads:)``.
    public var hasComposition = true

    /// Creates empty statistics for a file.
    ///
    /// - Parameters:
    ///   - file: the file name to report.
    ///   - format: the format, if known.
    ///   - compression: the compression.
    public init(file: String, format: SequenceFormat?, compression: Compression) {
        self.file = file
        self.format = format
        self.compression = compression
    }

    /// Mean sequence length (0 for an empty file).
    public var meanLength: Double { records == 0 ? 0 : Double(bases) / Double(records) }
    /// (G+C) / bases (0 when there are no bases).
    public var gcFraction: Double { bases == 0 ? 0 : Double(gcBases) / Double(bases) }
    /// Fraction of bases with quality ≥ 20; nil for FASTA.
    public var q20Fraction: Double? { format == .fasta ? nil : (bases == 0 ? 0 : Double(q20Bases) / Double(bases)) }
    /// Fraction of bases with quality ≥ 30; nil for FASTA.
    public var q30Fraction: Double? { format == .fasta ? nil : (bases == 0 ? 0 : Double(q30Bases) / Double(bases)) }

    /// Adds one record's length to the counts (no composition).
    ///
    /// - Parameter length: the sequence length.
    @inline(__always)
    public mutating func addLength(_ length: Int) {
        if records == 0 || length < minLength { minLength = length }
        if length > maxLength { maxLength = length }
        records += 1
        bases += length
    }

    /// Adds one record: length, GC, N and quality counts.
    ///
    /// - Parameter view: the record.
    @inline(__always)
    public mutating func add(_ view: SequenceRecordView) {
        addLength(view.sequence.count)
        if let p = view.sequence.baseAddress {
            let (gc, n) = Composition.countGCN(p, view.sequence.count)
            gcBases += gc
            nBases += n
        }
        if let q = view.qualityScores.baseAddress {
            let (q20, q30) = Composition.countQ20Q30(q, view.qualityScores.count)
            q20Bases += q20
            q30Bases += q30
        }
    }

    /// Reads a whole file and computes its statistics.
    ///
    /// - Parameters:
    ///   - path: the file, or `-` for standard input.
    ///   - threads: BGZF decompression workers.
    ///   - progress: called now and then with the records read so far.
    /// - Returns: the statistics.
    /// - Throws: ``SeqError`` for unreadable or invalid input.
    public static func compute(path: String, threads: Int = 1, progress: ((Int) -> Void)? = nil) throws -> SequenceStatistics {
        try compute(reader: SequenceReader(path: path, threads: threads), progress: progress)
    }

    /// Reads the rest of an open reader and computes its statistics (the file is the reader's path).
    ///
    /// - Parameters:
    ///   - reader: an open reader, e.g. over bytes in memory.
    ///   - progress: called now and then with the records read so far.
    /// - Returns: the statistics.
    /// - Throws: ``SeqError`` for invalid input.
    public static func compute(reader: SequenceReader, progress: ((Int) -> Void)? = nil) throws -> SequenceStatistics {
        var stats = SequenceStatistics(file: reader.path, format: reader.format, compression: reader.compression)
        while try reader.advance() {
            stats.add(reader.currentView)
            if let progress, stats.records & 0xfffff == 0 { progress(stats.records) }
        }
        return stats
    }

    /// Counts records, bases and lengths only (the parsing floor; no composition).
    ///
    /// - Parameters:
    ///   - path: the file, or `-`.
    ///   - threads: BGZF decompression workers.
    /// - Returns: statistics with ``hasComposition`` false.
    /// - Throws: ``SeqError`` for unreadable or invalid input.
    public static func count(path: String, threads: Int = 1) throws -> SequenceStatistics {
        let reader = try SequenceReader(path: path, threads: threads)
        var stats = SequenceStatistics(file: path, format: reader.format, compression: reader.compression)
        stats.hasComposition = false
        while try reader.advance() {
            stats.addLength(reader.currentView.sequence.count)
        }
        return stats
    }
}

/// Base and quality composition kernels, 8 bytes at a time (SWAR on 64-bit words).
///
/// Matching lanes are turned into 0x01 per byte and summed in byte lanes; 31 words at most per
/// round keep the 8-lane total below 256, so one multiply adds the lanes up.
enum Composition {
    /// Adds up the 8 byte lanes of an accumulator whose lane total is below 256.
    @inline(__always)
    static func laneSum(_ accumulator: UInt64) -> Int {
        Int((accumulator &* ByteScanning.lanes01) >> 56)
    }

    /// Counts G/C and N bases (any case). Bytes must be ASCII (the parser has validated them).
    @inline(__always)
    static func countGCN(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, Int) {
        var gc = 0, nn = 0
        var i = 0
        while i + 8 <= n {
            var gcAcc: UInt64 = 0, nAcc: UInt64 = 0
            var rounds = 0
            while i + 8 <= n && rounds < 31 {
                let folded = ByteScanning.word(p, i) | ByteScanning.lanes20
                let c = ByteScanning.zeroLanes(folded ^ (ByteScanning.lanes01 &* 0x63))
                let g = ByteScanning.zeroLanes(folded ^ (ByteScanning.lanes01 &* 0x67))
                let nBase = ByteScanning.zeroLanes(folded ^ (ByteScanning.lanes01 &* 0x6e))
                gcAcc &+= (c | g) >> 7
                nAcc &+= nBase >> 7
                i += 8
                rounds += 1
            }
            gc += laneSum(gcAcc)
            nn += laneSum(nAcc)
        }
        while i < n {
            let c = p[i] | 0x20
            if c == 0x63 || c == 0x67 { gc += 1 } else if c == 0x6e { nn += 1 }
            i += 1
        }
        return (gc, nn)
    }

    /// Counts quality characters at Phred+33 ≥ 20 and ≥ 30 (bytes must be `!`…`~`).
    @inline(__always)
    static func countQ20Q30(_ p: UnsafePointer<UInt8>, _ n: Int) -> (Int, Int) {
        var q20 = 0, q30 = 0
        var i = 0
        while i + 8 <= n {
            var a20: UInt64 = 0, a30: UInt64 = 0
            var rounds = 0
            while i + 8 <= n && rounds < 31 {
                let w = ByteScanning.word(p, i)
                a20 &+= ByteScanning.lanesAtLeast(w, 53) >> 7
                a30 &+= ByteScanning.lanesAtLeast(w, 63) >> 7
                i += 8
                rounds += 1
            }
            q20 += laneSum(a20)
            q30 += laneSum(a30)
        }
        while i < n {
            let c = p[i]
            if c >= 53 { q20 += 1 }
            if c >= 63 { q30 += 1 }
            i += 1
        }
        return (q20, q30)
    }
}
