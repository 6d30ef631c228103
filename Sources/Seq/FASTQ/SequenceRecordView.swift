/// A zero-copy view of the current record inside a reader's buffer.
///
/// The buffers are valid only until the reader's next read (or, with
/// ``SequenceReader/withNextRecord(_:)``, only inside the closure). Copy what you need to keep,
/// e.g. with ``FASTQ/Record/assign(from:)``.
///
/// ```swift
/// while try reader.withNextRecord({ view in bases += view.sequence.count }) != nil {}
/// ```
public struct SequenceRecordView {
    /// The header after `@` or `>`, without the line end.
    public let name: UnsafeBufferPointer<UInt8>
    /// The bases, line breaks removed.
    public let sequence: UnsafeBufferPointer<UInt8>
    /// Phred+33 quality characters, as many as bases; empty for FASTA.
    public let qualityScores: UnsafeBufferPointer<UInt8>

    /// Creates a view (readers create views; this is public for adapters and tests).
    ///
    /// - Parameters:
    ///   - name: the header after the marker.
    ///   - sequence: the bases.
    ///   - qualityScores: quality characters, or an empty buffer.
    public init(name: UnsafeBufferPointer<UInt8>, sequence: UnsafeBufferPointer<UInt8>, qualityScores: UnsafeBufferPointer<UInt8>) {
        self.name = name
        self.sequence = sequence
        self.qualityScores = qualityScores
    }

    /// The identifier: the name up to the first space or tab.
    public var identifier: UnsafeBufferPointer<UInt8> {
        var n = 0
        while n < name.count, name[n] != UInt8(ascii: " "), name[n] != UInt8(ascii: "\t") { n += 1 }
        return UnsafeBufferPointer(rebasing: name[0..<n])
    }

    /// The name as a `String` (allocates).
    public var nameString: String { String(decoding: name, as: UTF8.self) }
    /// The identifier as a `String` (allocates).
    public var identifierString: String { String(decoding: identifier, as: UTF8.self) }
    /// The sequence as a `String` (allocates).
    public var sequenceString: String { String(decoding: sequence, as: UTF8.self) }
    /// The qualities as a `String` (allocates).
    public var qualityString: String { String(decoding: qualityScores, as: UTF8.self) }

    /// An owned copy as a FASTQ record.
    public var fastqRecord: FASTQ.Record {
        FASTQ.Record(name: Array(name), sequence: Array(sequence), qualityScores: Array(qualityScores))
    }
}
