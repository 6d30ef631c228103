/// K-mers: 2-bit packed DNA words of length 1...32, their reverse complements and canonical forms.
///
/// A k-mer is stored in the low `2k` bits of a `UInt64`, first base in the highest used bit pair, with
/// `A = 0, C = 1, G = 2, T = 3` (the order jellyfish and KMC use, so the numeric order of packed k-mers
/// is their lexicographic order). Upper- and lower-case `ACGT` are accepted; every other byte (`N`,
/// IUPAC codes, `.`, `-`) is *invalid*: it breaks k-mers and never becomes `A`.
///
/// The **canonical** form of a k-mer is the smaller of the k-mer and its reverse complement, so a
/// k-mer and its reverse complement have the same canonical form.
///
/// ```swift
/// let kmer = Kmer.encode(Array("ACGTT".utf8))!          // 0b00_01_10_11_11
/// Kmer.decode(Kmer.reverseComplement(kmer, k: 5), k: 5)  // "AACGT"
/// Kmer.canonical(kmer, k: 5) == Kmer.canonical(Kmer.reverseComplement(kmer, k: 5), k: 5)  // true
/// ```
///
/// The hot-path types are ``Kmer/RollingEncoder`` (O(1) update per base of the forward and reverse
/// complement words), ``Kmer/forEach(in:k:_:)`` (allocation-free scan of a sequence), ``Kmer/QuerySet``
/// (which of a fixed set of k-mers does a read contain) and ``Kmer/Counter`` (exact counting).
public enum Kmer {
    /// The longest supported k-mer (32 bases fill a `UInt64`).
    public static let maximumLength = 32

    /// The 2-bit code of an invalid (non-`ACGT`) byte in ``codeTable``.
    public static let invalidCode: UInt8 = 4

    /// A 256-entry table from an ASCII byte to its 2-bit code (`A/a = 0, C/c = 1, G/g = 2, T/t = 3`),
    /// or ``invalidCode`` for every other byte.
    @usableFromInline
    nonisolated(unsafe) static let codeTable: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 4, count: 256)
        for (index, letter) in "ACGT".utf8.enumerated() {
            table[Int(letter)] = UInt8(index)
            table[Int(letter | 0x20)] = UInt8(index)
        }
        return UnsafePointer(table)
    }()

    /// The 2-bit code of an ASCII base, or ``invalidCode`` for anything but `ACGTacgt`.
    @inlinable @inline(__always)
    public static func code(of base: UInt8) -> UInt8 {
        codeTable[Int(base)]
    }

    /// The mask of the low `2k` bits.
    ///
    /// - Parameter k: The k-mer length, 1...32.
    /// - Returns: `(1 << 2k) - 1`, or all ones for `k == 32`.
    @inlinable @inline(__always)
    public static func mask(k: Int) -> UInt64 {
        k >= 32 ? UInt64.max : (UInt64(1) << UInt64(2 * k)) &- 1
    }

    /// Checks that `k` is a supported k-mer length.
    ///
    /// - Parameter k: The requested length.
    /// - Throws: ``SeqError/Code-swift.struct/invalidArgument`` unless `1 <= k <= 32`.
    public static func validate(k: Int) throws(SeqError) {
        guard k >= 1 && k <= maximumLength else {
            throw SeqError(.invalidArgument, "k-mer length \(k) is out of range: gx supports 1 <= k <= \(maximumLength)")
        }
    }

    /// The reverse complement of a packed k-mer, in O(1) (bit-parallel, no loop over bases).
    ///
    /// - Parameters:
    ///   - kmer: A k-mer packed in its low `2k` bits.
    ///   - k: Its length, 1...32.
    /// - Returns: The packed reverse complement.
    @inlinable @inline(__always)
    public static func reverseComplement(_ kmer: UInt64, k: Int) -> UInt64 {
        // Complement every base (A<->T, C<->G is bitwise NOT with this code), then reverse the order
        // of the 2-bit groups: swap pairs within nibbles, nibbles within bytes, then bytes.
        var x = ~kmer
        x = ((x >> 2) & 0x3333_3333_3333_3333) | ((x & 0x3333_3333_3333_3333) << 2)
        x = ((x >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((x & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        x = x.byteSwapped
        return x >> UInt64(64 - 2 * k)
    }

    /// The canonical form of a k-mer: the smaller of it and its reverse complement.
    ///
    /// - Parameters:
    ///   - kmer: A packed k-mer.
    ///   - k: Its length, 1...32.
    /// - Returns: `min(kmer, reverseComplement(kmer, k: k))`.
    @inlinable @inline(__always)
    public static func canonical(_ kmer: UInt64, k: Int) -> UInt64 {
        Swift.min(kmer, reverseComplement(kmer, k: k))
    }

    /// Packs an ASCII k-mer.
    ///
    /// - Parameter bases: 1...32 ASCII bases.
    /// - Returns: The packed k-mer, or `nil` when a byte is not `ACGTacgt` or the length is out of range.
    @inlinable
    public static func encode<Bases: Collection<UInt8>>(_ bases: Bases) -> UInt64? {
        guard !bases.isEmpty && bases.count <= maximumLength else { return nil }
        var value: UInt64 = 0
        for base in bases {
            let code = codeTable[Int(base)]
            if code > 3 { return nil }
            value = (value << 2) | UInt64(code)
        }
        return value
    }

    /// Packs an ASCII k-mer given as a string.
    ///
    /// - Parameter text: 1...32 bases.
    /// - Returns: The packed k-mer, or `nil` for a non-`ACGT` character or a bad length.
    public static func encode(_ text: String) -> UInt64? {
        encode(Array(text.utf8))
    }

    /// The ASCII letters (`ACGT`) of a packed k-mer.
    ///
    /// - Parameters:
    ///   - kmer: A packed k-mer.
    ///   - k: Its length, 1...32.
    /// - Returns: `k` upper-case letters.
    public static func decode(_ kmer: UInt64, k: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: k)
        write(kmer, k: k, into: &bytes, at: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the `k` ASCII letters of a packed k-mer into a byte buffer.
    ///
    /// - Parameters:
    ///   - kmer: A packed k-mer.
    ///   - k: Its length.
    ///   - buffer: The destination; must hold `offset + k` bytes.
    ///   - offset: Where the first letter goes.
    @inlinable
    public static func write(_ kmer: UInt64, k: Int, into buffer: inout [UInt8], at offset: Int) {
        let letters: (UInt8, UInt8, UInt8, UInt8) = (65, 67, 71, 84)
        var value = kmer
        var index = offset + k - 1
        while index >= offset {
            switch value & 3 {
            case 0: buffer[index] = letters.0
            case 1: buffer[index] = letters.1
            case 2: buffer[index] = letters.2
            default: buffer[index] = letters.3
            }
            value >>= 2
            index -= 1
        }
    }

    /// A 64-bit mixing function (the murmur3 finaliser): a bijection, so distinct k-mers get distinct
    /// hashes. Used to place k-mers in hash tables and bins.
    ///
    /// - Parameter value: Any 64-bit value.
    /// - Returns: Its well-mixed image.
    @inlinable @inline(__always)
    public static func hash(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}
