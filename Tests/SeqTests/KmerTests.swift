import Testing
import TestSupport
@testable import Seq

/// SplitMix64 from TestSupport, under this file's historical name.
typealias KmerTestRandom = SplitMix64

/// Random bases, with roughly `invalidRate` of them replaced by N or other non-ACGT bytes, and some lower case.
func randomSequence(length: Int, invalidRate: Double, using random: inout KmerTestRandom) -> [UInt8] {
    let letters = Array("ACGTacgt".utf8)
    let invalid = Array("NnRY.-".utf8)
    return (0..<length).map { _ in
        if Double.random(in: 0..<1, using: &random) < invalidRate { return invalid.randomElement(using: &random)! }
        return letters.randomElement(using: &random)!
    }
}

/// Reverse complement of ASCII text (test oracle, independent of the bit tricks).
func reverseComplementText(_ bases: [UInt8]) -> [UInt8] {
    bases.reversed().map { base -> UInt8 in
        switch base | 0x20 {
        case UInt8(ascii: "a"): return UInt8(ascii: "T")
        case UInt8(ascii: "c"): return UInt8(ascii: "G")
        case UInt8(ascii: "g"): return UInt8(ascii: "C")
        case UInt8(ascii: "t"): return UInt8(ascii: "A")
        default: return UInt8(ascii: "N")
        }
    }
}

@Test func encodeDecodeRoundTripsAndOrdersLexicographically() {
    #expect(Kmer.encode("A") == 0)
    #expect(Kmer.encode("T") == 3)
    #expect(Kmer.encode("ACGT") == 0b00_01_10_11)
    #expect(Kmer.encode("acgt") == 0b00_01_10_11)
    #expect(Kmer.encode("ACNT") == nil)
    #expect(Kmer.encode("") == nil)
    #expect(Kmer.encode(String(repeating: "A", count: 33)) == nil)
    #expect(Kmer.encode(String(repeating: "T", count: 32)) == UInt64.max)
    #expect(Kmer.decode(Kmer.encode("GATTACA")!, k: 7) == "GATTACA")
    // Numeric order is lexicographic order.
    let words = ["AAAC", "ACGT", "CAAA", "GTTT", "TAAA"]
    let values = words.map { Kmer.encode($0)! }
    #expect(values == values.sorted())
    #expect(Kmer.code(of: UInt8(ascii: "N")) == Kmer.invalidCode)
}

@Test(arguments: [1, 2, 11, 21, 31, 32])
func reverseComplementAndCanonicalProperties(k: Int) {
    var random = KmerTestRandom(seed: UInt64(k) * 7919)
    for _ in 0..<2000 {
        let bases = randomSequence(length: k, invalidRate: 0, using: &random)
        let kmer = Kmer.encode(bases)!
        let reverse = Kmer.reverseComplement(kmer, k: k)
        // Against the text oracle.
        #expect(Kmer.decode(reverse, k: k) == String(decoding: reverseComplementText(bases), as: UTF8.self))
        // An involution.
        #expect(Kmer.reverseComplement(reverse, k: k) == kmer)
        // canonical(k) == canonical(revcomp(k)), and it is one of the two.
        #expect(Kmer.canonical(kmer, k: k) == Kmer.canonical(reverse, k: k))
        #expect(Kmer.canonical(kmer, k: k) == min(kmer, reverse))
        #expect(reverse & ~Kmer.mask(k: k) == 0)
    }
}

@Test(arguments: [1, 31, 32])
func rollingEqualsRecomputedWithNs(k: Int) {
    var random = KmerTestRandom(seed: 42 + UInt64(k))
    for round in 0..<60 {
        let sequence = randomSequence(length: 50 + round * 7, invalidRate: round % 3 == 0 ? 0.0 : 0.04, using: &random)
        // Oracle: every window of k bytes that is all ACGT, encoded from scratch.
        var expected: [Kmer.Occurrence] = []
        if sequence.count >= k {
            for start in 0...(sequence.count - k) {
                let window = Array(sequence[start..<(start + k)])
                guard let forward = Kmer.encode(window) else { continue }
                let reverse = Kmer.encode(reverseComplementText(window))!
                expected.append(Kmer.Occurrence(position: start, forward: forward, reverse: reverse))
            }
        }
        var rolled: [Kmer.Occurrence] = []
        sequence.withUnsafeBufferPointer { buffer in
            Kmer.forEach(in: buffer, k: k) { position, forward, reverse in
                rolled.append(Kmer.Occurrence(position: position, forward: forward, reverse: reverse))
            }
        }
        #expect(rolled == expected)
        var iterated: [Kmer.Occurrence] = []
        sequence.withUnsafeBufferPointer { buffer in
            var iterator = Kmer.Iterator(buffer, k: k)
            while let occurrence = iterator.next() { iterated.append(occurrence) }
        }
        #expect(iterated == expected)
    }
}

@Test func nonACGTBreaksKmersAndNeverBecomesA() {
    let sequence = Array("AAANAAAA".utf8)
    var found: [Int] = []
    sequence.withUnsafeBufferPointer { buffer in
        Kmer.forEach(in: buffer, k: 4) { position, _, _ in found.append(position) }
    }
    #expect(found == [4])
    // An N-only or short sequence yields nothing; an empty buffer is fine.
    var none = 0
    Array("NNNNNNNN".utf8).withUnsafeBufferPointer { Kmer.forEach(in: $0, k: 3) { _, _, _ in none += 1 } }
    [UInt8]().withUnsafeBufferPointer { Kmer.forEach(in: $0, k: 3) { _, _, _ in none += 1 } }
    #expect(none == 0)
}

@Test func validateRejectsOutOfRangeK() {
    #expect(throws: SeqError.self) { try Kmer.validate(k: 0) }
    #expect(throws: SeqError.self) { try Kmer.validate(k: 33) }
    #expect(throws: Never.self) { try Kmer.validate(k: 32) }
}
