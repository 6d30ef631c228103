import Foundation
import Testing
import TestSupport
@testable import Seq

// Agreement with the peers on the same generated files: `seqkit stats -a -T` (records, bases,
// min/max length, GC, Q20, Q30 at its two-decimal precision) and `seqtk comp` (exact G+C and N
// counts), in plain, gzip (GNU gzip and pigz, multi-member) and BGZF (bgzip), and a FASTA file.

/// One row of `seqkit stats -a -T`, by column name.
func seqkitStats(_ path: String) throws -> [String: String] {
    let out = try FASTQTestData.shell("seqkit stats -a -T '\(path)'", needs: ["seqkit"])
    let lines = out.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    guard lines.count == 2, lines[0].count == lines[1].count else {
        Issue.record("unexpected seqkit output: \(out)")
        return [:]
    }
    return Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
}

/// Sums of `seqtk comp` columns: (G+C, N) over all records.
func seqtkGCAndN(_ path: String) throws -> (gc: Int, n: Int) {
    let out = try FASTQTestData.shell("seqtk comp '\(path)' | awk -F'\\t' '{gc += $4 + $5; n += $9} END {printf \"%d %d\", gc, n}'", needs: ["seqtk"])
    let parts = out.split(separator: " ").compactMap { Int($0) }
    return (parts.first ?? -1, parts.last ?? -1)
}

/// Expects a fraction to print as seqkit's percentage with two decimals (half a unit of its last digit).
func expectPercent(_ fraction: Double?, _ seqkit: String?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let fraction, let seqkit, let value = Double(seqkit) else {
        Issue.record("\(what): missing value (gx \(String(describing: fraction)), seqkit \(String(describing: seqkit)))", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(fraction * 100 - value) <= 0.005 + 1e-9, "\(what): gx \(fraction * 100) vs seqkit \(value)", sourceLocation: sourceLocation)
}

@Suite("Agreement with seqkit and seqtk")
struct FASTQAgreementTests {
    @Test func statisticsAgreeInEveryCompression() throws {
        let directory = try TestPaths.temporaryDirectory("gx-agreement")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Uppercase ACGT plus some N and IUPAC; seqkit and seqtk both count G/C case-insensitively.
        let records = FASTQTestData.records(count: 8_000, seed: 41, lengths: 20...300)
        let plain = try FASTQTestData.write(FASTQTestData.fastq(records), name: "reads.fq", in: directory)
        let files: [(String, Compression)] = [
            (plain, .none),
            ("\(plain).gz", .gzip),
            ("\(plain).pigz.gz", .gzip),
            ("\(plain).bgzf.gz", .bgzf),
        ]
        try FASTQTestData.shell("gzip -6 -c '\(plain)' > '\(plain).gz'", needs: ["gzip"])
        // pigz multi-member: three pigz members, cut inside records.
        try FASTQTestData.shell("(head -c 300001 '\(plain)' | pigz -c -p 2; tail -c +300002 '\(plain)' | head -c 500000 | pigz -c -p 2; tail -c +800002 '\(plain)' | pigz -c -p 2) > '\(plain).pigz.gz'", needs: ["pigz"])
        try FASTQTestData.shell("bgzip -@ 2 -c '\(plain)' > '\(plain).bgzf.gz'", needs: ["bgzip"])

        let oracle = FASTQTestData.oracleStatistics(records)
        let (seqtkGC, seqtkN) = try seqtkGCAndN(plain)
        #expect(seqtkGC == oracle.gc && seqtkN == oracle.n)
        for (path, compression) in files {
            let gx = try SequenceStatistics.compute(path: path, threads: 2)
            let peer = try seqkitStats(path)
            #expect(gx.compression == compression, "\(path)")
            #expect(gx.format == .fastq)
            #expect(String(gx.records) == peer["num_seqs"], "\(path)")
            #expect(String(gx.bases) == peer["sum_len"], "\(path)")
            #expect(String(gx.minLength) == peer["min_len"] && String(gx.maxLength) == peer["max_len"], "\(path)")
            expectPercent(gx.gcFraction, peer["GC(%)"], "GC \(path)")
            expectPercent(gx.q20Fraction, peer["Q20(%)"], "Q20 \(path)")
            expectPercent(gx.q30Fraction, peer["Q30(%)"], "Q30 \(path)")
            #expect(gx.gcBases == seqtkGC && gx.nBases == seqtkN, "\(path)")
            #expect(gx.q20Bases == oracle.q20 && gx.q30Bases == oracle.q30, "\(path)")
            #expect(abs(gx.meanLength - Double(oracle.bases) / Double(oracle.records)) < 1e-9)
        }
    }

    @Test func wrappedCRLFAndFASTAFilesAgree() throws {
        let directory = try TestPaths.temporaryDirectory("gx-agreement")
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = FASTQTestData.records(count: 2_000, seed: 43, lengths: 0...700)
        let inputs = [
            try FASTQTestData.write(FASTQTestData.fastq(records, lineEnding: "\r\n"), name: "crlf.fq", in: directory),
            try FASTQTestData.write(FASTQTestData.fastq(records, wrap: 60, repeatName: true), name: "wrapped.fq", in: directory),
            try FASTQTestData.write(FASTQTestData.fasta(records, wrap: 70), name: "seqs.fa", in: directory),
        ]
        for path in inputs {
            let gx = try SequenceStatistics.compute(path: path)
            let peer = try seqkitStats(path)
            #expect(String(gx.records) == peer["num_seqs"] && String(gx.bases) == peer["sum_len"], "\(path)")
            #expect(String(gx.minLength) == peer["min_len"] && String(gx.maxLength) == peer["max_len"], "\(path)")
            expectPercent(gx.gcFraction, peer["GC(%)"], "GC \(path)")
            let (gc, n) = try seqtkGCAndN(path)
            #expect(gx.gcBases == gc && gx.nBases == n, "\(path)")
            if path.hasSuffix(".fa") {
                #expect(gx.format == .fasta && gx.q30Fraction == nil)
            } else {
                expectPercent(gx.q30Fraction, peer["Q30(%)"], "Q30 \(path)")
            }
        }
    }
}
