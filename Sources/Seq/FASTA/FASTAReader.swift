extension FASTA {
    /// Reads FASTA records (plain, gzip, BGZF or standard input); FASTQ input is rejected.
    ///
    /// A thin wrapper over ``SequenceReader`` that requires FASTA. See it for the zero-copy tier.
    ///
    /// ```swift
    /// let reader = try FASTA.Reader(path: "ref.fa")
    /// var record = FASTA.Record()
    /// while try reader.read(into: &record) { … }
    /// ```
    public final class Reader {
        /// The underlying reader (for ``SequenceReader/withNextRecord(_:)``).
        public let base: SequenceReader

        /// Opens a FASTA file, or standard input for `-`.
        ///
        /// - Parameters:
        ///   - path: the file path or `-`.
        ///   - threads: BGZF decompression workers.
        /// - Throws: ``SeqError`` if the file cannot be opened or is not FASTA.
        public init(path: String, threads: Int = 1) throws {
            base = try SequenceReader(path: path, threads: threads, format: .fasta)
        }

        /// Reads FASTA from bytes in memory.
        ///
        /// - Parameters:
        ///   - bytes: the content (plain or compressed).
        ///   - name: the name used in error messages.
        /// - Throws: ``SeqError`` if the content is not FASTA.
        public init(bytes: [UInt8], name: String = "<memory>") throws {
            base = try SequenceReader(bytes: bytes, name: name, format: .fasta)
        }

        /// Reads the next record into `record`, reusing its storage.
        ///
        /// - Parameter record: the record to overwrite.
        /// - Returns: false at the end of the input.
        /// - Throws: ``SeqError`` for invalid input.
        public func read(into record: inout FASTA.Record) throws -> Bool {
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
        public func readAll() throws -> [FASTA.Record] {
            var records: [FASTA.Record] = []
            var record = FASTA.Record()
            while try read(into: &record) { records.append(record) }
            return records
        }
    }
}
