/// The kind of a panel variant, in VCF convention (indels carry one anchor base before the event).
extension Screening {
    public enum VariantKind: String, Codable, Sendable, CaseIterable {
        /// A single-nucleotide variant: REF and ALT are one base each.
        case snv
        /// A deletion: REF is the anchor base followed by the deleted bases, ALT is the anchor base.
        case deletion
        /// An insertion: REF is the anchor base, ALT is the anchor base followed by the inserted bases.
        case insertion
        /// A multi-nucleotide substitution: REF and ALT have the same length (> 1).
        case mnv

        /// Infers the kind from VCF REF/ALT strings, or `nil` when they fit no kind (e.g. a complex indel).
        /// - Parameters:
        ///   - reference: the REF allele (uppercase A/C/G/T).
        ///   - alternate: the ALT allele (uppercase A/C/G/T).
        /// - Returns: the kind, or `nil`.
        public static func infer(reference: String, alternate: String) -> VariantKind? {
            let r = Array(reference.utf8), a = Array(alternate.utf8)
            if r.count == 1 && a.count == 1 { return r == a ? nil : .snv }
            if r.count == a.count { return r == a ? nil : .mnv }
            if a.count == 1 && r.count > 1 && r[0] == a[0] { return .deletion }
            if r.count == 1 && a.count > 1 && r[0] == a[0] { return .insertion }
            return nil
        }
    }

    /// How a variant is inherited; decides the wording of a finding.
    public enum Inheritance: String, Codable, Sendable {
        /// Autosomal recessive: one copy makes a carrier.
        case autosomalRecessive = "AR"
        /// Autosomal dominant.
        case autosomalDominant = "AD"
        /// X-linked.
        case xLinked = "XL"
        /// Mitochondrial (maternal): reported as a heteroplasmy fraction, not a diploid genotype.
        case mitochondrial = "mitochondrial"
    }

    /// One panel site: a known variant at a fixed position.
    ///
    /// `position` is 1-based (VCF POS); `reference` and `alternate` are in VCF convention and left-aligned.
    public struct Site: Codable, Sendable, Hashable {
        /// A unique identifier within the panel (e.g. `GJB2_c.235delC`).
        public var id: String
        /// The HGNC gene symbol (e.g. `GJB2`, `MT-RNR1`).
        public var gene: String
        /// The transcript the HGVS names refer to (e.g. `NM_004004.6`).
        public var transcript: String
        /// The HGVS c. (or m.) name (e.g. `c.235del`).
        public var hgvsC: String
        /// The HGVS p. name, or `.` when there is none.
        public var hgvsP: String
        /// The dbSNP identifier, or `.` when unknown.
        public var rsID: String
        /// The genome build (`GRCh38` or `GRCh37`).
        public var build: String
        /// The chromosome name as in the reference (e.g. `chr13`, `chrM`).
        public var chromosome: String
        /// The 1-based position of the first REF base (VCF POS).
        public var position: Int
        /// The REF allele (uppercase A/C/G/T).
        public var reference: String
        /// The ALT allele (uppercase A/C/G/T).
        public var alternate: String
        /// The variant kind.
        public var kind: VariantKind
        /// The clinical significance (e.g. `pathogenic`).
        public var clinicalSignificance: String
        /// The inheritance mode.
        public var inheritance: Inheritance
        /// The condition or advice a positive finding is reported with.
        public var reportWording: String
        /// Where the site's facts come from.
        public var source: String

        /// Creates a site.
        public init(id: String, gene: String, transcript: String, hgvsC: String, hgvsP: String, rsID: String,
                    build: String, chromosome: String, position: Int, reference: String, alternate: String,
                    kind: VariantKind, clinicalSignificance: String, inheritance: Inheritance,
                    reportWording: String, source: String) {
            self.id = id; self.gene = gene; self.transcript = transcript; self.hgvsC = hgvsC; self.hgvsP = hgvsP
            self.rsID = rsID; self.build = build; self.chromosome = chromosome; self.position = position
            self.reference = reference; self.alternate = alternate; self.kind = kind
            self.clinicalSignificance = clinicalSignificance; self.inheritance = inheritance
            self.reportWording = reportWording; self.source = source
        }

        /// True for sites on the mitochondrial genome (reported as heteroplasmy, not as a diploid genotype).
        public var isMitochondrial: Bool {
            inheritance == .mitochondrial || Screening.isMitochondrial(chromosome: chromosome)
        }

        /// The last reference base the site covers (1-based, inclusive).
        public var referenceEnd: Int { position + reference.utf8.count - 1 }

        /// A short display name: `GJB2 c.235del`.
        public var displayName: String { "\(gene) \(hgvsC)" }
    }

    /// True for the usual names of the mitochondrial contig (`chrM`, `MT`, `M`, `chrMT`).
    public static func isMitochondrial(chromosome: String) -> Bool {
        ["chrM", "MT", "M", "chrMT"].contains(chromosome)
    }
}
