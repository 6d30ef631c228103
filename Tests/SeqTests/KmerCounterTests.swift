import Foundation
import Testing
import TestSupport
@testable import Seq

/// Reads drawn from a random genome (both strands), with sequencing-like substitutions and Ns.
private func simulatedReads(count: Int, length: Int, seed: UInt64) -> [[UInt8]] {
    var random = KmerTestRandom(seed: seed)
    let genome = randomSequence(length: 5_000, invalidRate: 0, using: &random).map { $0 & ~0x20 }
    var reads: [[UInt8]] = []
    for index in 0..<count {
        let start = Int.random(in: 0...(genome.count - length), using: &random)
        var read = Array(genome[start..<(start + length)])
        if index % 2 == 1 { read = reverseComplementText(read) }
        for position in read.indices {
            let roll = Double.random(in: 0..<1, using: &random)
            if roll < 0.01 { read[position] = UInt8(ascii: "N") } else if roll < 0.02 { read[position] = Array("ACGT".utf8).randomElement(using: &random)! }
        }
        if index % 7 == 0 { read = read.map { $0 | 0x20 } }  // lower case counts like upper case
        reads.append(read)
    }
    reads.append(Array("ACGTN".utf8))  // shorter than k: no k-mers
    reads.append([])
    return reads
}

/// Exact counts by brute force.
private func oracleCounts(_ reads: [[UInt8]], k: Int, canonical: Bool) -> [UInt64: Int] {
    var counts: [UInt64: Int] = [:]
    for read in reads where read.count >= k {
        for start in 0...(read.count - k) {
            guard let forward = Kmer.encode(read[start..<(start + k)]) else { continue }
            let key = canonical ? Kmer.canonical(forward, k: k) : forward
            counts[key, default: 0] += 1
        }
    }
    return counts
}

private func countWithCounter(_ reads: [[UInt8]], configuration: Kmer.CounterConfiguration, directory: URL) throws -> (Kmer.CounterSummary, Kmer.Table) {
    let path = directory.appendingPathComponent("counts-\(configuration.k).gxk").path
    let counter = try Kmer.Counter(configuration: configuration, outputPath: path)
    var remaining = reads[...]
    try counter.run { batch in
        // Several small batches, so that all worker threads get some.
        for _ in 0..<50 {
            guard let read = remaining.popFirst() else { return false }
            batch.append(read)
        }
        return !remaining.isEmpty
    }
    let summary = try counter.finish()
    return (summary, try Kmer.Table(path: path))
}

@Test(arguments: [(1, true, 1), (5, false, 2), (21, true, 2), (31, true, 1), (32, true, 2), (32, false, 1)])
func counterMatchesBruteForce(k: Int, canonical: Bool, threads: Int) throws {
    let directory = try TestPaths.temporaryDirectory("gx-kmer-counter")
    defer { try? FileManager.default.removeItem(at: directory) }
    let reads = simulatedReads(count: 400, length: 100, seed: UInt64(k))
    var configuration = Kmer.CounterConfiguration(k: k, canonical: canonical, threads: threads, memoryLimit: 256 << 20)
    configuration.binCount = 16
    let (summary, table) = try countWithCounter(reads, configuration: configuration, directory: directory)
    let expected = oracleCounts(reads, k: k, canonical: canonical)
    #expect(summary.sequences == reads.count)
    #expect(summary.bases == reads.reduce(0) { $0 + $1.count })
    #expect(summary.distinctKmers == UInt64(expected.count))
    #expect(summary.kmerOccurrences == UInt64(expected.values.reduce(0, +)))
    #expect(table.k == k && table.isCanonical == canonical)
    #expect(table.distinctCount == UInt64(expected.count))
    #expect(table.totalCount == UInt64(expected.values.reduce(0, +)))
    var seen: [UInt64: Int] = [:]
    table.forEach { kmer, count in seen[kmer] = Int(count) }
    #expect(seen == expected)
    for (kmer, count) in expected.prefix(300) {
        #expect(table.count(of: kmer) == UInt32(count))
        if canonical { #expect(table.count(of: Kmer.reverseComplement(kmer, k: k)) == UInt32(count)) }
    }
    var histogram = Kmer.Histogram()
    for count in expected.values { histogram.add(count: UInt64(count)) }
    #expect(table.histogram() == histogram)
    #expect(summary.histogram == histogram)
    // No temporary bin folder is left behind.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("gx-kmer-") }
    #expect(leftovers.isEmpty)
}

@Test func counterSplitsLargeBinsIntoPassesAndDropsRareKmers() throws {
    let directory = try TestPaths.temporaryDirectory("gx-kmer-split")
    defer { try? FileManager.default.removeItem(at: directory) }
    let reads = simulatedReads(count: 600, length: 120, seed: 5)
    var configuration = Kmer.CounterConfiguration(k: 25, canonical: true, threads: 2, memoryLimit: 256 << 20, minimumCount: 2)
    configuration.binCount = 4
    configuration.passCapacityOverride = 3000
    let (summary, table) = try countWithCounter(reads, configuration: configuration, directory: directory)
    #expect(summary.splitBins > 0)
    let expected = oracleCounts(reads, k: 25, canonical: true)
    #expect(summary.distinctKmers == UInt64(expected.count))
    let kept = expected.filter { $0.value >= 2 }
    #expect(table.distinctCount == UInt64(kept.count))
    #expect(table.minimumCount == 2)
    for (kmer, count) in expected.prefix(500) {
        #expect(table.count(of: kmer) == (count >= 2 ? UInt32(count) : 0))
    }
}

@Test func counterRejectsBadSettingsAndTables() throws {
    let directory = try TestPaths.temporaryDirectory("gx-kmer-errors")
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("x.gxk").path
    #expect(throws: SeqError.self) { try Kmer.Counter(configuration: .init(k: 33), outputPath: out) }
    #expect(throws: SeqError.self) { try Kmer.Counter(configuration: .init(k: 21, threads: 0), outputPath: out) }
    do {
        _ = try Kmer.Counter(configuration: .init(k: 21, threads: 2, memoryLimit: 1 << 20), outputPath: out)
        Issue.record("a 1 MiB memory limit was accepted")
    } catch {
        #expect(error.code == .resourceLimit)
        #expect(error.message.contains("too small"))
    }
    // Not a table / truncated table.
    try Data("hello, world".utf8).write(to: URL(fileURLWithPath: out))
    #expect(throws: SeqError.self) { try Kmer.Table(path: out) }
    try Data(Kmer.Table.magic + [UInt8](repeating: 0, count: 100)).write(to: URL(fileURLWithPath: out))
    #expect(throws: SeqError.self) { try Kmer.Table(path: out) }
    #expect(throws: SeqError.self) { try Kmer.Table(path: directory.appendingPathComponent("missing.gxk").path) }
    #expect(try Kmer.CounterConfiguration.parseMemorySize("2G") == 2 << 30)
    #expect(try Kmer.CounterConfiguration.parseMemorySize("512m") == 512 << 20)
    #expect(try Kmer.CounterConfiguration.parseMemorySize("1.5GiB") == 3 << 29)
    #expect(throws: SeqError.self) { try Kmer.CounterConfiguration.parseMemorySize("lots") }
}

@Test func histogramFormatsLikeJellyfish() {
    var histogram = Kmer.Histogram()
    histogram.add(count: 1, frequency: 30)
    histogram.add(count: 3, frequency: 2)
    histogram.add(count: 150, frequency: 4)
    histogram.add(count: 20_000, frequency: 1)
    #expect(histogram.jellyfishText() == "1 30\n3 2\n150 4\n10001 1\n")
    #expect(histogram.jellyfishText(low: 2, high: 100) == "3 2\n101 5\n")
}

@Test func binningIsStrandIndependentForCanonicalKmers() {
    var random = KmerTestRandom(seed: 17)
    for k in [1, 11, 21, 31, 32] {
        let binning = Kmer.Binning(k: k, minimizerLength: Kmer.Binning.defaultMinimizerLength(k: k), binCount: 256, canonical: true)
        for _ in 0..<500 {
            let kmer = Kmer.encode(randomSequence(length: k, invalidRate: 0, using: &random))!
            #expect(binning.bin(of: kmer) == binning.bin(of: Kmer.reverseComplement(kmer, k: k)))
        }
    }
}
