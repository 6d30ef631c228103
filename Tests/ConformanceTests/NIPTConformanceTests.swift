import Foundation
import Testing
import TestSupport
@testable import Seq

/// NIPT statistics on NIPTeR's real trisomy-21 sample (GRCh37, 50 kb bins, 12.75 M autosomal reads) with NIPTeR's
/// own GC table (`$GX_SHARED_DATA/nipt-NIPTeR/derived`).
@Suite("NIPT on NIPTeR's real sample")
struct NIPTConformanceTests {
    static let binsPerChromosome = 4985

    static func load() throws -> (NIPT.BinCounts, NIPT.BinAnnotation) {
        let folder = try TestPaths.requireSharedData().appendingPathComponent("nipt-NIPTeR/derived")
        let names = (1...22).map(String.init) + ["X", "Y"]
        let layout = try NIPT.BinLayout(binSize: 50_000, sequences: names.map { ($0, binsPerChromosome * 50_000) })
        func rows(_ file: String) throws -> [[Substring]] {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        }
        func index(_ row: [Substring]) throws -> Int {
            guard let c = layout.contigIndex(named: String(row[0])), let bin = Int(row[1]), (1...binsPerChromosome).contains(bin) else {
                throw NIPTFixturesError(description: "bad row \(row)")
            }
            return layout.binOffsets[c] + bin - 1
        }
        var counts = [UInt32](repeating: 0, count: layout.binCount)
        for row in try rows("Trisomy21_bins50kb.csv") { counts[try index(row)] = UInt32(row[4])! + UInt32(row[5])! }
        var gc = [Float](repeating: .nan, count: layout.binCount), n = [Float](repeating: 1, count: layout.binCount)
        for row in try rows("gc_percent_hg37_bins50kb.csv") where !row[2].isEmpty {
            let i = try index(row)
            gc[i] = Float(row[2])! / 100; n[i] = 0
        }
        var statistics = NIPT.BinCounts.Statistics()
        statistics.counted = counts.reduce(0) { $0 + Int($1) }
        return (NIPT.BinCounts(sample: "Trisomy04", layout: layout, counts: counts, statistics: statistics),
                NIPT.BinAnnotation(layout: layout, gcFraction: gc, nFraction: n))
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test func readTotalsMatchTheManifest() throws {
        let (counts, _) = try Self.load()
        let autosomal = NIPT.Chromosome.autosomes.reduce(0) { $0 + counts.total(of: $1) }
        #expect(autosomal == 12_750_265)
        let chr21 = Double(counts.total(of: .chr21)) / Double(autosomal)
        #expect(abs(chr21 - 0.0141) < 0.0005, "raw chr21 fraction \(chr21)")
    }

    /// On real cfDNA, read depth follows GC strongly; after the LOESS correction it no longer does, and the bins
    /// are less variable.
    @Test func loessRemovesTheGCDependenceOfRealData() throws {
        let (counts, annotation) = try Self.load()
        let chromosomeOfBin = counts.layout.chromosomeOfBin
        let raw = counts.counts.map(Double.init)
        let positive = raw.filter { $0 > 0 }.sorted()
        let median = positive[positive.count / 2]
        // Usable: autosomal, GC known, coverage within 5 %–300 % of the median (mappability outliers out).
        let usable = (0..<raw.count).map { b in
            chromosomeOfBin[b].isAutosome && !annotation.gcFraction[b].isNaN && raw[b] > 0.05 * median && raw[b] < 3 * median
        }
        let corrected = NIPT.GCCorrection.correct(counts: counts.counts, annotation: annotation, usable: usable, fitBins: usable)
        let bins = (0..<raw.count).filter { usable[$0] && corrected[$0] > 0 }
        let gc = bins.map { Double(annotation.gcFraction[$0]) }
        let before = Self.correlation(gc, bins.map { raw[$0] })
        let after = Self.correlation(gc, bins.map { corrected[$0] })
        #expect(abs(before) > 0.2, "GC–depth correlation of the raw counts: \(before)")
        #expect(abs(after) < 0.05, "GC–depth correlation after LOESS: \(after)")
        let robustBefore = NIPT.robustSD(bins.map { raw[$0] / median })
        let robustAfter = NIPT.robustSD(bins.map { corrected[$0] / median })
        #expect(robustAfter < robustBefore * 0.95, "robust CV \(robustBefore) → \(robustAfter)")
    }
}

struct NIPTFixturesError: Error, CustomStringConvertible { var description: String }
