import Foundation
import Testing
import TestSupport
@testable import Seq

// Paired-end reading: two files in lockstep and interleaved files, with the mate-name check.

private func mates(_ count: Int, seed: UInt64, style: @Sendable (Int, Int) -> String) -> ([FASTQ.Record], [FASTQ.Record]) {
    let r1 = FASTQTestData.records(count: count, seed: seed)
    let r2 = FASTQTestData.records(count: count, seed: seed + 1)
    return (r1.enumerated().map { i, r in FASTQ.Record(name: Array(style(i, 1).utf8), sequence: r.sequence, qualityScores: r.qualityScores) },
            r2.enumerated().map { i, r in FASTQ.Record(name: Array(style(i, 2).utf8), sequence: r.sequence, qualityScores: r.qualityScores) })
}

private func interleave(_ a: [FASTQ.Record], _ b: [FASTQ.Record]) -> [FASTQ.Record] {
    zip(a, b).flatMap { [$0, $1] }
}

@Suite("FASTQ paired reader")
struct FASTQPairedReaderTests {
    static let styles: [@Sendable (Int, Int) -> String] = [
        { i, m in "frag\(i)/\(m)" },                           // old Illumina /1 /2
        { i, m in "M01:7:FC:1:1101:\(i):99 \(m):N:0:ACGT" },   // CASAVA 1.8
        { i, _ in "same\(i) comment" },                         // identical names
    ]

    @Test(arguments: 0..<3)
    func lockstepAndInterleavedPairsAreRead(style: Int) throws {
        let (m1, m2) = mates(500, seed: 31, style: Self.styles[style])
        let lockstep = try FASTQ.PairedReader(bytes1: FASTQTestData.fastq(m1), bytes2: FASTQTestData.fastq(m2))
        var a = FASTQ.Record(), b = FASTQ.Record()
        var read1: [FASTQ.Record] = [], read2: [FASTQ.Record] = []
        while try lockstep.read(into: &a, &b) { read1.append(a); read2.append(b) }
        #expect(read1 == m1 && read2 == m2)
        #expect(lockstep.pairsRead == 500)

        let interleaved = try FASTQ.PairedReader(bytes1: FASTQTestData.fastq(interleave(m1, m2)), bytes2: nil)
        var pairs: [(FASTQ.Record, FASTQ.Record)] = []
        while let pair = try interleaved.withNextPair({ ($0.fastqRecord, $1.fastqRecord) }) { pairs.append(pair) }
        #expect(pairs.map(\.0) == m1 && pairs.map(\.1) == m2)
    }

    @Test func filesAreOpenedByPathAndCompressionMayDiffer() throws {
        let directory = try TestPaths.temporaryDirectory("gx-paired")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (m1, m2) = mates(2_000, seed: 33, style: Self.styles[1])
        let p1 = directory.appendingPathComponent("r_1.fq.gz").path
        let p2 = directory.appendingPathComponent("r_2.fq").path
        let w1 = try FASTQ.Writer(path: p1, compression: .bgzf)
        for r in m1 { try w1.write(r) }
        try w1.close()
        let w2 = try FASTQ.Writer(path: p2, compression: .none)
        for r in m2 { try w2.write(r) }
        try w2.close()
        let reader = try FASTQ.PairedReader(path1: p1, path2: p2, threads: 2)
        var count = 0
        while try reader.withNextPair({ v1, v2 in
            #expect(v1.sequence.elementsEqual(m1[count].sequence) && v2.sequence.elementsEqual(m2[count].sequence))
        }) != nil { count += 1 }
        #expect(count == 2_000)
    }

    @Test func mateNamesThatDisagreeAreAnError() throws {
        let (m1, original2) = mates(10, seed: 35, style: Self.styles[0])
        var m2 = original2
        m2[6].name = Array("frag99/2".utf8)
        let reader = try FASTQ.PairedReader(bytes1: FASTQTestData.fastq(m1), bytes2: FASTQTestData.fastq(m2))
        let error = expectSeqError(.pairing, file: "<mate 2>", line: 25, record: 7, message: "mate names disagree in pair 7: 'frag6/1' and 'frag99/2'") {
            while try reader.withNextPair({ _, _ in }) != nil {}
        }
        #expect(error != nil)
        #expect(reader.pairsRead == 6)

        var mixed = interleave(m1, mates(10, seed: 35, style: Self.styles[0]).1)
        mixed[9].name = Array("other4/2".utf8)
        let interleaved = try FASTQ.PairedReader(bytes1: FASTQTestData.fastq(mixed), bytes2: nil)
        expectSeqError(.pairing, file: "<interleaved>", line: 37, record: 10, message: "'frag4/1' and 'other4/2'") {
            while try interleaved.withNextPair({ _, _ in }) != nil {}
        }
    }

    @Test func oneMateFileEndingFirstIsAnError() throws {
        let (m1, m2) = mates(10, seed: 37, style: Self.styles[0])
        let shorter = try FASTQ.PairedReader(bytes1: FASTQTestData.fastq(m1), bytes2: FASTQTestData.fastq(Array(m2.prefix(8))))
        expectSeqError(.pairing, file: "<mate 2>", line: 33, record: 9, message: "<mate 2> ends after 8 reads but <mate 1> has more") {
            while try shorter.withNextPair({ _, _ in }) != nil {}
        }
        let odd = try FASTQ.PairedReader(bytes1: FASTQTestData.fastq(Array(interleave(m1, m2).prefix(7))), bytes2: nil)
        expectSeqError(.pairing, file: "<interleaved>", record: 8, message: "odd number of reads: read 7 has no mate") {
            while try odd.withNextPair({ _, _ in }) != nil {}
        }
    }

    @Test func mateMatchingRules() {
        func mates(_ a: String, _ b: String) -> Bool {
            Array(a.utf8).withUnsafeBufferPointer { x in Array(b.utf8).withUnsafeBufferPointer { y in FASTQ.PairedReader.areMates(x, y) } }
        }
        #expect(mates("r7/1", "r7/2"))
        #expect(mates("r7 1:N:0:A", "r7 2:N:0:A"))
        #expect(mates("r7\tx", "r7\ty"))
        #expect(!mates("r7/1", "r8/2"))
        #expect(!mates("r7", "r70"))
        #expect(!mates("r7/1", "r7/3x"))
    }
}
