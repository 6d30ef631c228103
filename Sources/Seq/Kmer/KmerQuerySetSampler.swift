extension Kmer {
    /// A prefilter that lets a ``QuerySet`` skip most of a read.
    ///
    /// With chunks of `s = ⌈k/2⌉` bases starting at every multiple of `w = k − s + 1` in the read, every window of
    /// `k` bases contains exactly one whole chunk (its start is the one multiple of `w` among the window's first `w`
    /// positions). A window can equal a member (or, in a canonical set, a member's reverse complement) only if that
    /// chunk is one of the member's `w` substrings of length `s`. The sampler keeps those substrings in a blocked
    /// filter (16 bits per substring, two bits set in one 64-bit word), so a read costs one 2-bit encoding per base
    /// and one filter probe per `w` bases; only the windows around a chunk the filter lets through are looked up in
    /// the table, exactly as before (false positives cost time, never a wrong answer).
    ///
    /// Made only where it pays: k ≥ 19 (chunks of at least 10 bases), and the members' chunks few enough that a
    /// random chunk rarely passes (at most 1/64 of all chunk values).
    @usableFromInline
    final class QuerySetSampler: @unchecked Sendable {
        /// `s`, the chunk length.
        @usableFromInline let chunkLength: Int
        /// `w`, the distance between chunk starts.
        @usableFromInline let step: Int
        @usableFromInline let words: UnsafeMutablePointer<UInt64>
        @usableFromInline let wordMask: UInt64

        /// Most member chunks counted with repeats (32 MiB while building); larger sets scan every window.
        static let maximumChunks = 1 << 22

        /// The sampler of a set with `keys` (canonical keys in a canonical set); nil where it would not pay.
        init?(k: Int, canonical: Bool, keys: [UInt64]) {
            guard k >= 19, !keys.isEmpty else { return nil }
            let s = (k + 1) / 2, w = k - s + 1
            guard keys.count * w * (canonical ? 2 : 1) <= Self.maximumChunks else { return nil }
            let chunkMask: UInt64 = (1 << (2 * UInt64(s))) - 1
            // The members' distinct chunks (overlapping members share many), sorted (8 bytes each, no hash set).
            var chunks: [UInt64] = []
            chunks.reserveCapacity(keys.count * w * (canonical ? 2 : 1))
            for key in keys {
                for word in canonical ? [key, Kmer.reverseComplement(key, k: k)] : [key] {
                    for offset in 0..<w { chunks.append((word >> (2 * UInt64(k - s - offset))) & chunkMask) }
                }
            }
            chunks.sort()
            var distinct = 0
            for index in chunks.indices where index == 0 || chunks[index] != chunks[index - 1] {
                chunks[distinct] = chunks[index]
                distinct += 1
            }
            // A random chunk must rarely pass: at most 1/64 of the 4^s chunk values may be members' chunks.
            guard distinct <= 1 << (2 * s - 6) else { return nil }
            var wordCount = 64
            while wordCount * 64 < distinct * 16 { wordCount <<= 1 }
            let words = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
            words.initialize(repeating: 0, count: wordCount)
            let wordMask = UInt64(wordCount - 1)
            for chunk in chunks.prefix(distinct) {
                let hash = Kmer.hash(chunk)
                words[Int((hash >> 32) & wordMask)] |= QuerySetStorage.filterBits(hash)
            }
            self.words = words
            self.wordMask = wordMask
            chunkLength = s
            step = w
        }

        deinit { words.deallocate() }

        /// Whether `chunk` may be a member's chunk.
        @inlinable @inline(__always)
        func mayContain(_ chunk: UInt64) -> Bool {
            let hash = Kmer.hash(chunk)
            let bits = QuerySetStorage.filterBits(hash)
            return words[Int((hash >> 32) & wordMask)] & bits == bits
        }

        /// The 2-bit codes of eight ASCII bases (one per byte, in place) and a flag (the byte's high bit) for each
        /// byte that is not `ACGTacgt`. `((b >> 1) ^ (b >> 2)) & 3` is A/a 0, C/c 1, G/g 2, T/t 3.
        @inlinable @inline(__always)
        static func codes(_ bytes: UInt64) -> (codes: UInt64, bad: UInt64) {
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
            // High bit of each byte set when the byte is not zero (exact, no borrow between bytes).
            @inline(__always) func nonzero(_ v: UInt64) -> UInt64 { (((v & low7) &+ low7) | v) & high }
            let upper = bytes & 0xDFDF_DFDF_DFDF_DFDF
            let bad = nonzero(upper ^ 0x4141_4141_4141_4141) & nonzero(upper ^ 0x4343_4343_4343_4343)
                & nonzero(upper ^ 0x4747_4747_4747_4747) & nonzero(upper ^ 0x5454_5454_5454_5454)
            return (((bytes >> 1) ^ (bytes >> 2)) & 0x0303_0303_0303_0303, bad)
        }

        /// Eight bytes from `offset`, the first in the lowest byte.
        @inlinable @inline(__always)
        static func word(_ base: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
            var word: UInt64 = 0
            for i in 0..<8 { word |= UInt64(base[offset &+ i]) << (8 * UInt64(i)) }
            return word
        }

        /// Eight byte-wide codes (the first in the lowest byte) packed into 16 bits, the first in the highest.
        @inlinable @inline(__always)
        static func pack(_ codes: UInt64) -> UInt64 {
            var t = ((codes & 0x00FF_00FF_00FF_00FF) << 2) | ((codes >> 8) & 0x00FF_00FF_00FF_00FF)
            t = ((t & 0x0000_FFFF_0000_FFFF) << 4) | ((t >> 16) & 0x0000_FFFF_0000_FFFF)
            return ((t & 0xFFFF_FFFF) << 8) | (t >> 32)
        }

        /// Calls `body(lower, upper)` for each run of window starts `lower...upper` that may hold a member, in
        /// order; runs of consecutive passing chunks come as one range. `sequence` has at least `k` bases.
        @inlinable
        func forEachCandidateStart(in sequence: UnsafeBufferPointer<UInt8>, k: Int,
                                   _ body: (_ lower: Int, _ upper: Int) throws -> Void) rethrows {
            guard let base = sequence.baseAddress else { return }
            let count = sequence.count, s = chunkLength, w = step
            let lastWindow = count &- k
            var pendingLower = -1, pendingUpper = -1
            var start = 0
            // A window starting at p ≤ lastWindow has its chunk at q ≤ p + w − 1, so q + s ≤ count.
            // The second word's bytes that belong to the chunk (flags are the bytes' high bits; first bytes low).
            let tailMask: UInt64 = s >= 16 ? ~0 : (1 << (8 * UInt64(s - 8))) &- 1
            while start &+ s <= count {
                var chunk: UInt64 = 0
                var valid: Bool
                if start &+ 16 <= count {
                    // 16 bases at once, eight per word (SWAR), the first base in the highest bits.
                    let (codes0, bad0) = Self.codes(Self.word(base, start))
                    let (codes1, bad1) = Self.codes(Self.word(base, start &+ 8))
                    chunk = (Self.pack(codes0) << 16 | Self.pack(codes1)) >> (2 * UInt64(16 &- s))
                    valid = (bad0 | (bad1 & tailMask)) == 0
                } else {
                    var codes: UInt8 = 0
                    for i in 0..<s {
                        let code = Kmer.codeTable[Int(base[start &+ i])]
                        codes |= code
                        chunk = chunk << 2 | UInt64(code & 3)
                    }
                    valid = codes & 4 == 0
                }
                // A chunk with a non-ACGT byte is in no valid window.
                if valid && mayContain(chunk) {
                    let lower = Swift.max(0, start &- (w &- 1)), upper = Swift.min(start, lastWindow)
                    if lower <= upper {
                        if pendingUpper >= 0 && lower == pendingUpper &+ 1 {
                            pendingUpper = upper
                        } else {
                            if pendingUpper >= 0 { try body(pendingLower, pendingUpper) }
                            pendingLower = lower
                            pendingUpper = upper
                        }
                    }
                }
                start &+= w
            }
            if pendingUpper >= 0 { try body(pendingLower, pendingUpper) }
        }
    }
}
