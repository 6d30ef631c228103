/// Reads FASTQ or FASTA records from a file, standard input or memory, whatever the compression.
///
/// The format is detected from the first byte (`@` FASTQ, `>` FASTA) and the compression from the
/// first bytes (plain, gzip single/multi-member, BGZF), never from the file name. Decompression
/// runs on its own thread, BGZF blocks are inflated in parallel across `threads` workers, and the
/// parser works on bounded buffers (a few MiB) with no allocation per record.
///
/// Two record tiers:
/// - the hot path ``withNextRecord(_:)`` lends a zero-copy ``SequenceRecordView``;
/// - ``read(into:)-(FASTQ.Record)`` fills a caller-owned, reusable ``FASTQ/Record`` (or ``FASTA/Record``).
///
/// ```swift
/// let reader = try SequenceReader(path: "reads.fq.gz", threads: 2)
/// var bases = 0
/// while try reader.withNextRecord({ bases += $0.sequence.count }) != nil {}
/// ```
///
/// Invalid input throws ``SeqError`` with the file, the 1-based line and the 1-based record number:
/// missing `@`/`>`/`+`, sequence and quality lengths that differ, quality characters outside
/// `!`…`~`, characters that are not bases, empty names, a truncated last record, and truncated or
/// corrupt gzip/BGZF streams. A reader is not `Sendable`; use one per thread.
public final class SequenceReader {
    /// The path as given (`-` for standard input).
    public let path: String
    /// The detected compression.
    public var compression: Compression { stream.compression }
    /// The detected format; nil for an empty input.
    public internal(set) var format: SequenceFormat?
    /// How many records were read so far.
    public internal(set) var recordsRead = 0
    /// The 1-based line number of the current record's header (`@` or `>` line); 0 before the first read.
    public internal(set) var currentRecordLine = 0

    let stream: DecompressedStream
    /// 1-based line number of the byte at `stream.start`.
    var line = 1
    let nameScratch = ByteScratch()
    let sequenceScratch = ByteScratch(capacity: 4096)
    let qualityScratch = ByteScratch(capacity: 4096)
    var current = SequenceRecordView(name: .init(start: nil, count: 0), sequence: .init(start: nil, count: 0),
                                     qualityScores: .init(start: nil, count: 0))

    /// Opens a file, or standard input for `-`.
    ///
    /// - Parameters:
    ///   - path: the file path, or `-` for standard input.
    ///   - threads: decompression workers for BGZF input (at least 1). Parsing always runs on
    ///     the calling thread and decompression on another.
    ///   - format: the format to require; nil accepts FASTQ or FASTA.
    /// - Throws: ``SeqError`` when the file cannot be opened, or its first byte is neither `@` nor `>`,
    ///   or it is not in the required format.
    public convenience init(path: String, threads: Int = 1, format: SequenceFormat? = nil) throws {
        try self.init(stream: DecompressedStream(path: path, threads: max(1, threads)), required: format)
    }

    /// Reads records from bytes in memory (plain or compressed).
    ///
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - name: the name used in error messages.
    ///   - threads: decompression workers for BGZF input.
    ///   - format: the format to require; nil accepts FASTQ or FASTA.
    /// - Throws: ``SeqError`` as ``init(path:threads:format:)``.
    public convenience init(bytes: [UInt8], name: String = "<memory>", threads: Int = 1, format: SequenceFormat? = nil) throws {
        try self.init(stream: DecompressedStream(bytes: bytes, name: name, threads: max(1, threads)), required: format)
    }

    /// Opens a file or bytes with chosen chunk sizes (tests use small chunks to cross many boundaries).
    convenience init(path: String? = nil, bytes: [UInt8] = [], name: String = "<memory>", threads: Int = 1,
                     chunkBodyCapacity: Int, chunkPrefixCapacity: Int) throws {
        let input: InputFile
        if let path { input = try InputFile(path: path) } else { input = InputFile(bytes: bytes, name: name) }
        try self.init(stream: DecompressedStream(input: input, threads: max(1, threads), chunkBodyCapacity: chunkBodyCapacity,
                                                 chunkPrefixCapacity: chunkPrefixCapacity), required: nil)
    }

    init(stream: DecompressedStream, required: SequenceFormat?) throws(SeqError) {
        self.stream = stream
        path = stream.path
        try detectFormat(required: required)
    }

    /// Reads the next record and lends it to `body` as a zero-copy view.
    ///
    /// The view's buffers are valid only inside `body`.
    ///
    /// - Parameter body: a closure receiving the record.
    /// - Returns: `body`'s result, or nil at the end of the input.
    /// - Throws: ``SeqError`` for invalid or truncated input, or whatever `body` throws.
    @inlinable
    public func withNextRecord<T>(_ body: (SequenceRecordView) throws -> T) throws -> T? {
        guard try advance() else { return nil }
        return try body(currentView)
    }

    /// Reads the next record into a reusable FASTQ record (its arrays keep their capacity).
    ///
    /// FASTA records get empty ``FASTQ/Record/qualityScores``.
    ///
    /// - Parameter record: the record to overwrite.
    /// - Returns: false at the end of the input (the record is then left unchanged).
    /// - Throws: ``SeqError`` for invalid or truncated input.
    public func read(into record: inout FASTQ.Record) throws -> Bool {
        guard try advanceTyped() else { return false }
        record.assign(from: current)
        return true
    }

    /// Reads the next record into a reusable FASTA record (qualities, if any, are dropped).
    ///
    /// - Parameter record: the record to overwrite.
    /// - Returns: false at the end of the input.
    /// - Throws: ``SeqError`` for invalid or truncated input.
    public func read(into record: inout FASTA.Record) throws -> Bool {
        guard try advanceTyped() else { return false }
        record.assign(from: current)
        return true
    }

    /// Reads every remaining record (convenient for small inputs and tests).
    ///
    /// - Returns: the records, in order.
    /// - Throws: ``SeqError`` for invalid or truncated input.
    public func readAll() throws -> [FASTQ.Record] {
        var records: [FASTQ.Record] = []
        var record = FASTQ.Record()
        while try read(into: &record) { records.append(record) }
        return records
    }

    /// Advances to the next record; ``currentView`` then shows it. Prefer ``withNextRecord(_:)``.
    ///
    /// - Returns: false at the end of the input.
    /// - Throws: ``SeqError`` for invalid or truncated input.
    public func advance() throws -> Bool {
        try advanceTyped()
    }

    /// The record found by the last successful ``advance()``; valid until the next read.
    public var currentView: SequenceRecordView { current }

    /// The position of the next unread byte, for error messages.
    func position(line: Int? = nil, record: Int? = nil) -> SeqError.Position {
        SeqError.Position(file: path, line: line ?? self.line, record: record ?? recordsRead + 1)
    }
}
