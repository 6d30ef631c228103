import Crypto
import Foundation

extension Genomics {
    /// One built resource: its type, id and JSON (without `meta`; the store adds version and time).
    public struct BuiltResource: Sendable {
        /// The resource type.
        public var type: String
        /// The logical id.
        public var id: String
        let body: JSONEmitter
        /// The resource JSON (without `meta.versionId`/`lastUpdated`).
        public var json: Data { body.encoded() }

        /// The JSON with the store's version stamp.
        func json(versionId: Int, lastUpdated: String) -> Data { body.withMeta(versionId: versionId, lastUpdated: lastUpdated).encoded() }
    }

    /// Builds Genomics Reporting resources for a patient: a DiagnosticReport (category `GE`) whose `result`
    /// lists an overall-interpretation Observation (51968-6) and one variant Observation (69548-6) per panel
    /// site, valued Present/Absent (or No call) with the allelic state; for NIPT, one Observation per
    /// chromosome assessed and the fetal fraction (75605-6).
    ///
    /// Ids are derived from the patient and the sample id, so attaching the same result twice updates rather than
    /// duplicates, and one sample id used for two patients gives two separate reports.
    public struct ReportBuilder: Sendable {
        /// The store id of the patient the results belong to.
        public var patientID: String
        /// The issue time written as `effectiveDateTime` / `issued` (an instant).
        public var issued: String

        /// HGNC ids of genes on the bundled deafness panels (HEALTH-FACTS.md section 2).
        static let hgnc = ["GJB2": "HGNC:4284", "SLC26A4": "HGNC:8818", "MT-RNR1": "HGNC:7470", "GJB3": "HGNC:4285"]

        /// Creates a builder.
        public init(patientID: String, issued: String) {
            self.patientID = patientID
            self.issued = issued
        }

        /// The resources for a panel result: variant Observations, the overall interpretation, then the report.
        public func resources(for result: PanelResult) -> [BuiltResource] {
            let base = resultID(prefix: "gen", sampleID: result.sampleID)
            var out: [BuiltResource] = []
            var resultRefs: [JSONEmitter] = []
            let interpretationCode: (String, String)
            if result.status != "ok" {
                interpretationCode = (Code.failure, "Failure")
            } else if result.sites.contains(where: { $0.called && $0.present }) {
                interpretationCode = (Code.positive, "Positive")
            } else if result.sites.contains(where: { !$0.called }) {
                interpretationCode = (Code.inconclusive, "Inconclusive")
            } else {
                interpretationCode = (Code.negative, "Negative")
            }
            let overallID = base + "-overall"
            out.append(observation(id: overallID, code: .loinc(Code.overallInterpretation, "Genetic analysis overall interpretation"),
                                   value: [("valueCodeableConcept", .concept([.coding("http://loinc.org", interpretationCode.0, interpretationCode.1)]))],
                                   components: []))
            resultRefs.append(.object([("reference", .string("Observation/" + overallID))]))
            for (index, site) in result.sites.enumerated() {
                let id = base + "-v\(index + 1)"
                out.append(variant(id: id, site: site, build: result.build))
                resultRefs.append(.object([("reference", .string("Observation/" + id))]))
            }
            var report: [(String, JSONEmitter)] = [
                ("resourceType", .string("DiagnosticReport")), ("id", .string(base)),
                ("meta", .object([("profile", .array([.string("http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/genomic-report")]))])),
                ("identifier", .array([.object([("system", .string("urn:gx:sample")), ("value", .string(result.sampleID))])])),
                ("status", .string(result.status == "ok" ? "final" : "cancelled")),
                ("category", .array([.concept([.coding("http://terminology.hl7.org/CodeSystem/v2-0074", "GE", "Genetics")])])),
                ("code", .concept([.coding("http://loinc.org", "51969-4", "Genetic analysis report")], text: result.panel)),
                ("subject", .object([("reference", .string("Patient/" + patientID))])),
                ("effectiveDateTime", .string(issued)), ("issued", .string(issued)),
                ("result", .array(resultRefs)),
            ]
            let conclusion = result.status == "ok"
                ? (result.findings.isEmpty ? "No variant of the panel was found at the sites that could be called." : result.findings.joined(separator: "\n"))
                : "The sample could not be screened: " + (result.error ?? "unknown error")
            report.append(("conclusion", .string(conclusion)))
            report.append(("conclusionCode", .array([.concept([.coding("http://loinc.org", interpretationCode.0, interpretationCode.1)])])))
            out.append(BuiltResource(type: "DiagnosticReport", id: base, body: JSONEmitter.object(report)))
            return out
        }

        /// The resources for a NIPT result: per-chromosome Observations, fetal fraction, overall interpretation,
        /// then the report (code 73967-2).
        public func resources(for result: NIPTResult) -> [BuiltResource] {
            let base = resultID(prefix: "nipt", sampleID: result.sampleID)
            var out: [BuiltResource] = []
            var refs: [JSONEmitter] = []
            var anyPositive = false, anyNoCall = false
            for assessment in result.chromosomes {
                let name = assessment.name.hasPrefix("chr") ? String(assessment.name.dropFirst(3)) : assessment.name
                let code: (String, String) = switch name {
                case "21": (Code.trisomy21Qualitative, "Fetal chromosome 21 trisomy [Presence] in Plasma cell-free DNA by Sequencing")
                case "18": (Code.trisomy18Qualitative, "Fetal chromosome 18 trisomy [Presence] in Plasma cell-free DNA by Sequencing")
                case "13": (Code.trisomy13Risk, "Fetal trisomy 13 risk in Plasma cell-free DNA")
                default: (Code.sexChromosomeRisk, "Fetal chromosome X and Y aneuploidy risk in Plasma cell-free DNA")
                }
                let call = assessment.call.lowercased()
                let answer: (String, String)
                if call.hasPrefix("pos") || call.contains("high") || call.contains("trisomy") || call.contains("aneuploid") {
                    answer = (Code.positive, "Positive"); anyPositive = true
                } else if call.hasPrefix("neg") || call.contains("low") || call == "euploid" || call == "normal" {
                    answer = (Code.negative, "Negative")
                } else {
                    answer = (Code.notReportable, "Not reportable"); anyNoCall = true
                }
                var components: [JSONEmitter] = []
                if let z = assessment.zScore {
                    components.append(.object([("code", .concept([], text: "z-score")), ("valueQuantity", .object([("value", .decimal(z, digits: 3))]))]))
                }
                let id = base + "-chr" + Self.idFragment(name)
                out.append(observation(id: id, code: .loinc(code.0, code.1),
                                       value: [("valueCodeableConcept", .concept([.coding("http://loinc.org", answer.0, answer.1)]))],
                                       components: components, text: "chromosome \(name)"))
                refs.append(.object([("reference", .string("Observation/" + id))]))
            }
            if let fraction = result.fetalFraction {
                let id = base + "-ff"
                out.append(observation(id: id, code: .loinc(Code.fetalFraction, "Fetal fraction"),
                                       value: [("valueQuantity", .object([("value", .decimal(fraction * 100, digits: 2)), ("unit", .string("%")),
                                                                          ("system", .string("http://unitsofmeasure.org")), ("code", .string("%"))]))],
                                       components: []))
                refs.append(.object([("reference", .string("Observation/" + id))]))
            }
            let overall: (String, String) = result.status != "ok" ? (Code.failure, "Failure")
                : anyPositive ? (Code.positive, "Positive") : anyNoCall ? (Code.inconclusive, "Inconclusive") : (Code.negative, "Negative")
            let overallID = base + "-overall"
            out.append(observation(id: overallID, code: .loinc(Code.overallInterpretation, "Genetic analysis overall interpretation"),
                                   value: [("valueCodeableConcept", .concept([.coding("http://loinc.org", overall.0, overall.1)]))], components: []))
            refs.insert(.object([("reference", .string("Observation/" + overallID))]), at: 0)
            let report: [(String, JSONEmitter)] = [
                ("resourceType", .string("DiagnosticReport")), ("id", .string(base)),
                ("identifier", .array([.object([("system", .string("urn:gx:sample")), ("value", .string(result.sampleID))])])),
                ("status", .string(result.status == "ok" ? "final" : "cancelled")),
                ("category", .array([.concept([.coding("http://terminology.hl7.org/CodeSystem/v2-0074", "GE", "Genetics")])])),
                ("code", .loinc(Code.niptPanel, "Noninvasive prenatal fetal aneuploidy panel")),
                ("subject", .object([("reference", .string("Patient/" + patientID))])),
                ("effectiveDateTime", .string(issued)), ("issued", .string(issued)),
                ("result", .array(refs)),
                ("conclusionCode", .array([.concept([.coding("http://loinc.org", overall.0, overall.1)])])),
            ]
            out.append(BuiltResource(type: "DiagnosticReport", id: base, body: JSONEmitter.object(report)))
            return out
        }

        private func variant(id: String, site: SiteFinding, build: String) -> BuiltResource {
            let value: (String, String) = !site.called ? (Code.noCall, "No call") : site.present ? (Code.present, "Present") : (Code.absent, "Absent")
            var components: [JSONEmitter] = []
            func component(_ code: String, _ display: String, _ value: (String, JSONEmitter)) {
                components.append(.object([("code", .loinc(code, display)), value]))
            }
            var geneCodings: [JSONEmitter] = []
            if let hgnc = Self.hgnc[site.gene] { geneCodings.append(.coding("http://www.genenames.org/geneId", hgnc, site.gene)) }
            component(Code.geneStudied, "Gene studied [ID]", ("valueCodeableConcept", .concept(geneCodings, text: site.gene)))
            let cName = site.transcript.isEmpty ? site.hgvsC : site.transcript + ":" + site.hgvsC
            component(Code.cHGVS, "DNA change (c.HGVS)",
                      ("valueCodeableConcept", .concept([.coding("http://varnomen.hgvs.org", cName)])))
            if !site.hgvsP.isEmpty && site.hgvsP != "." {
                component(Code.pHGVS, "Amino acid change (pHGVS)", ("valueCodeableConcept", .concept([.coding("http://varnomen.hgvs.org", site.hgvsP)])))
            }
            if !site.transcript.isEmpty {
                component(Code.transcript, "Transcript reference sequence [ID]", ("valueCodeableConcept", .concept([.coding("http://www.ncbi.nlm.nih.gov/refseq", site.transcript)])))
            }
            if !site.rsID.isEmpty && site.rsID != "." {
                component(Code.variationCode, "Variation code", ("valueCodeableConcept", .concept([.coding("http://www.ncbi.nlm.nih.gov/projects/SNP", site.rsID)])))
            }
            let chromosome = site.chromosome.hasPrefix("chr") ? String(site.chromosome.dropFirst(3)) : site.chromosome
            component(Code.chromosome, "Chromosome [Identifier] in Blood or Tissue by Molecular genetics method",
                      ("valueCodeableConcept", .concept([], text: chromosome == "M" ? "MT" : chromosome)))
            component(Code.exactStartEnd, "Variant exact start-end",
                      ("valueRange", .object([("low", .object([("value", .number(String(site.position)))])),
                                              ("high", .object([("value", .number(String(site.position + max(site.reference.count, 1) - 1)))]))])))
            component(Code.referenceAllele, "Genomic ref allele [ID]", ("valueString", .string(site.reference)))
            component(Code.alternateAllele, "Genomic alt allele [ID]", ("valueString", .string(site.alternate)))
            let assembly: (String, String) = build.uppercased().contains("37") ? ("LA14029-5", "GRCh37") : ("LA26806-2", "GRCh38")
            component(Code.referenceAssembly, "Human reference sequence assembly version",
                      ("valueCodeableConcept", .concept([.coding("http://loinc.org", assembly.0, assembly.1)])))
            component(Code.sourceClass, "Genomic source class [Type]",
                      ("valueCodeableConcept", .concept([.coding("http://loinc.org", Code.germline, "Germline")])))
            if site.called && site.present, let state = Self.allelicState(site.zygosity) {
                component(Code.allelicState, "Allelic state", ("valueCodeableConcept", .concept([.coding("http://loinc.org", state.0, state.1)])))
            }
            if let fraction = site.alleleFraction {
                component(Code.alleleFrequency, "Sample variant allelic frequency [NFr]", ("valueQuantity", .object([("value", .decimal(fraction)), ("system", .string("http://unitsofmeasure.org")), ("code", .string("1"))])))
            }
            component(Code.readDepth, "Allelic read depth", ("valueQuantity", .object([("value", .number(String(site.depth))), ("system", .string("http://unitsofmeasure.org")), ("code", .string("1"))])))
            return observation(id: id, code: .loinc(Code.variant, "Genetic variant assessment"),
                               value: [("valueCodeableConcept", .concept([.coding("http://loinc.org", value.0, value.1)]))],
                               components: components, profile: "http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant")
        }

        static func allelicState(_ zygosity: String?) -> (String, String)? {
            switch zygosity {
            case "heterozygous": (Code.heterozygous, "Heterozygous")
            case "homozygous_alternate", "homozygous": (Code.homozygous, "Homozygous")
            case "heteroplasmic": (Code.heteroplasmic, "Heteroplasmic")
            case "homoplasmic": (Code.homoplasmic, "Homoplasmic")
            default: nil
            }
        }

        private func observation(id: String, code: JSONEmitter, value: [(String, JSONEmitter)], components: [JSONEmitter],
                                 text: String? = nil, profile: String? = nil) -> BuiltResource {
            var fields: [(String, JSONEmitter)] = [("resourceType", .string("Observation")), ("id", .string(id))]
            if let profile { fields.append(("meta", .object([("profile", .array([.string(profile)]))]))) }
            fields += [
                ("status", .string("final")),
                ("category", .array([.concept([.coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")])])),
                ("code", code),
                ("subject", .object([("reference", .string("Patient/" + patientID))])),
                ("effectiveDateTime", .string(issued)),
            ]
            fields += value
            if let text { fields.append(("note", .array([.object([("text", .string(text))])]))) }
            if !components.isEmpty { fields.append(("component", .array(components))) }
            return BuiltResource(type: "Observation", id: id, body: JSONEmitter.object(fields))
        }

        /// Turns a sample id into characters allowed in a FHIR id (`[A-Za-z0-9-.]`), at most 40 of them.
        /// The id of a result's report (its Observations add suffixes): readable (the sample id's letters) and unique
        /// per patient and exact sample id (a SHA-256 of both), so the same sample id attached to two patients, or two
        /// sample ids that differ only in punctuation or beyond the readable part, never share resources; attaching
        /// the same result to the same patient again updates them.
        func resultID(prefix: String, sampleID: String) -> String {
            let digest = SHA256.hash(data: Data((patientID + "\u{1}" + sampleID).utf8))
            let hex = digest.prefix(8).map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
            return prefix + "-" + Self.idFragment(sampleID, limit: 24) + "-" + hex.joined()
        }

        static func idFragment(_ text: String, limit: Int = 40) -> String {
            let mapped = text.unicodeScalars.map { scalar -> Character in
                let c = Character(scalar)
                return (c.isASCII && (c.isLetter || c.isNumber)) || c == "-" || c == "." ? c : "-"
            }
            return String(String(mapped).prefix(limit))
        }
    }
}
