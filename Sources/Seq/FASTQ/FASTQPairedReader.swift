extension FASTQ {
    /// Reads paired-end reads: two files in lockstep, or one interleaved file (mate 1, mate 2, …).
    ///
    /// Each pair's identifiers must agree once a trailing `/1` or `/2` is removed
    /// (`@r7/1` pairs with `@r7/2`, `@r7 1:N:0` with `@r7 2:N:0`); otherwise, and when one file ends
    /// before the other, reading throws ``SeqError`` with code `pairing`.
    ///
    /// ```swift
    /// let pairs = try FASTQ.PairedReader(path1: "r_1.fq.gz", path2: "r_2.fq.gz", threads: 2)
    /// var m1 = FASTQ.Record(), m2 = FASTQ.Record()
    /// while try pairs.read(into: &m1, &m2) { … }
    /// ```
    public final class PairedReader {
        private let first: SequenceReader
        private let second: SequenceReader?
        private var mate1 = FASTQ.Record()
        /// Pairs read so far.
        public private(set) var pairsRead = 0

        /// Opens two files read in lockstep.
        ///
        /// - Parameters:
        ///   - path1: mate 1 reads (or `-`).
        ///   - path2: mate 2 reads.
        ///   - threads: BGZF decompression workers per file.
        /// - Throws: ``SeqError`` if a file cannot be opened or the two formats differ.
        public init(path1: String, path2: String, threads: Int = 1) throws {
            first = try SequenceReader(path: path1, threads: threads)
            second = try SequenceReader(path: path2, threads: threads)
            if let f1 = first.format, let f2 = second!.format, f1 != f2 {
                throw SeqError(.pairing, "mate files differ in format: \(path1) is \(f1), \(path2) is \(f2)", position: .init(file: path2))
            }
        }

        /// Opens one interleaved file (records 1, 3, 5… are mate 1; 2, 4, 6… mate 2).
        ///
        /// - Parameters:
        ///   - interleavedPath: the file, or `-`.
        ///   - threads: BGZF decompression workers.
        /// - Throws: ``SeqError`` if the file cannot be opened.
        public init(interleavedPath: String, threads: Int = 1) throws {
            first = try SequenceReader(path: interleavedPath, threads: threads)
            second = nil
        }

        /// Reads mates in memory (for tests): two inputs, or one interleaved when `bytes2` is nil.
        ///
        /// - Parameters:
        ///   - bytes1: mate 1 content, or the interleaved content.
        ///   - bytes2: mate 2 content, or nil for interleaved.
        /// - Throws: ``SeqError`` if a content is not FASTQ/FASTA.
        public init(bytes1: [UInt8], bytes2: [UInt8]?) throws {
            first = try SequenceReader(bytes: bytes1, name: bytes2 == nil ? "<interleaved>" : "<mate 1>")
            second = try bytes2.map { try SequenceReader(bytes: $0, name: "<mate 2>") }
        }

        /// Reads the next pair and lends both mates as views (valid only inside `body`).
        ///
        /// - Parameter body: receives mate 1 and mate 2.
        /// - Returns: `body`'s result, or nil when both inputs ended together.
        /// - Throws: ``SeqError`` with code `pairing` when names disagree or one input ends first,
        ///   or any parsing error.
        public func withNextPair<T>(_ body: (SequenceRecordView, SequenceRecordView) throws -> T) throws -> T? {
            if let second {
                let got1 = try first.advance()
                let got2 = try second.advance()
                if !got1 && !got2 { return nil }
                if got1 != got2 {
                    let (short, long) = got1 ? (second, first) : (first, second)
                    throw SeqError(.pairing, "\(short.path) ends after \(short.recordsRead) reads but \(long.path) has more",
                                   position: .init(file: short.path, line: short.line, record: short.recordsRead + 1))
                }
                let v1 = first.currentView, v2 = second.currentView
                try check(v1, v2, file: second.path, record: second.recordsRead, line: second.currentRecordLine)
                pairsRead += 1
                return try body(v1, v2)
            }
            guard try first.read(into: &mate1) else { return nil }
            guard try first.advance() else {
                throw SeqError(.pairing, "interleaved input has an odd number of reads: read \(first.recordsRead) has no mate",
                               position: .init(file: first.path, line: first.line, record: first.recordsRead + 1))
            }
            let v2 = first.currentView
            return try mate1.name.withUnsafeBufferPointer { n in
                try mate1.sequence.withUnsafeBufferPointer { s in
                    try mate1.qualityScores.withUnsafeBufferPointer { q in
                        let v1 = SequenceRecordView(name: n, sequence: s, qualityScores: q)
                        try check(v1, v2, file: first.path, record: first.recordsRead, line: first.currentRecordLine)
                        pairsRead += 1
                        return try body(v1, v2)
                    }
                }
            }
        }

        /// Reads the next pair into two reusable records.
        ///
        /// - Parameters:
        ///   - record1: receives mate 1.
        ///   - record2: receives mate 2.
        /// - Returns: false when both inputs ended together.
        /// - Throws: ``SeqError`` as ``withNextPair(_:)``.
        public func read(into record1: inout FASTQ.Record, _ record2: inout FASTQ.Record) throws -> Bool {
            var r1 = FASTQ.Record(), r2 = FASTQ.Record()
            swap(&r1, &record1)
            swap(&r2, &record2)
            defer {
                swap(&r1, &record1)
                swap(&r2, &record2)
            }
            let got: Bool? = try withNextPair { v1, v2 in
                r1.assign(from: v1)
                r2.assign(from: v2)
                return true
            }
            return got != nil
        }

        /// True when two read names name the same fragment.
        ///
        /// Compares identifiers (up to the first space or tab) after removing a trailing `/1` or `/2`.
        ///
        /// - Parameters:
        ///   - name1: mate 1's header.
        ///   - name2: mate 2's header.
        /// - Returns: whether they are mates.
        public static func areMates(_ name1: UnsafeBufferPointer<UInt8>, _ name2: UnsafeBufferPointer<UInt8>) -> Bool {
            let a = stem(name1), b = stem(name2)
            guard a.count == b.count else { return false }
            for i in 0..<a.count where a[i] != b[i] { return false }
            return true
        }

        private static func stem(_ name: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            var n = 0
            while n < name.count, name[n] != UInt8(ascii: " "), name[n] != UInt8(ascii: "\t") { n += 1 }
            if n >= 2, name[n - 2] == UInt8(ascii: "/"), name[n - 1] == UInt8(ascii: "1") || name[n - 1] == UInt8(ascii: "2") { n -= 2 }
            return UnsafeBufferPointer(rebasing: name[0..<n])
        }

        private func check(_ v1: SequenceRecordView, _ v2: SequenceRecordView, file: String, record: Int, line: Int?) throws {
            guard Self.areMates(v1.name, v2.name) else {
                throw SeqError(.pairing, "mate names disagree in pair \(pairsRead + 1): '\(v1.identifierString)' and '\(v2.identifierString)'",
                               position: .init(file: file, line: line, record: record))
            }
        }
    }
}
