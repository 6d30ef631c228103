/// SAM, BAM and CRAM alignments read through htslib.
///
/// `Alignment` is a caseless namespace. Its main types are:
/// - ``Alignment/Reader``: opens a SAM/BAM/CRAM file (format detected from content), exposes the
///   ``Alignment/Header`` and iterates records, either the whole file or regions through the index.
/// - ``Alignment/RecordView``: the borrowed, zero-copy view of the reader's current record (valid until
///   the next read); ``Alignment/Record`` is the owned, `Sendable` copy.
/// - ``Alignment/Pileup``: per-position base and indel observations with filters.
/// - ``Alignment/FlagStatistics``: the `samtools flagstat` categories.
///
/// Coordinates: every `position`/`alignmentStart` in this namespace is **0-based** (as in BAM and htslib),
/// region strings (`chr:start-end`) are **1-based, inclusive** (as samtools takes them). Each property says which.
///
/// ```swift
/// let reader = try Alignment.Reader(path: "sample.bam", threads: 2)
/// while let record = try reader.next() {
///     if record.flags.contains(.unmapped) { continue }
///     print(record.referenceSequenceID, record.alignmentStart, record.mappingQuality)
/// }
/// ```
public enum Alignment {
    /// The container format of an alignment file, as detected by htslib.
    public enum Format: String, Sendable, Equatable {
        /// Text SAM (plain or gzip/BGZF-compressed).
        case sam = "SAM"
        /// Binary BAM.
        case bam = "BAM"
        /// CRAM.
        case cram = "CRAM"
    }
}
