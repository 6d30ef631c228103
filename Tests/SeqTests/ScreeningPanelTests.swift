import Foundation
import Testing
@testable import Seq
import TestSupport

/// A small reference built in the test: chr1 with a C-run and an AT repeat, and a 16,571-bp "chrM" (hg19 length).
private let testReference = Screening.SequenceSegments(segments: [
    .init(chromosome: "chr1", start: 1, bases: Array("GATTACAGCCCCCCATGATATATGCGTACGTAGCTAGCTAGGCTTACG".utf8), isWholeChromosome: true),
], sourceName: "test reference")

private func panelText(_ rows: [String]) -> String {
    "##name=test\n##build=GRCh38\n" + Screening.Panel.columns.joined(separator: "\t") + "\n" + rows.joined(separator: "\n") + "\n"
}

private func row(id: String, chrom: String = "chr1", pos: Int, ref: String, alt: String, type: String,
                 inheritance: String = "AR") -> String {
    [id, "GENE", "NM_0", "c.1", ".", ".", "GRCh38", chrom, String(pos), ref, alt, type, "pathogenic", inheritance,
     "test condition", "test"].joined(separator: "\t")
}

@Test func bundledPanelsLoadAndVerifyAgainstBundledFlanks() throws {
    let flanks = try Screening.BundledReference.grch38()
    for name in Screening.Panel.bundledNames {
        let panel = try Screening.Panel.bundled(named: name)
        #expect(panel.build == "GRCh38")
        #expect(panel.sites.count >= 6)
        let verification = try panel.verify(against: flanks)
        #expect(verification.isValid, "\(name): \(verification.problems)")
    }
    let nine = try Screening.Panel.bundled(named: "deafness-9")
    let del16 = try #require(nine.sites.first { $0.id == "GJB2_c.176_191del16" })
    #expect(del16.reference.count == 17 && del16.alternate == "G" && del16.position == 20_189_390)
    #expect(nine.sites.filter(\.isMitochondrial).map(\.position) == [1494, 1555])
}

@Test func unverifiedSitesFailVerificationAgainstBundledFlanks() throws {
    let panel = try Screening.Panel.load(contentsOf: Screening.Panel.bundledDirectory.appendingPathComponent("unverified-sites.tsv"))
    let verification = try panel.verify(against: try Screening.BundledReference.grch38())
    #expect(!verification.isValid)
    #expect(verification.problems.contains { $0.contains("unknown chromosome chr7") })
}

@Test func panelParserRejectsBadRowsWithLineNumbers() throws {
    let cases: [(String, String)] = [
        (row(id: "a", pos: 0, ref: "A", alt: "G", type: "snv"), "not a 1-based position"),
        (row(id: "a", pos: 2, ref: "A", alt: "N", type: "snv"), "must be A/C/G/T"),
        (row(id: "a", pos: 2, ref: "A", alt: "G", type: "deletion"), "type says deletion"),
        (row(id: "a", pos: 2, ref: "AT", alt: "G", type: "deletion"), "not an SNV"),
        (row(id: "a", pos: 2, ref: "A", alt: "G", type: "snv", inheritance: "XY"), "inheritance 'XY'"),
        (row(id: "a", pos: 2, ref: "A", alt: "G", type: "snv", inheritance: "mitochondrial"), "mitochondrial but chrom"),
    ]
    for (line, message) in cases {
        #expect {
            _ = try Screening.Panel.parse(panelText([line]), origin: "bad.tsv")
        } throws: { error in
            let e = error as! SeqError
            return e.code == .invalidPanel && e.message.contains(message) && e.position?.line == 4 && e.position?.file == "bad.tsv"
        }
    }
    #expect(throws: SeqError.self) {
        _ = try Screening.Panel.parse(panelText([row(id: "a", pos: 2, ref: "A", alt: "T", type: "snv"),
                                                 row(id: "a", pos: 3, ref: "T", alt: "A", type: "snv")]), origin: "dup.tsv")
    }
    #expect(throws: SeqError.self) { _ = try Screening.Panel.parse("##name=x\n", origin: "empty.tsv") }
    #expect(throws: SeqError.self) {
        _ = try Screening.Panel.parse("id\tgene\n" + "a\tb\n", origin: "short-header.tsv")
    }
}

@Test func verifierChecksReferenceLeftAlignmentAndOverlaps() throws {
    // chr1: G A T T A C A G C C C C C C A T G A T A T A T G ...
    //       1 2 3 4 5 6 7 8 9 ...        (C-run at 9-14, "ATATAT" at 15..23 region)
    let good = try Screening.Panel.parse(panelText([
        row(id: "snv", pos: 2, ref: "A", alt: "G", type: "snv"),
        row(id: "delC", pos: 8, ref: "GC", alt: "G", type: "deletion"),
    ]), origin: "good.tsv")
    #expect(try good.verify(against: testReference).isValid)

    let wrongRef = try Screening.Panel.parse(panelText([row(id: "x", pos: 2, ref: "C", alt: "G", type: "snv")]), origin: "w.tsv")
    let v1 = try wrongRef.verify(against: testReference)
    #expect(!v1.isValid && v1.problems[0].contains("REF C disagrees with the reference A"))
    #expect(throws: SeqError.self) { try v1.throwIfInvalid() }

    // The same C deletion written at the right end of the run is not left-aligned.
    let rightShifted = try Screening.Panel.parse(panelText([row(id: "delC", pos: 13, ref: "CC", alt: "C", type: "deletion")]), origin: "r.tsv")
    let v2 = try rightShifted.verify(against: testReference)
    #expect(v2.problems.count == 1 && v2.problems[0].contains("left-aligned form is chr1:8 GC>G"))

    // Insertion of TA after an ATAT repeat, written right-shifted.
    let insertion = try Screening.Panel.parse(panelText([row(id: "ins", pos: 21, ref: "T", alt: "TAT", type: "insertion")]), origin: "i.tsv")
    let v3 = try insertion.verify(against: testReference)
    #expect(v3.problems.first?.contains("left-aligned form is chr1:17 G>GAT") == true, "\(v3.problems)")

    let unknown = try Screening.Panel.parse(panelText([row(id: "u", chrom: "chr9", pos: 2, ref: "A", alt: "G", type: "snv")]), origin: "u.tsv")
    #expect(try unknown.verify(against: testReference).problems[0].contains("unknown chromosome chr9"))

    let overlapping = try Screening.Panel.parse(panelText([
        row(id: "del1", pos: 8, ref: "GCCC", alt: "G", type: "deletion"),
        row(id: "snv", pos: 10, ref: "C", alt: "T", type: "snv"),
    ]), origin: "o.tsv")
    let v4 = try overlapping.verify(against: testReference)
    #expect(v4.panelProblems.count == 1 && v4.panelProblems[0].contains("overlapping indels: del1"))
}

@Test func hg19MitochondrionIsRecognisedAsAnotherBuild() {
    #expect(Screening.GenomeBuild.mismatch(chromosome: "chrM", length: 16_571, build: "GRCh38")?.contains("hg19") == true)
    #expect(Screening.GenomeBuild.mismatch(chromosome: "chrM", length: 16_569, build: "GRCh38") == nil)
    #expect(Screening.GenomeBuild.mismatch(chromosome: "chr13", length: 115_169_878, build: "GRCh38")?.contains("GRCh37") == true)
    #expect(Screening.GenomeBuild.mismatch(chromosome: "13", length: 114_364_328, build: "GRCh38") == nil)
}

@Test func panelRoundTripsThroughTSV() throws {
    let panel = try Screening.Panel.bundled(named: "deafness-extended")
    let again = try Screening.Panel.parse(panel.tsv(), origin: "roundtrip")
    #expect(again.sites == panel.sites)
    #expect(again.name == "deafness-extended")
}
