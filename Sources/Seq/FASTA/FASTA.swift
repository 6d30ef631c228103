/// FASTA: named sequences without qualities.
///
/// A record is a `>name` line followed by zero or more sequence lines (wrapped at any width).
/// Blank lines are ignored; CRLF line ends, lowercase and IUPAC codes are accepted.
///
/// ```swift
/// let reader = try FASTA.Reader(path: "ref.fa.gz")
/// var record = FASTA.Record()
/// while try reader.read(into: &record) { print(record.nameString, record.sequence.count) }
/// ```
public enum FASTA {}
