import Foundation
import Seq
import Testing
import TestSupport

@Suite struct AlignmentPileupTests {
    /// 100 seeded random positions on the fixture plus every planted variant site.
    static func positions() throws -> [Alignment.Locus] {
        var generator = SeededGenerator(seed: 42)
        var loci = (0..<100).map { _ -> Alignment.Locus in
            Bool.random(using: &generator)
                ? .init(referenceName: "chrA", position: Int.random(in: 1...30_000, using: &generator))
                : .init(referenceName: "chrB", position: Int.random(in: 1...12_000, using: &generator))
        }
        loci += try AlignmentFixture.truth().map { .init(referenceName: $0.chrom, position: $0.pos) }
        return loci
    }

    @Test func baseCountsEqualBcftoolsAlleleDepths() throws {
        let bam = try AlignmentFixture.path("sample.bam"), ref = try AlignmentFixture.path("ref.fa")
        let loci = try Self.positions()
        let dir = try TestPaths.temporaryDirectory()
        let sites = dir.appendingPathComponent("sites.tsv")
        try Set(loci).map { "\($0.referenceName)\t\($0.position)" }.sorted().joined(separator: "\n").appending("\n")
            .write(to: sites, atomically: true, encoding: .utf8)
        for (minimumBaseQuality, minimumMappingQuality) in [(13, 0), (20, 30)] {
            let vcf = try AlignmentFixture.peer(
                "bcftools mpileup -B -A -d 100000 -Q \(minimumBaseQuality) -q \(minimumMappingQuality) -a AD -f '\(ref)' -T '\(sites.path)' '\(bam)' 2>/dev/null"
                + " | bcftools view -V indels | bcftools query -f '%CHROM\\t%POS\\t%REF,%ALT\\t[%AD]\\n'")
            var expected: [Alignment.Locus: [UInt8: Int]] = [:]
            for line in vcf.split(separator: "\n") {
                let f = line.split(separator: "\t").map(String.init)
                let alleles = f[2].split(separator: ","), depths = f[3].split(separator: ",").map { Int($0)! }
                var counts: [UInt8: Int] = [:]
                for (allele, depth) in zip(alleles, depths) where allele.count == 1 { counts[allele.utf8.first!] = depth }
                expected[.init(referenceName: f[0], position: Int(f[1])!)] = counts
            }
            #expect(expected.count > 100, "bcftools reported \(expected.count) sites")
            let reader = try Alignment.Reader(path: bam)
            let pileup = Alignment.Pileup(reader: reader, filter: .init(minimumBaseQuality: minimumBaseQuality, minimumMappingQuality: minimumMappingQuality),
                                          reference: try IndexedFASTA(path: ref))
            let columns = try pileup.columns(at: loci)
            #expect(columns.count == loci.count)
            var compared = 0
            for (locus, column) in zip(loci, columns) {
                #expect(column.position == locus.position && column.referenceName == locus.referenceName)
                guard let counts = expected[locus] else { continue }
                compared += 1
                for base in "ACGT".utf8 {
                    #expect(column.count(of: base) == counts[base, default: 0],
                            "\(locus) base \(Character(UnicodeScalar(base))) Q\(minimumBaseQuality) q\(minimumMappingQuality): gx \(column.count(of: base)) bcftools \(counts[base, default: 0])")
                }
            }
            #expect(compared > 100)
        }
    }

    @Test func depthEqualsSamtoolsDepthOverARegion() throws {
        let bam = try AlignmentFixture.path("sample.bam")
        for (minimumBaseQuality, minimumMappingQuality) in [(13, 0), (1, 20)] {
            let text = try AlignmentFixture.peer("samtools depth -a -s -q \(minimumBaseQuality) -Q \(minimumMappingQuality) -r chrB:1-12000 '\(bam)'")
            let expected = text.split(separator: "\n").map { Int($0.split(separator: "\t")[2])! }
            let reader = try Alignment.Reader(path: bam)
            let pileup = Alignment.Pileup(reader: reader, filter: .init(minimumBaseQuality: minimumBaseQuality, minimumMappingQuality: minimumMappingQuality))
            let depths = try pileup.columns(in: .init(referenceName: "chrB", start: 1, end: 12_000)).map(\.depth)
            #expect(depths.count == expected.count)
            let differing = zip(depths, expected).enumerated().filter { $0.element.0 != $0.element.1 }
            #expect(differing.isEmpty, "first differences (pos, gx, samtools): \(differing.prefix(5).map { ($0.offset + 1, $0.element.0, $0.element.1) })")
        }
    }

    @Test func plantedIndelsAreReportedAtTheirAnchorWithSequences() throws {
        let bam = try AlignmentFixture.path("sample.bam"), ref = try AlignmentFixture.path("ref.fa")
        let truth = try AlignmentFixture.truth().filter { $0.ref.count != $0.alt.count }
        #expect(truth.count >= 5)
        var filter = Alignment.PileupFilter()
        filter.collectReads = true
        let pileup = Alignment.Pileup(reader: try Alignment.Reader(path: bam), filter: filter, reference: try IndexedFASTA(path: ref))
        let columns = try pileup.columns(at: truth.map { .init(referenceName: $0.chrom, position: $0.pos) })
        for (variant, column) in zip(truth, columns) {
            let isDeletion = variant.ref.count > variant.alt.count
            let sequence = Array((isDeletion ? variant.ref : variant.alt).utf8.dropFirst())
            let top = column.indels.first
            #expect(top?.indel == Alignment.Indel(kind: isDeletion ? .deletion : .insertion, length: sequence.count, sequence: sequence),
                    "\(variant.chrom):\(variant.pos) \(variant.ref)>\(variant.alt): got \(column.indels.map(\.indel.description))")
            let fraction = Double(top?.total ?? 0) / Double(max(column.depth, 1))
            if variant.zygosity == "hom" { #expect(fraction > 0.6, "\(variant) fraction \(fraction)") } else { #expect(fraction > 0.15 && fraction < 0.85, "\(variant) fraction \(fraction)") }
            #expect(column.referenceBase == variant.ref.utf8.first)
            // Per-read evidence agrees with the counts.
            let readsWithIndel = column.reads.filter { $0.indel == top?.indel }.count
            #expect(readsWithIndel == top?.total)
            #expect(column.reads.filter { $0.base != UInt8(ascii: "*") }.count == column.depth)
        }
    }

    @Test func unknownContigAndOutOfRangePositionsAreErrors() throws {
        let pileup = Alignment.Pileup(reader: try Alignment.Reader(path: try AlignmentFixture.path("sample.bam")))
        #expect(throws: SeqError.self) { try pileup.columns(at: [.init(referenceName: "chrZ", position: 5)]) }
        #expect(throws: SeqError.self) { try pileup.columns(at: [.init(referenceName: "chrB", position: 12_001)]) }
        #expect(throws: SeqError.self) { try pileup.columns(in: .init(referenceName: "chrB", start: 20_000, end: 20_010)) }
    }
}

/// SplitMix64 from TestSupport, under this file's historical name.
typealias SeededGenerator = SplitMix64
