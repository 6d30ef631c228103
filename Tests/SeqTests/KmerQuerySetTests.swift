import Testing
@testable import Seq

/// Oracle: every (payload, position, isReverseComplement) by brute force over the read's windows.
private func bruteForceMatches(read: [UInt8], kmers: [[UInt8]], k: Int, canonical: Bool) -> [Kmer.QuerySet.Match] {
    var matches: [Kmer.QuerySet.Match] = []
    guard read.count >= k else { return [] }
    for start in 0...(read.count - k) {
        let window = Array(read[start..<(start + k)]).map { $0 & ~0x20 }  // upper case
        guard Kmer.encode(window) != nil else { continue }
        for (payload, kmer) in kmers.enumerated() {
            if window == kmer {
                matches.append(.init(payload: UInt32(payload), position: start, isReverseComplement: false))
            } else if canonical && window == reverseComplementText(kmer) {
                matches.append(.init(payload: UInt32(payload), position: start, isReverseComplement: true))
            }
        }
    }
    return matches
}

@Test(arguments: [(5, true), (5, false), (31, true), (32, true), (32, false), (1, true)])
func querySetMatchesBruteForce(k: Int, canonical: Bool) throws {
    var random = KmerTestRandom(seed: UInt64(k * 2 + (canonical ? 1 : 0)))
    let reads = (0..<12).map { _ in randomSequence(length: 120, invalidRate: 0.02, using: &random) }
    // Members: windows taken from the reads (some reverse-complemented), plus random k-mers, plus one duplicate.
    var kmers: [[UInt8]] = []
    for index in 0..<30 {
        let read = reads[index % reads.count]
        let start = Int.random(in: 0...(read.count - k), using: &random)
        var window = Array(read[start..<(start + k)]).map { $0 & ~0x20 }
        if Kmer.encode(window) == nil { continue }
        if index % 3 == 0 { window = reverseComplementText(window) }
        kmers.append(window)
    }
    for _ in 0..<30 { kmers.append(randomSequence(length: k, invalidRate: 0, using: &random).map { $0 & ~0x20 }) }
    kmers.append(kmers[0])  // the same k-mer under a second payload
    let set = try Kmer.QuerySet(k: k, canonical: canonical, kmers: kmers.map { String(decoding: $0, as: UTF8.self) })
    #expect(set.count == kmers.count)
    #expect(set.maximumPayload == kmers.count - 1)
    for read in reads {
        let expected = bruteForceMatches(read: read, kmers: kmers, k: k, canonical: canonical)
        var found: [Kmer.QuerySet.Match] = []
        read.withUnsafeBufferPointer { buffer in set.forEachMatch(in: buffer) { found.append($0) } }
        let order: (Kmer.QuerySet.Match, Kmer.QuerySet.Match) -> Bool = {
            ($0.position, $0.payload) < ($1.position, $1.payload)
        }
        // Palindromic k-mers (k even) match both ways in the oracle; compare (payload, position) then.
        #expect(found.sorted(by: order).map { [$0.position, Int($0.payload)] }
                == expected.sorted(by: order).map { [$0.position, Int($0.payload)] })
        let nonPalindromic = expected.filter { Kmer.encode(kmers[Int($0.payload)]) != Kmer.encode(reverseComplementText(kmers[Int($0.payload)])) }
        for match in nonPalindromic { #expect(found.contains(match)) }
        var counts = [UInt32](repeating: 0, count: kmers.count)
        let total = set.countMatches(in: read, into: &counts)
        #expect(total == expected.count)
        var expectedCounts = [UInt32](repeating: 0, count: kmers.count)
        for match in expected { expectedCounts[Int(match.payload)] += 1 }
        #expect(counts == expectedCounts)
    }
}

@Test func querySetLargeUsesFilterAndStaysExact() throws {
    // More than 64 Ki k-mers turns the prefilter on.
    var random = KmerTestRandom(seed: 99)
    let k = 21
    let genome = randomSequence(length: 150_000, invalidRate: 0, using: &random).map { $0 & ~0x20 }
    var entries: [(UInt64, UInt32)] = []
    var seen = Set<UInt64>()
    genome.withUnsafeBufferPointer { buffer in
        Kmer.forEach(in: buffer, k: k) { position, forward, reverse in
            if position % 2 == 0 && seen.insert(min(forward, reverse)).inserted {
                entries.append((forward, UInt32(entries.count)))
            }
        }
    }
    let set = try Kmer.QuerySet(k: k, canonical: true, entries: entries, duplicates: .reject)
    #expect(set.storage.filter != nil)
    // Every even position hits exactly its payload (the genome is random, so repeats are vanishingly rare).
    var hits = 0
    var misses = 0
    genome.withUnsafeBufferPointer { buffer in
        Kmer.forEach(in: buffer, k: k) { position, forward, reverse in
            let found = set.lookup(forward)
            if seen.contains(min(forward, reverse)) { hits += found.count == 1 ? 1 : 0 } else { misses += found.isEmpty ? 1 : 0 }
        }
    }
    #expect(hits == seen.count)
    #expect(misses == genome.count - k + 1 - seen.count)
    let reverseGenome = reverseComplementText(genome)
    var counts = [UInt32](repeating: 0, count: entries.count)
    #expect(set.countMatches(in: reverseGenome, into: &counts) == entries.count)
}

@Test func querySetRejectsBadInput() {
    #expect(throws: SeqError.self) { try Kmer.QuerySet(k: 3, canonical: true, kmers: ["ACG", "ANG"]) }
    #expect(throws: SeqError.self) { try Kmer.QuerySet(k: 3, canonical: true, kmers: ["ACGT"]) }
    #expect(throws: SeqError.self) { try Kmer.QuerySet(k: 3, canonical: true, kmers: ["ACG", "CGT"], duplicates: .reject) }
    #expect(throws: Never.self) { try Kmer.QuerySet(k: 3, canonical: false, kmers: ["ACG", "CGT"], duplicates: .reject) }
    #expect(throws: SeqError.self) { try Kmer.QuerySet(k: 3, canonical: true, entries: [(UInt64(1) << 6, UInt32(0))]) }
    #expect(throws: SeqError.self) { try Kmer.QuerySet(k: 3, canonical: true, entries: [(UInt64(0), UInt32(1) << 31)]) }
}
