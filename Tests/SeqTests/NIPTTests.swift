import Foundation
import Testing
import TestSupport
@testable import Seq

@Suite("NIPT bins, GC, blacklist, files")
struct NIPTTests {
    static let sequences: [(name: String, length: Int)] = NIPT.Chromosome.all.map { ("chr" + $0.name, 120_000 + $0.index * 1_000) } + [("chrM", 16_569)]

    @Test func chromosomeNames() {
        #expect(NIPT.Chromosome.parse("chr21") == .chr21)
        #expect(NIPT.Chromosome.parse("21") == .chr21)
        #expect(NIPT.Chromosome.parse("chrX") == .x)
        #expect(NIPT.Chromosome.parse("Y") == .y)
        #expect(NIPT.Chromosome.parse("chrM") == nil)
        #expect(NIPT.Chromosome.parse("chr21_KI270872v1_alt") == nil)
        #expect(NIPT.Chromosome.parse("chr023") == nil)
        #expect(NIPT.Chromosome.parse("chr23") == nil)
    }

    @Test func layoutNumbersBinsInKaryotypeOrder() throws {
        let layout = try NIPT.BinLayout(binSize: 50_000, sequences: Self.sequences.reversed())
        #expect(layout.contigs.map(\.name).first == "chr1")
        #expect(layout.contigs.count == 24)                       // chrM left out
        #expect(layout.bins(ofContig: 0).count == 3)              // 120 kb in 50 kb bins: 50 + 50 + 20
        #expect(layout.binIndex(contig: 1, position: 0) == 3)
        #expect(layout.binIndex(contig: 1, position: 50_000) == 4)
        #expect(layout.location(ofBin: 4) == (1, 50_000))
        #expect(layout.bins(of: .y).count == 3)
        #expect(layout.chromosomeOfBin.count == layout.binCount)
    }

    @Test func layoutRefusesAGenomeWithoutChromosomes() {
        #expect(throws: SeqError.self) { try NIPT.BinLayout(binSize: 50_000, sequences: [("chr1", 1_000_000), ("chr2", 900_000)]) }
        #expect(throws: SeqError.self) { try NIPT.BinLayout(binSize: 10, sequences: Self.sequences) }
        var twice = Self.sequences
        twice.append(("21", 5000))
        #expect(throws: SeqError.self) { try NIPT.BinLayout(binSize: 50_000, sequences: twice) }
    }

    @Test func otherBuildIsNamedInTheError() throws {
        let layout = try NIPT.BinLayout(binSize: 50_000, sequences: Self.sequences)
        var other = Self.sequences
        other[20].length += 1
        do {
            try layout.checkSameReference(as: other, source: "x.bam", expected: "the reference set")
            Issue.record("a different chr21 length must be refused")
        } catch let error as SeqError {
            #expect(error.code == .reference)
            #expect(error.description.contains("chr21"))
            #expect(error.description.contains("build"))
        }
    }

    /// GC and N per bin from a FASTA with known content, and the cached table round trip.
    @Test func annotationFromFASTA() throws {
        let dir = try TestPaths.temporaryDirectory("gx-nipt-gc")
        var fasta = ""
        for (name, length) in Self.sequences where name != "chrM" {
            fasta += ">\(name) description\n"
            // First 50 kb: GC only; next 50 kb: AT only; the rest N.
            var sequence = String(repeating: "GC", count: 25_000) + String(repeating: "at", count: 25_000)
            sequence += String(repeating: "N", count: length - 100_000)
            var i = sequence.startIndex
            while i < sequence.endIndex {
                let j = sequence.index(i, offsetBy: 70, limitedBy: sequence.endIndex) ?? sequence.endIndex
                fasta += sequence[i..<j] + "\n"
                i = j
            }
        }
        fasta += ">chrM\n" + String(repeating: "ACGT", count: 100) + "\n"
        let path = dir.appendingPathComponent("ref.fa").path
        try fasta.write(toFile: path, atomically: true, encoding: .utf8)
        let annotation = try NIPT.BinAnnotation.cached(fasta: path, binSize: 50_000)
        let layout = annotation.layout
        #expect(layout.contigs.count == 24)
        for c in layout.contigs.indices {
            let bins = Array(layout.bins(ofContig: c))
            #expect(annotation.gcFraction[bins[0]] == 1)
            #expect(annotation.gcFraction[bins[1]] == 0)
            #expect(annotation.gcFraction[bins[2]].isNaN)
            #expect(annotation.nFraction[bins[0]] == 0 && annotation.nFraction[bins[2]] == 1)
        }
        // The cache was written beside the FASTA and is read back identically.
        let cache = path + ".gxnipt-gc-50000.tsv"
        #expect(FileManager.default.fileExists(atPath: cache))
        let loaded = try NIPT.BinAnnotation.load(table: cache)
        #expect(loaded.annotation.layout == layout)
        #expect(loaded.annotation.nFraction == annotation.nFraction)
        #expect(loaded.source?.size == Int64(fasta.utf8.count))
        // A gzip file is refused with a clear message.
        let gz = dir.appendingPathComponent("ref.fa.gz").path
        try Data([0x1f, 0x8b, 8, 0, 0, 0]).write(to: URL(fileURLWithPath: gz))
        #expect(throws: SeqError.self) { try NIPT.BinAnnotation.compute(fasta: gz, binSize: 50_000) }
    }

    @Test func blacklistMasksOverlappingBinsAndReportsBadLines() throws {
        let dir = try TestPaths.temporaryDirectory("gx-nipt-bed")
        let good = dir.appendingPathComponent("good.bed").path
        try "track name=x\n# comment\nchr2\t49999\t50001\textra\nchrUn_1\t0\t10\n21\t0\t1\n".write(toFile: good, atomically: true, encoding: .utf8)
        let blacklist = try NIPT.Blacklist.load(bed: good)
        #expect(blacklist.regions.count == 3 && blacklist.otherContigLines == 1)
        let layout = try NIPT.BinLayout(binSize: 50_000, sequences: Self.sequences)
        let mask = blacklist.mask(for: layout)
        let chr2 = Array(layout.bins(of: NIPT.Chromosome(index: 1)))
        #expect(mask[chr2[0]] && mask[chr2[1]] && !mask[chr2[2]])
        #expect(mask[layout.bins(of: .chr21).lowerBound])
        #expect(mask.filter { $0 }.count == 3)
        let bad = dir.appendingPathComponent("bad.bed").path
        try "chr1\t10\t20\nchr1\t30\tx\n".write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try NIPT.Blacklist.load(bed: bad)
            Issue.record("a non-numeric end must be refused")
        } catch let error as SeqError {
            #expect(error.position?.line == 2)
        }
    }

    /// A strong GC bias is removed: after correction, the bin-to-bin spread is close to Poisson.
    @Test func loessRemovesGCBias() throws {
        let layout = try NIPT.BinLayout(binSize: 50_000, sequences: NIPT.Chromosome.all.map { ("chr" + $0.name, 5_000_000) })
        var random = SystemRandomNumberGenerator()
        var gc = [Float](repeating: 0, count: layout.binCount)
        var counts = [UInt32](repeating: 0, count: layout.binCount)
        for b in 0..<layout.binCount {
            gc[b] = Float.random(in: 0.33...0.55, using: &random)
            let z = (Double(gc[b]) - 0.42) / 0.05
            let mean = 1000 * exp(0.25 * z - 0.08 * z * z)
            counts[b] = UInt32(max(0, (mean + mean.squareRoot() * Double.random(in: -1.7...1.7, using: &random)).rounded()))
        }
        let annotation = NIPT.BinAnnotation(layout: layout, gcFraction: gc, nFraction: [Float](repeating: 0, count: layout.binCount))
        let all = [Bool](repeating: true, count: layout.binCount)
        let corrected = NIPT.GCCorrection.correct(counts: counts, annotation: annotation, usable: all, fitBins: all)
        func cv(_ v: [Double]) -> Double { let s = NIPT.meanAndSD(v); return s.sd / s.mean }
        let before = cv(counts.map(Double.init)), after = cv(corrected)
        #expect(before > 0.15)
        #expect(after < 0.045, "CV after GC correction \(after) (Poisson alone is about 0.03)")
    }

    @Test func loessFitsAQuadraticExactly() {
        let x = (0..<50).map { Double($0) / 10 }
        let y = x.map { 2 + 0.5 * $0 - 0.3 * $0 * $0 }
        let fitted = NIPT.Loess(span: 0.75, degree: 2).fit(x: x, y: y)
        for (a, b) in zip(fitted, y) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func sampleSheetResolvesPathsAndRejectsDuplicates() throws {
        let dir = try TestPaths.temporaryDirectory("gx-nipt-sheet")
        let path = dir.appendingPathComponent("sheet.tsv").path
        try "sample\tpath\n# c\nP1\ta/P1.bam\nP2\t/abs/P2.cram\n".write(toFile: path, atomically: true, encoding: .utf8)
        let sheet = try NIPT.SampleSheet.read(from: path)
        #expect(sheet.entries.map(\.sample) == ["P1", "P2"])
        #expect(sheet.entries[0].path == dir.appendingPathComponent("a/P1.bam").path)
        #expect(sheet.entries[1].path == "/abs/P2.cram")
        try "P1\tx.bam\nP1\ty.bam\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try NIPT.SampleSheet.read(from: path)
            Issue.record("a duplicate sample must be refused")
        } catch let error as SeqError {
            #expect(error.position?.line == 2)
        }
        try "P1 x.bam\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SeqError.self) { try NIPT.SampleSheet.read(from: path) }
    }

    @Test func binCountsFileRoundTripAndErrors() throws {
        let dir = try TestPaths.temporaryDirectory("gx-nipt-bins")
        let layout = try NIPT.BinLayout(binSize: 50_000, sequences: Self.sequences)
        var stats = NIPT.BinCounts.Statistics()
        stats.records = 10; stats.counted = 7; stats.duplicate = 3
        let counts = NIPT.BinCounts(sample: "S1", layout: layout, counts: (0..<layout.binCount).map { UInt32($0 % 7) }, statistics: stats)
        let path = dir.appendingPathComponent("s1.gxbins").path
        try counts.write(to: path)
        let back = try NIPT.BinCounts.read(from: path)
        #expect(back.counts == counts.counts && back.sample == "S1" && back.statistics == stats && back.layout == layout)
        try "{\"format\": \"other\"}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SeqError.self) { try NIPT.BinCounts.read(from: path) }
    }
}
