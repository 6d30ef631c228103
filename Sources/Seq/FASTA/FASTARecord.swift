extension FASTA {
    /// An owned FASTA record: name and sequence bytes, `Sendable` and copy-on-write.
    public struct Record: Sendable, Hashable {
        /// The header line after `>`, without the line end.
        public var name: [UInt8]
        /// The bases, line breaks removed.
        public var sequence: [UInt8]

        /// Creates a record from bytes.
        ///
        /// - Parameters:
        ///   - name: the header after `>`.
        ///   - sequence: the bases.
        public init(name: [UInt8] = [], sequence: [UInt8] = []) {
            self.name = name
            self.sequence = sequence
        }

        /// Creates a record from strings.
        ///
        /// - Parameters:
        ///   - name: the header after `>`.
        ///   - sequence: the bases.
        public init(name: String, sequence: String) {
            self.init(name: Array(name.utf8), sequence: Array(sequence.utf8))
        }

        /// The identifier: the name up to the first space or tab.
        public var identifier: ArraySlice<UInt8> {
            let end = name.firstIndex { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") } ?? name.endIndex
            return name[..<end]
        }

        /// The name as a `String`.
        public var nameString: String { String(decoding: name, as: UTF8.self) }
        /// The sequence as a `String`.
        public var sequenceString: String { String(decoding: sequence, as: UTF8.self) }

        /// Copies a view's name and sequence into this record, reusing capacity.
        ///
        /// - Parameter view: a record view, valid for the duration of the call.
        public mutating func assign(from view: SequenceRecordView) {
            name.removeAll(keepingCapacity: true)
            name.append(contentsOf: view.name)
            sequence.removeAll(keepingCapacity: true)
            sequence.append(contentsOf: view.sequence)
        }
    }
}
