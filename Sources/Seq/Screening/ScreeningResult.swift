import Foundation

extension Screening {
    /// The result at one panel site for one sample (schema in `docs/screening.md`, JSON key = property name).
    public struct SiteResult: Codable, Sendable, Equatable {
        /// The panel site id.
        public var siteID: String
        /// Gene symbol.
        public var gene: String
        /// Transcript of the HGVS names.
        public var transcript: String
        /// HGVS c./m. name.
        public var hgvsC: String
        /// HGVS p. name or `.`.
        public var hgvsP: String
        /// dbSNP id or `.`.
        public var rsID: String
        /// Chromosome.
        public var chromosome: String
        /// 1-based VCF position.
        public var position: Int
        /// REF allele.
        public var reference: String
        /// ALT allele.
        public var alternate: String
        /// True for mitochondrial sites (heteroplasmy instead of a diploid genotype).
        public var mitochondrial: Bool
        /// `called` or `no_call`.
        public var status: String
        /// The diploid genotype (`0/0`, `0/1`, `1/1`) when called; `nil` for mitochondrial sites and no-calls.
        public var genotype: String?
        /// In words: `homozygous_reference`, `heterozygous`, `homozygous_alternate`, `not_detected`,
        /// `heteroplasmic`, `homoplasmic`; `nil` for a no-call.
        public var zygosity: String?
        /// The maximum-posterior genotype even for a no-call (nuclear sites only).
        public var mostLikelyGenotype: String?
        /// Genotype quality (nuclear sites), phred, capped at 99.
        public var genotypeQuality: Int?
        /// Phred-scaled likelihoods 0/0, 0/1, 1/1 (nuclear sites).
        public var phredLikelihoods: [Int]?
        /// Heteroplasmy (mitochondrial sites).
        public var heteroplasmy: HeteroplasmyCall?
        /// Reads counted at the site (REF + ALT + other): VCF DP.
        public var depth: Int
        /// Reads supporting REF.
        public var referenceDepth: Int
        /// Reads supporting ALT.
        public var alternateDepth: Int
        /// Reads with another allele.
        public var otherDepth: Int
        /// Per-strand allele counts: [ref forward, ref reverse, alt forward, alt reverse].
        public var strandCounts: [Int]
        /// Reads dropped by the filters (MAPQ, BQ, duplicates, secondary/QC-fail).
        public var filteredReads: Int
        /// Why the site is a no-call, when it is.
        public var noCallReason: String?
        /// True when the variant allele was found (heterozygous, homozygous, or heteroplasmy detected).
        public var positive: Bool

        /// Builds the result of one site from its evidence under a model.
        /// - Parameters:
        ///   - site: the panel site.
        ///   - evidence: the reads observed.
        ///   - model: the genotype model.
        public init(site: Site, evidence: SiteEvidence, model: GenotypeModel) {
            siteID = site.id; gene = site.gene; transcript = site.transcript; hgvsC = site.hgvsC; hgvsP = site.hgvsP
            rsID = site.rsID; chromosome = site.chromosome; position = site.position
            reference = site.reference; alternate = site.alternate; mitochondrial = site.isMitochondrial
            depth = evidence.depth; referenceDepth = evidence.referenceCount; alternateDepth = evidence.alternateCount
            otherDepth = evidence.otherCount; filteredReads = evidence.filteredCount
            strandCounts = [evidence.referenceForward, evidence.referenceReverse, evidence.alternateForward, evidence.alternateReverse]
            if site.isMitochondrial {
                let call = model.callHeteroplasmy(evidence)
                heteroplasmy = call
                status = call.status == .noCall ? "no_call" : "called"
                zygosity = call.status == .noCall ? nil : call.status.rawValue
                noCallReason = call.noCallReason
                positive = call.detected
            } else {
                let call = model.callDiploid(evidence)
                genotype = call.genotype?.rawValue
                mostLikelyGenotype = call.mostLikely.rawValue
                genotypeQuality = call.genotypeQuality
                phredLikelihoods = call.phredLikelihoods
                status = call.genotype == nil ? "no_call" : "called"
                zygosity = call.genotype.map {
                    switch $0 {
                    case .homozygousReference: "homozygous_reference"
                    case .heterozygous: "heterozygous"
                    case .homozygousAlternate: "homozygous_alternate"
                    }
                }
                noCallReason = call.noCallReason
                positive = (call.genotype?.alternateCount ?? 0) > 0
            }
        }

        /// True when the site was called.
        public var isCalled: Bool { status == "called" }
    }

    /// A finding in words, per gene, for the report.
    public struct Finding: Codable, Sendable, Equatable {
        /// `carrier`, `affected_likely`, `compound_heterozygous_possible`, `dominant`, `mitochondrial_risk`.
        public var category: String
        /// The gene.
        public var gene: String
        /// The site ids involved.
        public var siteIDs: [String]
        /// The sentence a counsellor reads (e.g. "GJB2 c.235del heterozygous: carrier of …").
        public var text: String
    }

    /// Quality-control figures for one sample.
    public struct SampleQC: Codable, Sendable, Equatable {
        /// Sites in the panel.
        public var sitesTested: Int
        /// Sites with a call.
        public var sitesCalled: Int
        /// Sites without a call.
        public var sitesNoCall: Int
        /// Smallest depth over the sites.
        public var minimumDepth: Int
        /// Median depth over the sites.
        public var medianDepth: Double
        /// Reads (FASTQ records or alignments) read for this sample.
        public var readsProcessed: Int
        /// Wall time of the genotyping, seconds.
        public var seconds: Double
    }

    /// Everything screened for one sample: the JSON result (`schema` = `gx.screening.result/1`).
    public struct SampleResult: Codable, Sendable {
        /// The schema id and version.
        public var schema = "gx.screening.result/1"
        /// The sample id (as given; use a pseudonym for personal data).
        public var sampleID: String
        /// `ok` or `failed`.
        public var status: String
        /// The error when `failed`.
        public var error: String?
        /// The panel name.
        public var panel: String
        /// The panel origin (`bundled:NAME` or path).
        public var panelOrigin: String
        /// The genome build.
        public var build: String
        /// `bam` (alignment pileup) or `fastq` (allele-specific k-mers).
        public var method: String
        /// The input files.
        public var inputs: [String]
        /// The model settings used.
        public var model: GenotypeModel
        /// Per-site results, in panel order (empty when failed).
        public var sites: [SiteResult]
        /// Findings in words.
        public var findings: [Finding]
        /// QC figures.
        public var qc: SampleQC?
        /// gx version.
        public var software: String = "gx \(Screening.version)"
        /// Contig lengths of the input (BAM header), for the VCF `##contig` lines; empty for FASTQ.
        public var contigLengths: [String: Int] = [:]

        /// Creates a result from per-site evidence.
        public init(sampleID: String, panel: Panel, method: String, inputs: [String], model: GenotypeModel,
                    evidence: [SiteEvidence], readsProcessed: Int, seconds: Double) {
            self.sampleID = sampleID; status = "ok"; self.panel = panel.name; panelOrigin = panel.origin
            build = panel.build; self.method = method; self.inputs = inputs; self.model = model
            sites = zip(panel.sites, evidence).map { SiteResult(site: $0, evidence: $1, model: model) }
            findings = Self.findings(panel: panel, sites: sites)
            let depths = sites.map(\.depth).sorted()
            let median = depths.isEmpty ? 0 : depths.count % 2 == 1 ? Double(depths[depths.count / 2])
                : Double(depths[depths.count / 2 - 1] + depths[depths.count / 2]) / 2
            qc = SampleQC(sitesTested: sites.count, sitesCalled: sites.filter(\.isCalled).count,
                          sitesNoCall: sites.filter { !$0.isCalled }.count, minimumDepth: depths.first ?? 0,
                          medianDepth: median, readsProcessed: readsProcessed, seconds: seconds)
        }

        /// A failed sample (unreadable input, wrong build, bad panel): the error is kept, nothing else.
        public init(failedSampleID sampleID: String, panel: Panel, method: String, inputs: [String],
                    model: GenotypeModel, error: String) {
            self.sampleID = sampleID; status = "failed"; self.error = error; self.panel = panel.name
            panelOrigin = panel.origin; build = panel.build; self.method = method; self.inputs = inputs
            self.model = model; sites = []; findings = []; qc = nil
        }

        /// The findings in words: per gene, by inheritance.
        static func findings(panel: Panel, sites: [SiteResult]) -> [Finding] {
            var out: [Finding] = []
            var genes: [String] = []
            for s in panel.sites where !genes.contains(s.gene) { genes.append(s.gene) }
            for gene in genes {
                let pairs = zip(panel.sites, sites).filter { $0.0.gene == gene && $0.1.positive }
                guard !pairs.isEmpty else { continue }
                let wording = pairs[0].0.reportWording
                if pairs[0].0.isMitochondrial {
                    for (site, result) in pairs {
                        let fraction = result.heteroplasmy.map { String(format: "%.0f%%", $0.fraction * 100) } ?? "?"
                        out.append(Finding(category: "mitochondrial_risk", gene: gene, siteIDs: [site.id],
                                           text: "\(site.displayName) detected (\(result.zygosity ?? "present"), heteroplasmy \(fraction)): \(site.reportWording)"))
                    }
                    continue
                }
                let homozygous = pairs.filter { $0.1.genotype == "1/1" }
                let heterozygous = pairs.filter { $0.1.genotype == "0/1" }
                let inheritance = pairs[0].0.inheritance
                if inheritance == .autosomalRecessive {
                    for (site, _) in homozygous {
                        out.append(Finding(category: "affected_likely", gene: gene, siteIDs: [site.id],
                                           text: "\(site.displayName) homozygous: two pathogenic copies, consistent with \(wording); confirm and refer for genetic counselling"))
                    }
                    if heterozygous.count >= 2 {
                        out.append(Finding(category: "compound_heterozygous_possible", gene: gene, siteIDs: heterozygous.map(\.0.id),
                                           text: "\(heterozygous.map(\.0.displayName).joined(separator: " and ")) heterozygous: possible compound heterozygote (phase unknown), consistent with \(wording) if on different copies; confirm phase (parental testing)"))
                    } else if let (site, _) = heterozygous.first {
                        out.append(Finding(category: homozygous.isEmpty ? "carrier" : "affected_likely", gene: gene, siteIDs: [site.id],
                                           text: "\(site.displayName) heterozygous: carrier of \(wording)"))
                    }
                } else {
                    for (site, result) in pairs {
                        out.append(Finding(category: "dominant", gene: gene, siteIDs: [site.id],
                                           text: "\(site.displayName) \(result.zygosity ?? ""): \(site.clinicalSignificance), \(wording) (\(inheritance.rawValue))"))
                    }
                }
            }
            return out
        }

        /// Pretty-printed JSON.
        public func json() throws -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(self)
        }
    }

    /// The library version written into results.
    public static let version = "0.1.0"
}
