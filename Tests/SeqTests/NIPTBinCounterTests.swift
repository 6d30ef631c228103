import Foundation
import Testing
import TestSupport
@testable import Seq

/// Bin counting from simulated BAMs, checked against samtools on the same files.
@Suite("NIPT bin counting from BAM")
struct NIPTBinCounterTests {
    static func layout(_ f: NIPTFixtures.BAMs) throws -> NIPT.BinLayout {
        try NIPT.BinAnnotation.cached(fasta: f.fasta, binSize: 10_000).layout
    }

    /// samtools' read starts per (contig, 0-based bin) for a flag/MAPQ filter.
    static func samtoolsBins(_ bam: String, _ filter: String) throws -> [String: Int] {
        let r = try runShell("samtools view \(filter) '\(bam)' | awk '{print $3\"\\t\"int(($4-1)/10000)}' | sort | uniq -c")
        guard r.status == 0 else { throw NIPTFixtures.Failure(description: "samtools view failed: \(r.stderr)") }
        var result: [String: Int] = [:]
        for line in r.stdout.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            result["\(parts[1]):\(parts[2])"] = Int(parts[0])
        }
        return result
    }

    static func gxBins(_ counts: NIPT.BinCounts) -> [String: Int] {
        var result: [String: Int] = [:]
        for (c, contig) in counts.layout.contigs.enumerated() {
            for b in counts.layout.bins(ofContig: c) where counts.counts[b] > 0 {
                result["\(contig.name):\(b - counts.layout.binOffsets[c])"] = Int(counts.counts[b])
            }
        }
        return result
    }

    @Test func singleEndCountsEqualSamtools() throws {
        let f = try NIPTFixtures.bams.get()
        let counts = try NIPT.BinCounter(layout: Self.layout(f)).count(path: f.single, threads: 2)
        let expected = try Self.samtoolsBins(f.single, "-q 10 -F 0xF04")
        #expect(Self.gxBins(counts) == expected)
        #expect(counts.statistics.counted == expected.values.reduce(0, +))
        #expect(counts.statistics.duplicate > 0 && counts.statistics.lowMappingQuality > 0 && counts.statistics.unmapped > 0)
        #expect(counts.statistics.records == counts.statistics.counted + counts.statistics.duplicate + counts.statistics.lowMappingQuality + counts.statistics.unmapped)
        #expect(!counts.pairedEnd && counts.fragmentLengths == nil)
        #expect(counts.sample == "single")
    }

    @Test func pairedEndCountsEachProperFragmentOnce() throws {
        let f = try NIPTFixtures.bams.get()
        let counts = try NIPT.BinCounter(layout: Self.layout(f)).count(path: f.paired, threads: 1)
        let expected = try Self.samtoolsBins(f.paired, "-q 10 -F 0xF04 -f 0x42")
        #expect(Self.gxBins(counts) == expected)
        #expect(counts.pairedEnd)
        let histogram = try #require(counts.fragmentLengths)
        #expect(histogram.reduce(0, +) == counts.statistics.counted)
        // Simulated fragments: maternal ~N(167, 15), fetal ~N(143, 15), FF 10 %: the mode is near 167.
        let mode = histogram.indices.max { histogram[$0] < histogram[$1] }!
        #expect((155...180).contains(mode))
        #expect(counts.shortFragmentFraction != nil)
    }

    @Test func unindexedBAMIsRefused() throws {
        let f = try NIPTFixtures.bams.get()
        let dir = try TestPaths.temporaryDirectory("gx-nipt-noindex")
        let copy = dir.appendingPathComponent("copy.bam").path
        try FileManager.default.copyItem(atPath: f.single, toPath: copy)
        do {
            _ = try NIPT.BinCounter(layout: Self.layout(f)).count(path: copy)
            Issue.record("a BAM without index must be refused")
        } catch let error as SeqError {
            #expect(error.code == .missingIndex)
            #expect(error.description.contains("samtools index"))
        }
    }

    @Test func bamFromAnotherBuildIsRefused() throws {
        let f = try NIPTFixtures.bams.get()
        let dir = try TestPaths.temporaryDirectory("gx-nipt-build")
        let other = dir.appendingPathComponent("other.bam").path
        let r = try runShell("samtools view -H '\(f.single)' | sed 's/SN:chr21\\tLN:[0-9]*/SN:chr21\\tLN:46709983/' > '\(dir.path)/h.sam' && samtools reheader '\(dir.path)/h.sam' '\(f.single)' > '\(other)' && samtools index '\(other)'")
        #expect(r.status == 0, "\(r.stderr)")
        do {
            _ = try NIPT.BinCounter(layout: Self.layout(f)).count(path: other)
            Issue.record("a BAM aligned to another build must be refused")
        } catch let error as SeqError {
            #expect(error.code == .reference)
            #expect(error.description.contains("chr21") && error.description.contains("46709983"))
        }
    }
}
