extension Kmer {
    /// How the counter splits k-mers into bins: by the *minimizer* of each k-mer, so that the
    /// consecutive k-mers of a read that share a minimizer can be stored together as one
    /// "super-k-mer" (KMC's idea), and a k-mer and its reverse complement land in the same bin.
    ///
    /// The minimizer of a k-mer is its `m`-mer with the smallest ``Kmer/Binning/hash(mmer:)`` among
    /// its `k - m + 1` m-mers, each taken in canonical form when counting canonically. The bin is the
    /// top `log2(binCount)` bits of that hash. The function is part of the binary table format
    /// (``Kmer/Table``): a table records `m` and the bin count so a query can find a k-mer's bin.
    public struct Binning: Sendable, Equatable {
        /// The k-mer length.
        public let k: Int
        /// The minimizer length, 1...k.
        public let minimizerLength: Int
        /// The number of bins, a power of two >= 2.
        public let binCount: Int
        /// Whether m-mers are taken in canonical form.
        public let canonical: Bool

        @usableFromInline let binShift: UInt64

        /// Creates a binning.
        ///
        /// - Parameters:
        ///   - k: The k-mer length, 1...32.
        ///   - minimizerLength: 1...k.
        ///   - binCount: A power of two, 2...65536.
        ///   - canonical: Take m-mers in canonical form (required for canonical counting).
        public init(k: Int, minimizerLength: Int, binCount: Int, canonical: Bool) {
            precondition(k >= 1 && k <= 32 && minimizerLength >= 1 && minimizerLength <= k)
            precondition(binCount >= 2 && binCount <= 65536 && binCount & (binCount - 1) == 0)
            self.k = k
            self.minimizerLength = minimizerLength
            self.binCount = binCount
            self.canonical = canonical
            self.binShift = UInt64(64 - binCount.trailingZeroBitCount)
        }

        /// The default minimizer length for `k`: 11, or `k` when `k` is shorter.
        public static func defaultMinimizerLength(k: Int) -> Int { Swift.min(k, 11) }

        /// The order of m-mers: a bijective mix of the packed m-mer (offset so poly-A is not special).
        @inlinable @inline(__always)
        public static func hash(mmer: UInt64) -> UInt64 {
            Kmer.hash(mmer ^ 0x5851_F42D_4C95_7F2D)
        }

        /// The bin of a minimizer hash.
        @inlinable @inline(__always)
        public func bin(ofMinimizerHash hash: UInt64) -> Int {
            Int(truncatingIfNeeded: hash >> binShift)
        }

        /// The bin of one packed k-mer (O(k); the counter uses a rolling version).
        ///
        /// - Parameter kmer: A packed k-mer (either strand when canonical: both give the same bin).
        /// - Returns: Its bin, `0..<binCount`.
        @inlinable
        public func bin(of kmer: UInt64) -> Int {
            let m = minimizerLength
            let mmerMask = Kmer.mask(k: m)
            var best = UInt64.max
            var offset = 0
            while offset + m <= k {
                let mmer = (kmer >> UInt64(2 * (k - m - offset))) & mmerMask
                let key = canonical ? Kmer.canonical(mmer, k: m) : mmer
                best = Swift.min(best, Self.hash(mmer: key))
                offset += 1
            }
            return bin(ofMinimizerHash: best)
        }
    }
}
