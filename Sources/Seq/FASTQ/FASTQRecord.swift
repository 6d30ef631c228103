extension FASTQ {
    /// An owned FASTQ record: name, sequence and quality bytes, `Sendable` and copy-on-write.
    ///
    /// Reuse one record across reads with ``SequenceReader/read(into:)-(FASTQ.Record)`` so that its
    /// arrays keep their capacity (no allocation per read).
    ///
    /// ```swift
    /// var record = FASTQ.Record()
    /// while try reader.read(into: &record) { total += record.sequence.count }
    /// ```
    public struct Record: Sendable, Hashable {
        /// The header line after `@`, without the line end (identifier, then an optional description).
        public var name: [UInt8]
        /// The bases as written (case and IUPAC codes preserved).
        public var sequence: [UInt8]
        /// The quality characters, Phred+33 (`!` = 0 … `~` = 93); same count as ``sequence``.
        /// Empty for records read from FASTA.
        public var qualityScores: [UInt8]

        /// Creates a record from bytes.
        ///
        /// - Parameters:
        ///   - name: the header after `@`.
        ///   - sequence: the bases.
        ///   - qualityScores: Phred+33 characters, as many as bases.
        public init(name: [UInt8] = [], sequence: [UInt8] = [], qualityScores: [UInt8] = []) {
            self.name = name
            self.sequence = sequence
            self.qualityScores = qualityScores
        }

        /// Creates a record from strings (convenient in tests and examples).
        ///
        /// - Parameters:
        ///   - name: the header after `@`.
        ///   - sequence: the bases.
        ///   - qualityScores: Phred+33 characters, as many as bases.
        public init(name: String, sequence: String, qualityScores: String) {
            self.init(name: Array(name.utf8), sequence: Array(sequence.utf8), qualityScores: Array(qualityScores.utf8))
        }

        /// The identifier: the name up to the first space or tab.
        public var identifier: ArraySlice<UInt8> {
            let end = name.firstIndex { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } ?? name.endIndex
            return name[..<end]
        }

        /// The name as a `String`.
        public var nameString: String { String(decoding: name, as: UTF8.self) }
        /// The identifier as a `String`.
        public var identifierString: String { String(decoding: identifier, as: UTF8.self) }
        /// The sequence as a `String`.
        public var sequenceString: String { String(decoding: sequence, as: UTF8.self) }
        /// The qualities as a `String`.
        public var qualityString: String { String(decoding: qualityScores, as: UTF8.self) }

        /// Copies a view's bytes into this record, reusing the arrays' capacity.
        ///
        /// - Parameter view: a record view, valid for the duration of the call.
        public mutating func assign(from view: SequenceRecordView) {
            name.removeAll(keepingCapacity: true)
            name.append(contentsOf: view.name)
            sequence.removeAll(keepingCapacity: true)
            sequence.append(contentsOf: view.sequence)
            qualityScores.removeAll(keepingCapacity: true)
            qualityScores.append(contentsOf: view.qualityScores)
        }
    }
}
