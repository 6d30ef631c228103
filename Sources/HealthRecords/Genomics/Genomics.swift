/// Genetic findings → FHIR Genomics Reporting resources (HL7 Genomics Reporting IG, R4).
///
/// `Genomics` has input types of its own (``Genomics/PanelResult``, ``Genomics/NIPTResult``) so that
/// `HealthRecords` does not depend on `Seq`: the CLI decodes a screening result JSON into these types and
/// ``Genomics/ReportBuilder`` turns them into a DiagnosticReport with its Observations.
public enum Genomics {
    /// LOINC and answer codes used by the builder (HEALTH-FACTS.md section 2).
    public enum Code {
        /// Variant Observation (69548-6 Genetic variant assessment).
        public static let variant = "69548-6"
        /// Present (LA9633-4).
        public static let present = "LA9633-4"
        /// Absent (LA9634-2).
        public static let absent = "LA9634-2"
        /// No call (LA18198-4).
        public static let noCall = "LA18198-4"
        /// Gene studied (48018-6).
        public static let geneStudied = "48018-6"
        /// c.HGVS (48004-6).
        public static let cHGVS = "48004-6"
        /// p.HGVS (48005-3).
        public static let pHGVS = "48005-3"
        /// Transcript reference sequence (51958-7).
        public static let transcript = "51958-7"
        /// Allelic state (53034-5).
        public static let allelicState = "53034-5"
        /// Reference allele (69547-8).
        public static let referenceAllele = "69547-8"
        /// Alternate allele (69551-0).
        public static let alternateAllele = "69551-0"
        /// Chromosome (48000-4).
        public static let chromosome = "48000-4"
        /// Exact start-end (81254-5).
        public static let exactStartEnd = "81254-5"
        /// Genomic reference assembly (62374-4).
        public static let referenceAssembly = "62374-4"
        /// Sample allelic frequency (81258-6).
        public static let alleleFrequency = "81258-6"
        /// Allelic read depth (82121-5).
        public static let readDepth = "82121-5"
        /// Variation code, dbSNP/ClinVar (81252-9).
        public static let variationCode = "81252-9"
        /// Genomic source class (48002-0).
        public static let sourceClass = "48002-0"
        /// Overall interpretation (51968-6).
        public static let overallInterpretation = "51968-6"
        /// Positive (LA6576-8).
        public static let positive = "LA6576-8"
        /// Negative (LA6577-6).
        public static let negative = "LA6577-6"
        /// Inconclusive (LA9663-1).
        public static let inconclusive = "LA9663-1"
        /// Failure (LA9664-9).
        public static let failure = "LA9664-9"
        /// Heterozygous (LA6706-1).
        public static let heterozygous = "LA6706-1"
        /// Homozygous (LA6705-3).
        public static let homozygous = "LA6705-3"
        /// Heteroplasmic (LA6703-8).
        public static let heteroplasmic = "LA6703-8"
        /// Homoplasmic (LA6704-6).
        public static let homoplasmic = "LA6704-6"
        /// Germline (LA6683-2).
        public static let germline = "LA6683-2"
        /// Fetal (LA10429-1).
        public static let fetal = "LA10429-1"
        /// NIPT panel (73967-2).
        public static let niptPanel = "73967-2"
        /// Fetal trisomy 21 risk (73970-6).
        public static let trisomy21Risk = "73970-6"
        /// Fetal trisomy 18 risk (73968-0, unverified in HEALTH-FACTS.md).
        public static let trisomy18Risk = "73968-0"
        /// Fetal trisomy 13 risk (73969-8).
        public static let trisomy13Risk = "73969-8"
        /// Fetal sex chromosome aneuploidy risk (73821-1).
        public static let sexChromosomeRisk = "73821-1"
        /// Fetal chromosome 21 trisomy by sequencing, qualitative (77011-5).
        public static let trisomy21Qualitative = "77011-5"
        /// Fetal chromosome 18 trisomy by sequencing, qualitative (77012-3).
        public static let trisomy18Qualitative = "77012-3"
        /// Fetal fraction (75605-6).
        public static let fetalFraction = "75605-6"
        /// Not reportable (LA22730-8).
        public static let notReportable = "LA22730-8"
    }
}
