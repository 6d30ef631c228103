extension FASTQ {
    /// Writes FASTQ records, plain, gzip or BGZF (with the EOF block), to a file or standard output.
    ///
    /// Records are written as 4 lines with a bare `+`. Call ``close()`` to flush and see errors;
    /// `deinit` closes too, but silently.
    ///
    /// ```swift
    /// let writer = try FASTQ.Writer(path: "out.fq.gz", compression: .bgzf)
    /// try writer.write(record)
    /// try writer.close()
    /// ```
    public final class Writer {
        private let sink: OutputSink

        /// Creates (or truncates) a file, or writes to standard output for `-`.
        ///
        /// - Parameters:
        ///   - path: the output path or `-`.
        ///   - compression: `.none`, `.gzip` or `.bgzf`.
        ///   - level: compression level 0…12 (libdeflate; 6 is gzip's default).
        /// - Throws: ``SeqError`` if the file cannot be created.
        public init(path: String, compression: Compression = .none, level: Int = 6) throws {
            sink = try OutputSink(path: path, compression: compression, level: level)
        }

        /// Writes one record from buffers.
        ///
        /// - Parameters:
        ///   - name: the header after `@`.
        ///   - sequence: the bases.
        ///   - qualityScores: Phred+33 characters, as many as bases.
        /// - Throws: ``SeqError`` with code `invalidArgument` if the lengths differ or the name is
        ///   empty, or `io` if writing fails.
        public func write(name: UnsafeBufferPointer<UInt8>, sequence: UnsafeBufferPointer<UInt8>, qualityScores: UnsafeBufferPointer<UInt8>) throws {
            guard !name.isEmpty else {
                throw SeqError(.invalidArgument, "cannot write a FASTQ record with an empty name", position: .init(file: sink.path))
            }
            guard sequence.count == qualityScores.count else {
                throw SeqError(.invalidArgument, "cannot write FASTQ record '\(String(decoding: name, as: UTF8.self))': quality length \(qualityScores.count) differs from sequence length \(sequence.count)",
                               position: .init(file: sink.path))
            }
            try sink.write(UInt8(ascii: "@"))
            try sink.write(name)
            try sink.write(UInt8(ascii: "\n"))
            try sink.write(sequence)
            try sink.write(UInt8(ascii: "\n"))
            try sink.write(UInt8(ascii: "+"))
            try sink.write(UInt8(ascii: "\n"))
            try sink.write(qualityScores)
            try sink.write(UInt8(ascii: "\n"))
        }

        /// Writes one record.
        ///
        /// - Parameter record: the record.
        /// - Throws: ``SeqError`` as ``write(name:sequence:qualityScores:)``.
        public func write(_ record: FASTQ.Record) throws {
            try record.name.withUnsafeBufferPointer { n in
                try record.sequence.withUnsafeBufferPointer { s in
                    try record.qualityScores.withUnsafeBufferPointer { q in
                        try write(name: n, sequence: s, qualityScores: q)
                    }
                }
            }
        }

        /// Writes the record a view shows (e.g. to copy or filter reads without allocation).
        ///
        /// - Parameter view: the record view.
        /// - Throws: ``SeqError`` as ``write(name:sequence:qualityScores:)``.
        public func write(_ view: SequenceRecordView) throws {
            try write(name: view.name, sequence: view.sequence, qualityScores: view.qualityScores)
        }

        /// Flushes, writes the BGZF EOF block if needed, and closes.
        ///
        /// - Throws: ``SeqError`` with code `io` if writing fails.
        public func close() throws {
            try sink.close()
        }
    }
}
