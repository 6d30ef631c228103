/// The text format of a sequence file, detected from its first byte (`@` or `>`).
public enum SequenceFormat: String, Sendable, CustomStringConvertible {
    /// FASTQ (`@name`, sequence, `+`, qualities).
    case fastq
    /// FASTA (`>name`, sequence lines).
    case fasta

    /// `fastq` or `fasta`.
    public var description: String { rawValue }
}
