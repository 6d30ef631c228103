import Foundation
import Testing
@testable import HealthRecords

@Suite struct GenomicsReportTests {
    func site(_ gene: String, _ hgvs: String, called: Bool = true, present: Bool, zygosity: String?) -> Genomics.SiteFinding {
        Genomics.SiteFinding(gene: gene, transcript: "NM_004004.6", hgvsC: hgvs, hgvsP: ".", rsID: "rs80338939",
                             chromosome: "chr13", position: 20189547, reference: "AC", alternate: "A", called: called,
                             present: present, zygosity: zygosity, depth: 40, alleleFraction: present ? 0.5 : 0, mitochondrial: false)
    }

    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func panelResultBecomesReportVariantsAndInterpretation() throws {
        let result = Genomics.PanelResult(sampleID: "S01", panel: "deafness-9", build: "GRCh38", status: "ok",
                                          sites: [site("GJB2", "c.235del", present: true, zygosity: "heterozygous"),
                                                  site("SLC26A4", "c.919-2A>G", present: false, zygosity: "homozygous_reference")],
                                          findings: ["GJB2 c.235del heterozygous: carrier"])
        let resources = Genomics.ReportBuilder(patientID: "p1", issued: "2026-01-01T00:00:00Z").resources(for: result)
        #expect(resources.map(\.type) == ["Observation", "Observation", "Observation", "DiagnosticReport"])
        let overall = try object(resources[0].json)
        #expect(((overall["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "51968-6")
        #expect(((overall["valueCodeableConcept"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "LA6576-8")
        let v1 = try object(resources[1].json), v2 = try object(resources[2].json)
        #expect(((v1["valueCodeableConcept"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "LA9633-4")
        #expect(((v2["valueCodeableConcept"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "LA9634-2")
        let components = try #require(v1["component"] as? [[String: Any]])
        let codes = components.compactMap { (($0["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String }
        #expect(codes.contains("53034-5") && codes.contains("48018-6") && codes.contains("48004-6"))
        let state = components.first { (($0["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "53034-5" }
        #expect(((state?["valueCodeableConcept"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "LA6706-1")
        let report = try object(resources[3].json)
        #expect((report["result"] as? [[String: Any]])?.count == 3)
        #expect((report["subject"] as? [String: Any])?["reference"] as? String == "Patient/p1")
    }

    @Test func negativeAndInconclusivePanels() throws {
        func overall(_ sites: [Genomics.SiteFinding]) throws -> String? {
            let r = Genomics.PanelResult(sampleID: "S", panel: "p", build: "GRCh38", status: "ok", sites: sites, findings: [])
            let json = try object(Genomics.ReportBuilder(patientID: "p", issued: "2026-01-01T00:00:00Z").resources(for: r)[0].json)
            return ((json["valueCodeableConcept"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String
        }
        #expect(try overall([site("GJB2", "c.235del", present: false, zygosity: "homozygous_reference")]) == "LA6577-6")
        #expect(try overall([site("GJB2", "c.235del", called: false, present: false, zygosity: nil)]) == "LA9663-1")
    }

    @Test func niptResultHasChromosomeCallsAndFetalFraction() throws {
        let result = Genomics.NIPTResult(sampleID: "N1", status: "ok", fetalFraction: 0.083,
                                         chromosomes: [.init(name: "chr21", zScore: 4.2, call: "positive"),
                                                       .init(name: "18", zScore: 0.3, call: "negative")])
        let resources = Genomics.ReportBuilder(patientID: "p", issued: "2026-01-01T00:00:00Z").resources(for: result)
        let texts = resources.map { String(decoding: $0.json, as: UTF8.self) }
        #expect(texts.contains { $0.contains("77011-5") && $0.contains("LA6576-8") && $0.contains("4.2") })
        #expect(texts.contains { $0.contains("77012-3") && $0.contains("LA6577-6") })
        #expect(texts.contains { $0.contains("75605-6") && $0.contains("8.3") })
        #expect(texts.last!.contains("73967-2"))
    }

    @Test func aNIPTNoCallIsAFailedTestNotAnInconclusiveResult() throws {
        // `gxtool nipt` writes status "low risk" / "high risk" / "no call" (QC failed).
        let json = """
        [{"sample":"N1","status":"no call","trisomy":{"21":"no call","18":"no call","13":"no call"},"sexChromosomes":"no call"},
         {"sample":"N2","status":"low risk","trisomy":{"21":"negative","18":"negative","13":"negative"},"sexChromosomes":"XX",
          "fetalFraction":{"value":0.09}}]
        """
        let results = try Genomics.NIPTResultDocument.decode(Data(json.utf8))
        #expect(results.map(\.status) == ["failed", "ok"])
        let builder = Genomics.ReportBuilder(patientID: "p", issued: "2026-01-01T00:00:00Z")
        let failedReport = String(decoding: builder.resources(for: results[0]).last!.json, as: UTF8.self)
        #expect(failedReport.contains(#""status":"cancelled""#))
        let passedReport = String(decoding: builder.resources(for: results[1]).last!.json, as: UTF8.self)
        #expect(passedReport.contains(#""status":"final""#))
    }

    @Test func decodesScreeningResultJSON() throws {
        let json = """
        [{"schema":"gx.screening.result/1","sampleID":"S9","status":"ok","panel":"deafness-9","build":"GRCh38",
          "sites":[{"siteID":"x","gene":"GJB2","transcript":"NM_004004.6","hgvsC":"c.235del","hgvsP":"p.Leu79fs","rsID":"rs80338939",
                    "chromosome":"chr13","position":20189547,"reference":"AC","alternate":"A","mitochondrial":false,
                    "status":"called","genotype":"0/1","zygosity":"heterozygous","depth":30,"referenceDepth":15,"alternateDepth":15,
                    "positive":true}],
          "findings":[{"category":"carrier","gene":"GJB2","siteIDs":["x"],"text":"carrier"}]}]
        """
        let results = try Genomics.ScreeningResultDocument.decode(Data(json.utf8))
        #expect(results.count == 1)
        #expect(results[0].sites[0].present && results[0].sites[0].alleleFraction == 0.5)
        #expect(throws: HealthRecordsError.self) { try Genomics.ScreeningResultDocument.decode(Data(#"{"a":1}"#.utf8)) }
    }
}
