extension FASTA {
    /// Writes FASTA records, plain, gzip or BGZF, wrapping sequences at a fixed width.
    ///
    /// ```swift
    /// let writer = try FASTA.Writer(path: "out.fa", lineWidth: 60)
    /// try writer.write(FASTA.Record(name: "chr1", sequence: "ACGT"))
    /// try writer.close()
    /// ```
    public final class Writer {
        private let sink: OutputSink
        /// Bases per line; 0 writes each sequence on one line.
        public let lineWidth: Int

        /// Creates (or truncates) a file, or writes to standard output for `-`.
        ///
        /// - Parameters:
        ///   - path: the output path or `-`.
        ///   - compression: `.none`, `.gzip` or `.bgzf`.
        ///   - level: compression level 0…12.
        ///   - lineWidth: bases per line (0: no wrapping).
        /// - Throws: ``SeqError`` if the file cannot be created.
        public init(path: String, compression: Compression = .none, level: Int = 6, lineWidth: Int = 60) throws {
            sink = try OutputSink(path: path, compression: compression, level: level)
            self.lineWidth = max(0, lineWidth)
        }

        /// Writes one record from buffers.
        ///
        /// - Parameters:
        ///   - name: the header after `>`.
        ///   - sequence: the bases.
        /// - Throws: ``SeqError`` with code `invalidArgument` for an empty name, `io` if writing fails.
        public func write(name: UnsafeBufferPointer<UInt8>, sequence: UnsafeBufferPointer<UInt8>) throws {
            guard !name.isEmpty else {
                throw SeqError(.invalidArgument, "cannot write a FASTA record with an empty name", position: .init(file: sink.path))
            }
            try sink.write(UInt8(ascii: ">"))
            try sink.write(name)
            try sink.write(UInt8(ascii: "\n"))
            if lineWidth == 0 || sequence.count <= lineWidth {
                try sink.write(sequence)
                if !sequence.isEmpty { try sink.write(UInt8(ascii: "\n")) }
                return
            }
            var offset = 0
            while offset < sequence.count {
                let n = min(lineWidth, sequence.count - offset)
                try sink.write(UnsafeBufferPointer(rebasing: sequence[offset..<(offset + n)]))
                try sink.write(UInt8(ascii: "\n"))
                offset += n
            }
        }

        /// Writes one record.
        ///
        /// - Parameter record: the record.
        /// - Throws: ``SeqError`` as ``write(name:sequence:)``.
        public func write(_ record: FASTA.Record) throws {
            try record.name.withUnsafeBufferPointer { n in
                try record.sequence.withUnsafeBufferPointer { s in try write(name: n, sequence: s) }
            }
        }

        /// Writes a view's name and sequence (qualities are dropped).
        ///
        /// - Parameter view: the record view.
        /// - Throws: ``SeqError`` as ``write(name:sequence:)``.
        public func write(_ view: SequenceRecordView) throws {
            try write(name: view.name, sequence: view.sequence)
        }

        /// Flushes, writes the BGZF EOF block if needed, and closes.
        ///
        /// - Throws: ``SeqError`` with code `io` if writing fails.
        public func close() throws {
            try sink.close()
        }
    }
}
