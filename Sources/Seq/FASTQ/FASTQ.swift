/// FASTQ: reads with per-base qualities.
///
/// A FASTQ record is a `@name` line, one or more sequence lines, a `+` line (optionally repeating
/// the name), and quality lines holding exactly as many characters as the sequence (Phred+33,
/// `!`…`~`). gx accepts CRLF line ends, lowercase bases, IUPAC codes, and line-wrapped sequence
/// and quality (Cock et al. 2009), and rejects everything else with a ``SeqError`` naming the
/// file, line and record.
///
/// ```swift
/// let reader = try FASTQ.Reader(path: "reads.fastq.gz", threads: 2)
/// var record = FASTQ.Record()
/// while try reader.read(into: &record) {
///     print(record.identifierString, record.sequence.count)
/// }
/// ```
///
/// Types: ``FASTQ/Record`` (owned, `Sendable`), ``SequenceRecordView`` (zero-copy, valid until the
/// next read), ``FASTQ/Reader``, ``FASTQ/PairedReader``, ``FASTQ/Writer``.
public enum FASTQ {}
