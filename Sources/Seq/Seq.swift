/// `Seq`: sequence I/O (FASTQ, FASTA, SAM/BAM/CRAM), k-mers, panel screening and NIPT.
///
/// See the DocC catalog `Seq.docc` for an overview.
public enum SeqLibrary {
    /// The library version.
    public static let version = "0.1.0"
}
