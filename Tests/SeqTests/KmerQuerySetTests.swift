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

@Test(arguments: [(5, true), (5, false), (19, true), (20, false), (21, true), (25, true), (31, true), (31, false),
                  (32, true), (32, false), (1, true)])
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

/// The chunk sampler (k ≥ 19) must find exactly what a full scan finds, at every read length and position: reads from
/// shorter than k to a few hundred bases, members planted at the start, the end and everywhere between, on both
/// strands, with non-ACGT bytes around.
@Test(arguments: [19, 21, 24, 31, 32])
func querySetSamplerSkipsNothing(k: Int) throws {
    var random = KmerTestRandom(seed: UInt64(1000 + k))
    let members = (0..<40).map { _ in randomSequence(length: k, invalidRate: 0, using: &random).map { $0 & ~0x20 } }
    for canonical in [true, false] {
        let set = try Kmer.QuerySet(k: k, canonical: canonical, kmers: members.map { String(decoding: $0, as: UTF8.self) })
        #expect(set.storage.sampler != nil, "k = \(k): the sampler should be on")
        for length in Array(0...(k + 2)) + [47, 64, 100, 151, 250, 400] {
            for trial in 0..<6 {
                var read = randomSequence(length: length, invalidRate: trial == 5 ? 0.03 : 0, using: &random)
                // Plant members (some reverse-complemented) at the ends and in between.
                if length >= k {
                    for (n, start) in [0, length - k, Int.random(in: 0...(length - k), using: &random)].enumerated() {
                        var member = members[Int.random(in: 0..<members.count, using: &random)]
                        if (n + trial) % 2 == 1 { member = reverseComplementText(member) }
                        read.replaceSubrange(start..<(start + k), with: member)
                    }
                }
                let expected = bruteForceMatches(read: read, kmers: members, k: k, canonical: canonical)
                var found: [Kmer.QuerySet.Match] = []
                read.withUnsafeBufferPointer { buffer in set.forEachMatch(in: buffer) { found.append($0) } }
                let order: (Kmer.QuerySet.Match, Kmer.QuerySet.Match) -> Bool = { ($0.position, $0.payload) < ($1.position, $1.payload) }
                #expect(found.map { [$0.position, Int($0.payload)] } == found.sorted(by: order).map { [$0.position, Int($0.payload)] },
                        "matches come in read order")
                #expect(found.sorted(by: order).map { [$0.position, Int($0.payload)] }
                        == expected.sorted(by: order).map { [$0.position, Int($0.payload)] }, "k \(k) length \(length) trial \(trial)")
                var counts = [UInt32](repeating: 0, count: members.count)
                #expect(set.countMatches(in: read, into: &counts) == expected.count)
            }
        }
    }
}

/// A small set over a long sequence (the panel's genome-uniqueness count): the sampled scan counts what a full scan
/// of every window counts.
@Test func querySetSamplerCountsALongSequenceLikeAFullScan() throws {
    var random = KmerTestRandom(seed: 77)
    let genome = randomSequence(length: 300_000, invalidRate: 0.001, using: &random)
    let k = 31
    var members: [UInt64] = []
    genome.withUnsafeBufferPointer { buffer in
        Kmer.forEach(in: buffer, k: k) { position, forward, _ in if position % 9_973 == 0 { members.append(forward) } }
    }
    let set = try Kmer.QuerySet(k: k, canonical: true, entries: members.enumerated().map { ($0.element, UInt32($0.offset)) })
    #expect(set.storage.sampler != nil)
    var sampled = [UInt32](repeating: 0, count: members.count)
    #expect(set.countMatches(in: genome, into: &sampled) >= members.count)
    var full = [UInt32](repeating: 0, count: members.count)
    genome.withUnsafeBufferPointer { buffer in
        Kmer.forEach(in: buffer, k: k) { _, forward, _ in
            for (payload, _) in set.lookup(forward) { full[Int(payload)] += 1 }
        }
    }
    #expect(sampled == full)
}

@Test func samplerEncodesEightBasesAtOnceLikeTheTable() {
    // Every byte value in every lane: the code and the not-a-base flag agree with Kmer.codeTable.
    for value in 0...255 {
        for lane in 0..<8 {
            var bytes = [UInt8](repeating: UInt8(ascii: "A"), count: 8)
            bytes[lane] = UInt8(value)
            let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            let (codes, bad) = Kmer.QuerySetSampler.codes(word)
            let code = Kmer.codeTable[value]
            #expect((bad != 0) == (code == Kmer.invalidCode), "byte \(value) lane \(lane)")
            #expect(bad & ~(UInt64(0x80) << (8 * UInt64(lane))) == 0, "only lane \(lane) may be flagged")
            if code != Kmer.invalidCode { #expect((codes >> (8 * UInt64(lane))) & 3 == UInt64(code)) }
        }
    }
    var random = KmerTestRandom(seed: 3)
    for _ in 0..<200 {
        let bases = randomSequence(length: 8, invalidRate: 0, using: &random)
        let word = bases.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        #expect(Kmer.QuerySetSampler.pack(Kmer.QuerySetSampler.codes(word).codes) == Kmer.encode(bases))
    }
}

@Test func querySetSamplerIsLeftOutWhereItWouldNotPay() throws {
    var random = KmerTestRandom(seed: 5)
    // k = 18: chunks of 9 bases would pass too often.
    let short = try Kmer.QuerySet(k: 18, canonical: true, kmers: [String(decoding: randomSequence(length: 18, invalidRate: 0, using: &random).map { $0 & ~0x20 }, as: UTF8.self)])
    #expect(short.storage.sampler == nil)
    // 2,000 19-mers: their 10-base chunks would be more than 1/64 of all 4^10.
    let many = (0..<2000).map { _ in String(decoding: randomSequence(length: 19, invalidRate: 0, using: &random).map { $0 & ~0x20 }, as: UTF8.self) }
    #expect(try Kmer.QuerySet(k: 19, canonical: true, kmers: many).storage.sampler == nil)
    #expect(try Kmer.QuerySet(k: 31, canonical: true, kmers: Array(many.prefix(10)).map { $0 + String($0.prefix(12)) }).storage.sampler != nil)
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
