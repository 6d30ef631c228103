import Foundation
import Testing
@testable import Seq
import TestSupport

private func result(sample: String, genotypes: [String: (ref: Int, alt: Int)]) throws -> Screening.SampleResult {
    let panel = try Screening.Panel.bundled(named: "deafness-9")
    let evidence = panel.sites.map { site -> Screening.SiteEvidence in
        var e = Screening.SiteEvidence()
        let counts = genotypes[site.id] ?? (30, 0)
        for i in 0..<counts.ref { e.add(.reference, quality: 35, reverseStrand: i % 2 == 0) }
        for i in 0..<counts.alt { e.add(.alternate, quality: 35, reverseStrand: i % 2 == 0) }
        return e
    }
    return Screening.SampleResult(sampleID: sample, panel: panel, method: "bam", inputs: ["x.bam"],
                                  model: Screening.GenotypeModel(), evidence: evidence, readsProcessed: 100, seconds: 0)
}

@Test func findingsAreWordedPerGeneAndInheritance() throws {
    let carrier = try result(sample: "A", genotypes: ["GJB2_c.235delC": (20, 18)])
    #expect(carrier.findings.count == 1)
    #expect(carrier.findings[0].category == "carrier")
    #expect(carrier.findings[0].text.hasPrefix("GJB2 c.235del heterozygous: carrier of"))

    let compound = try result(sample: "B", genotypes: ["GJB2_c.235delC": (20, 18), "GJB2_c.299_300delAT": (15, 16)])
    #expect(compound.findings.map(\.category) == ["compound_heterozygous_possible"])

    let mito = try result(sample: "C", genotypes: ["MT-RNR1_m.1555A>G": (0, 60), "GJB2_c.35delG": (0, 30)])
    #expect(Set(mito.findings.map(\.category)) == ["affected_likely", "mitochondrial_risk"])
    #expect(mito.findings.contains { $0.text.contains("m.1555A>G detected (homoplasmic, heteroplasmy 100%)") })

    let shallow = try result(sample: "D", genotypes: ["GJB2_c.35delG": (4, 3)])
    let site = try #require(shallow.sites.first { $0.siteID == "GJB2_c.35delG" })
    #expect(!site.isCalled && site.noCallReason?.hasPrefix("low depth") == true)
    #expect(shallow.findings.isEmpty)
    let text = Screening.Report.text(shallow)
    #expect(text.contains("Not callable") && text.contains("c.35del: low depth"))
    let html = Screening.Report.html(carrier)
    #expect(html.contains("<li class=\"pos\">GJB2 c.235del heterozygous: carrier of"))
}

@Test func vcfIsValidForBcftools() throws {
    let a = try result(sample: "A", genotypes: ["GJB2_c.235delC": (20, 18), "MT-RNR1_m.1555A>G": (50, 50)])
    let b = try result(sample: "B", genotypes: ["GJB2_c.35delG": (4, 3)])
    let panel = try Screening.Panel.bundled(named: "deafness-9")
    let vcf = Screening.VCFWriter.vcf(panel: panel, samples: [a, b])
    let lines = vcf.split(separator: "\n")
    #expect(lines[0] == "##fileformat=VCFv4.3")
    let records = lines.filter { !$0.hasPrefix("#") }
    #expect(records.count == panel.sites.count)
    let c235 = try #require(records.first { $0.contains("PANEL_ID=GJB2_c.235delC") }).split(separator: "\t")
    #expect(c235[1] == "20189346" && c235[3] == "AG" && c235[4] == "A")
    #expect(c235[9].hasPrefix("0/1:") && c235[9].contains(":20,18:"))
    #expect(c235[10].hasPrefix("0/0:"))
    let c35 = try #require(records.first { $0.contains("PANEL_ID=GJB2_c.35delG") }).split(separator: "\t")
    #expect(c35[10].hasPrefix("./.:") && c35[10].hasSuffix(":LowDepth"))
    let m1555 = try #require(records.first { $0.contains("PANEL_ID=MT-RNR1_m.1555A%3EG") || $0.contains("PANEL_ID=MT-RNR1_m.1555A>G") }).split(separator: "\t")
    #expect(m1555[9].hasPrefix("1:") && m1555[9].contains(":0.5000:"))
    try #require(commandExists("bcftools"), "bcftools is not installed (make setup installs it): the VCF cannot be checked")
    let dir = try TestPaths.temporaryDirectory("vcf")
    let path = dir.appendingPathComponent("t.vcf")
    try vcf.write(to: path, atomically: true, encoding: .utf8)
    let check = try runShell("bcftools view -H '\(path.path)' | wc -l && bcftools query -f '[%GT ]\\n' '\(path.path)'")
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.hasPrefix("\(panel.sites.count)\n"), "\(check.stdout) \(check.stderr)")
    #expect(!check.stderr.contains("[W::"), "bcftools warned: \(check.stderr)")
}

@Test func summaryHasOneRowPerSampleAndOneColumnPerSite() throws {
    let panel = try Screening.Panel.bundled(named: "deafness-9")
    let a = try result(sample: "A", genotypes: ["GJB2_c.235delC": (20, 18)])
    let failed = Screening.SampleResult(failedSampleID: "F", panel: panel, method: "bam", inputs: ["f.bam"],
                                        model: Screening.GenotypeModel(), error: "f.bam: cannot open")
    let tsv = Screening.BatchSummary.tsv(panel: panel, samples: [a, failed])
    let rows = tsv.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    #expect(rows.count == 3)
    #expect(rows[0].count == 5 + panel.sites.count + 1)
    let column = rows[0].firstIndex(of: "GJB2_c.235delC")!
    #expect(rows[1][column] == "0/1" && rows[1][2] == "carrier")
    #expect(rows[2][1] == "failed" && rows[2].last == "f.bam: cannot open")
}
