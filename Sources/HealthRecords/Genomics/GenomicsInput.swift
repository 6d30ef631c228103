extension Genomics {
    /// One panel site's result: which variant, whether it was found, and the allelic state.
    public struct SiteFinding: Sendable, Hashable, Codable {
        /// HGNC gene symbol (`GJB2`).
        public var gene: String
        /// Transcript of the HGVS names (`NM_004004.6`), may be empty.
        public var transcript: String
        /// HGVS c./m. name (`c.235del`).
        public var hgvsC: String
        /// HGVS p. name, `.` or empty when none.
        public var hgvsP: String
        /// dbSNP id, `.` or empty when unknown.
        public var rsID: String
        /// Chromosome name (`chr13`, `chrM`).
        public var chromosome: String
        /// 1-based position of the first REF base (VCF POS).
        public var position: Int
        /// REF allele.
        public var reference: String
        /// ALT allele.
        public var alternate: String
        /// False for a no-call.
        public var called: Bool
        /// True when the variant allele was found.
        public var present: Bool
        /// `heterozygous`, `homozygous_alternate`, `homozygous_reference`, `heteroplasmic`, `homoplasmic`,
        /// `not_detected`, or nil.
        public var zygosity: String?
        /// Reads at the site.
        public var depth: Int
        /// Fraction of reads carrying ALT (0…1), when known.
        public var alleleFraction: Double?
        /// True for mitochondrial sites.
        public var mitochondrial: Bool

        /// Creates a site finding.
        public init(gene: String, transcript: String, hgvsC: String, hgvsP: String, rsID: String, chromosome: String,
                    position: Int, reference: String, alternate: String, called: Bool, present: Bool,
                    zygosity: String?, depth: Int, alleleFraction: Double?, mitochondrial: Bool) {
            self.gene = gene; self.transcript = transcript; self.hgvsC = hgvsC; self.hgvsP = hgvsP; self.rsID = rsID
            self.chromosome = chromosome; self.position = position; self.reference = reference; self.alternate = alternate
            self.called = called; self.present = present; self.zygosity = zygosity; self.depth = depth
            self.alleleFraction = alleleFraction; self.mitochondrial = mitochondrial
        }
    }

    /// A targeted panel result for one sample (e.g. the hereditary-deafness hot-spot screen).
    public struct PanelResult: Sendable, Hashable, Codable {
        /// The lab's sample id.
        public var sampleID: String
        /// The panel name.
        public var panel: String
        /// Genome build (`GRCh38` or `GRCh37`).
        public var build: String
        /// `ok` or `failed`.
        public var status: String
        /// Why the sample failed, when it did.
        public var error: String?
        /// The sites, in panel order.
        public var sites: [SiteFinding]
        /// Findings in words (the report's conclusion).
        public var findings: [String]

        /// Creates a panel result.
        public init(sampleID: String, panel: String, build: String, status: String, error: String? = nil,
                    sites: [SiteFinding], findings: [String]) {
            self.sampleID = sampleID; self.panel = panel; self.build = build; self.status = status; self.error = error
            self.sites = sites; self.findings = findings
        }
    }

    /// A non-invasive prenatal test (cfDNA) result for one sample.
    public struct NIPTResult: Sendable, Hashable, Codable {
        /// One chromosome's assessment.
        public struct Chromosome: Sendable, Hashable, Codable {
            /// `21`, `18`, `13`, `X`, `Y` (with or without `chr`).
            public var name: String
            /// The z-score against the reference set.
            public var zScore: Double?
            /// `negative`, `positive` (high risk), `no_call` / `not_reportable`.
            public var call: String
            /// Creates an assessment.
            public init(name: String, zScore: Double?, call: String) { self.name = name; self.zScore = zScore; self.call = call }
        }
        /// The lab's sample id.
        public var sampleID: String
        /// `ok` or `failed`.
        public var status: String
        /// Fetal fraction (0…1), when estimated.
        public var fetalFraction: Double?
        /// Per-chromosome assessments.
        public var chromosomes: [Chromosome]
        /// Creates a NIPT result.
        public init(sampleID: String, status: String, fetalFraction: Double?, chromosomes: [Chromosome]) {
            self.sampleID = sampleID; self.status = status; self.fetalFraction = fetalFraction; self.chromosomes = chromosomes
        }
    }
}
