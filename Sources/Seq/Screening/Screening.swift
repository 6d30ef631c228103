/// Genotyping a fixed clinical panel of known variants (hereditary-deafness screening) from aligned reads
/// (BAM/CRAM) or straight from FASTQ through allele-specific k-mers, with VCF, JSON and human reports.
///
/// The pieces:
/// - ``Screening/Panel`` and ``Screening/Site``: the panel definition (a documented TSV), loaded and validated.
/// - ``Screening/ReferenceSource``: where reference bases come from (a FASTA, or the flanks bundled with the panel).
/// - ``Screening/GenotypeModel``: the likelihood model shared by the BAM and the FASTQ paths.
/// - ``Screening/SampleResult``: the per-sample result, written as VCF 4.3, JSON and a text/HTML report.
///
/// Coordinates: every public position in this namespace is 1-based and inclusive (VCF and HGVS convention).
public enum Screening {}
