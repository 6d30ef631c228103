import Foundation
import Testing
@testable import Seq
import TestSupport

private func evidence(ref: Int, alt: Int, quality: Int = 30, other: Int = 0) -> Screening.SiteEvidence {
    var e = Screening.SiteEvidence()
    for i in 0..<ref { e.add(.reference, quality: quality, reverseStrand: i % 2 == 1) }
    for i in 0..<alt { e.add(.alternate, quality: quality, reverseStrand: i % 2 == 1) }
    for _ in 0..<other { e.add(.other, quality: quality, reverseStrand: false) }
    return e
}

@Test func diploidCallsFollowTheAlleleBalance() {
    let model = Screening.GenotypeModel()
    #expect(model.callDiploid(evidence(ref: 30, alt: 0)).genotype == .homozygousReference)
    #expect(model.callDiploid(evidence(ref: 15, alt: 14)).genotype == .heterozygous)
    #expect(model.callDiploid(evidence(ref: 0, alt: 25)).genotype == .homozygousAlternate)
    // One error read among many reference reads stays 0/0 with high GQ.
    let oneError = model.callDiploid(evidence(ref: 40, alt: 1))
    #expect(oneError.genotype == .homozygousReference && oneError.genotypeQuality >= 20)
    // PL: the called genotype has 0, the others are positive.
    let het = model.callDiploid(evidence(ref: 10, alt: 10))
    #expect(het.phredLikelihoods[1] == 0 && het.phredLikelihoods[0] > 50 && het.phredLikelihoods[2] > 50)
}

@Test func lowDepthAndLowQualityAreNoCallsWithReasons() {
    let model = Screening.GenotypeModel()
    let shallow = model.callDiploid(evidence(ref: 5, alt: 5))
    #expect(shallow.genotype == nil && shallow.mostLikely == .heterozygous)
    #expect(shallow.noCallReason?.hasPrefix("low depth: 10 informative reads < 15") == true)
    // 2 alt of 16 at Q30: the prior and the data disagree -> low GQ, not a confident call.
    let ambiguous = model.callDiploid(evidence(ref: 14, alt: 2))
    #expect(ambiguous.genotype == nil || ambiguous.genotypeQuality >= 20)
    if ambiguous.genotype == nil { #expect(ambiguous.noCallReason?.hasPrefix("low genotype quality") == true) }
    // "Other" reads count in DP but not in the informative depth.
    let others = evidence(ref: 10, alt: 0, other: 10)
    #expect(others.depth == 20 && model.callDiploid(others).genotype == nil)
}

@Test func readQualityIsMinOfBaseAndMappingQualityClamped() {
    let model = Screening.GenotypeModel()
    #expect(model.readQuality(baseQuality: 35, mappingQuality: 20) == 20)
    #expect(model.readQuality(baseQuality: 35, mappingQuality: 255) == 35)
    #expect(model.readQuality(baseQuality: 70, mappingQuality: nil) == 60)
    #expect(model.readQuality(baseQuality: 2, mappingQuality: 0) == 4)
}

@Test func lowQualityReadsWeighLess() {
    // Five alt reads at Q5 against 20 ref reads at Q40 are errors; at Q40 they make a het.
    var weak = evidence(ref: 20, alt: 0, quality: 40)
    for _ in 0..<5 { weak.add(.alternate, quality: 5, reverseStrand: false) }
    var strong = evidence(ref: 20, alt: 0, quality: 40)
    for _ in 0..<5 { strong.add(.alternate, quality: 40, reverseStrand: false) }
    let model = Screening.GenotypeModel()
    #expect(model.callDiploid(weak).mostLikely == .homozygousReference)
    #expect(model.callDiploid(strong).mostLikely == .heterozygous)
}

@Test func heteroplasmyIsClassifiedAgainstTheThreshold() {
    var model = Screening.GenotypeModel()
    model.heteroplasmyThreshold = 0.05
    let absent = model.callHeteroplasmy(evidence(ref: 500, alt: 1))
    #expect(absent.status == .notDetected && absent.upper < 0.05)
    let homoplasmic = model.callHeteroplasmy(evidence(ref: 0, alt: 40))
    #expect(homoplasmic.status == .homoplasmic && homoplasmic.fraction == 1)
    let twentyPercent = model.callHeteroplasmy(evidence(ref: 400, alt: 100))
    #expect(twentyPercent.status == .heteroplasmic && abs(twentyPercent.fraction - 0.2) < 1e-9)
    #expect(twentyPercent.lower < 0.2 && twentyPercent.upper > 0.2)
    // 1 alt of 20: cannot tell 5 % from 0 % at this depth.
    let unclear = model.callHeteroplasmy(evidence(ref: 19, alt: 1))
    #expect(unclear.status == .noCall && unclear.noCallReason?.contains("reporting threshold") == true)
    let shallow = model.callHeteroplasmy(evidence(ref: 3, alt: 3))
    #expect(shallow.status == .noCall && shallow.noCallReason?.hasPrefix("low depth") == true)
}

@Test func wilsonIntervalMatchesKnownValues() {
    // 10 of 100 at z = 1.96: 0.0552 - 0.1744 (standard table value).
    let (lo, hi) = Screening.GenotypeModel.wilsonInterval(successes: 10, trials: 100, z: 1.96)
    #expect(abs(lo - 0.0552) < 0.0005 && abs(hi - 0.1744) < 0.0005)
}
