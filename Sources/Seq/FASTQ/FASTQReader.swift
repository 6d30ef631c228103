extension FASTQ {
    /// Reads FASTQ records (plain, gzip, BGZF or standard input); FASTA input is rejected.
    ///
    /// A thin wrapper over ``SequenceReader`` that requires FASTQ.
    ///
    /// ```swift
    /// let reader = try FASTQ.Reader(path: "reads.fq.gz", threads: 2)
    /// var record = FASTQ.Record()
    /// while try reader.read(into: &record) { … }             // owned, reused record
    /// while try reader.withNextRecord({ view in … }) != nil {} // zero-copy view
    /// ```
    public final class Reader {
        /// The underlying reader.
        public let base: SequenceReader

        /// Opens a FASTQ file, or standard input for `-`.
        ///
        /// - Parameters:
        ///   - path: the file path or `-`.
        ///   - threads: BGZF decompression workers.
        /// - Throws: ``SeqError`` if the file cannot be opened or is not FASTQ.
        public init(path: String, threads: Int = 1) throws {
            base = try SequenceReader(path: path, threads: threads, format: .fastq)
        }

        /// Reads FASTQ from bytes in memory (plain or compressed).
        ///
        /// - Parameters:
        ///   - bytes: the content.
        ///   - name: the name used in error messages.
        /// - Throws: ``SeqError`` if the content is not FASTQ.
        public init(bytes: [UInt8], name: String = "<memory>") throws {
            base = try SequenceReader(bytes: bytes, name: name, format: .fastq)
        }

        /// The detected compression.
        public var compression: Compression { base.compression }
        /// Records read so far.
        public var recordsRead: Int { base.recordsRead }

        /// Reads the next record into `record`, reusing its storage.
        ///
        /// - Parameter record: the record to overwrite.
        /// - Returns: false at the end of the input.
        /// - Throws: ``SeqError`` for invalid input.
        public func read(into record: inout FASTQ.Record) throws -> Bool {
            try base.read(into: &record)
        }

        /// Reads the next record and lends it as a zero-copy view.
        ///
        /// - Parameter body: receives the view (valid only inside).
        /// - Returns: `body`'s result, or nil at the end.
        /// - Throws: ``SeqError`` for invalid input, or what `body` throws.
        public func withNextRecord<T>(_ body: (SequenceRecordView) throws -> T) throws -> T? {
            try base.withNextRecord(body)
        }

        /// Reads every remaining record.
        ///
        /// - Returns: the records in order.
        /// - Throws: ``SeqError`` for invalid input.
        public func readAll() throws -> [FASTQ.Record] {
            try base.readAll()
        }
    }
}
