#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Kmer {
    /// A k-mer count table written by ``Kmer/Counter``, memory-mapped for queries.
    ///
    /// ## File format (version 1, little-endian)
    ///
    /// | offset | size | field |
    /// |---|---|---|
    /// | 0 | 8 | magic `GXKMTBL\0` |
    /// | 8 | 4 | version (1) |
    /// | 12 | 4 | k (1...32) |
    /// | 16 | 4 | flags: bit 0 = canonical k-mers |
    /// | 20 | 4 | minimizer length m (see ``Kmer/Binning``) |
    /// | 24 | 4 | bin count (power of two) |
    /// | 28 | 4 | minimum count kept (k-mers seen fewer times were dropped; 1 = none) |
    /// | 32 | 8 | distinct k-mers stored |
    /// | 40 | 8 | sum of the stored counts |
    /// | 48 | 8 | byte offset of the bin index |
    /// | 56 | 8 | reserved (0) |
    ///
    /// Then one section per bin: `n` packed k-mers (`UInt64`, 2 bits per base, `A=0 C=1 G=2 T=3`,
    /// ascending) followed by their `n` counts (`UInt32`), padded to a multiple of 8 bytes (a bin too
    /// large for memory is written as several such runs over disjoint, ascending k-mer ranges). The
    /// index is a run count (`UInt64`) then, per run, ordered by bin, its bin, byte offset and `n`
    /// (three `UInt64`). A k-mer's bin is ``Kmer/Binning/bin(of:)`` of its canonical form (canonical
    /// tables) or of itself.
    ///
    /// ```swift
    /// let table = try Kmer.Table(path: "reads.gxk")
    /// table.count(of: Kmer.encode("ACGTACGTACGTACGTACGTA")!)  // exact count, 0 when absent
    /// table.forEach { kmer, count in ... }
    /// print(table.histogram().jellyfishText())
    /// ```
    public final class Table: @unchecked Sendable {
        /// The file magic.
        public static let magic: [UInt8] = Array("GXKMTBL\0".utf8)
        /// The format version this library writes and reads.
        public static let version: UInt32 = 1
        /// The header size in bytes.
        public static let headerSize = 64

        /// The k-mer length.
        public let k: Int
        /// Whether k-mers were counted in canonical form.
        public let isCanonical: Bool
        /// Counts below this were dropped when writing (1 = nothing dropped).
        public let minimumCount: UInt32
        /// The number of distinct k-mers stored.
        public let distinctCount: UInt64
        /// The sum of the stored counts.
        public let totalCount: UInt64
        /// How k-mers are assigned to bins.
        public let binning: Binning

        private let base: UnsafeRawPointer
        private let length: Int
        /// Per bin, its sorted runs (one unless the bin was counted in several passes).
        private let sections: [[(offset: Int, count: Int)]]
        private let path: String

        /// Opens (memory-maps) a table.
        ///
        /// - Parameter path: A file written by ``Kmer/Counter``.
        /// - Throws: ``SeqError/Code-swift.struct/io`` when the file cannot be read,
        ///   ``SeqError/Code-swift.struct/unsupportedFormat`` when it is not a gx k-mer table (or a newer
        ///   version), ``SeqError/Code-swift.struct/truncated`` or
        ///   ``SeqError/Code-swift.struct/malformedRecord`` when it is damaged.
        public init(path: String) throws(SeqError) {
            self.path = path
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw SeqError(.io, "cannot open k-mer table: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else {
                throw SeqError(.io, "cannot stat k-mer table: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            let length = Int(info.st_size)
            guard length >= Self.headerSize else {
                throw SeqError(length >= 8 ? .truncated : .unsupportedFormat,
                               "not a gx k-mer table (\(length) bytes, header needs \(Self.headerSize))", position: .init(file: path))
            }
            guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
                throw SeqError(.io, "cannot map k-mer table: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            let base = UnsafeRawPointer(mapped)
            func fail(_ code: SeqError.Code, _ message: String) -> SeqError {
                munmap(mapped, length)
                return SeqError(code, message, position: .init(file: path))
            }
            guard Array(UnsafeRawBufferPointer(start: base, count: 8)) == Self.magic else {
                throw fail(.unsupportedFormat, "not a gx k-mer table (bad magic; expected GXKMTBL)")
            }
            func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
            func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
            let version = u32(8)
            guard version == Self.version else {
                throw fail(.unsupportedFormat, "k-mer table version \(version) is not supported (this gx reads version \(Self.version))")
            }
            let k = Int(u32(12)), m = Int(u32(20)), bins = Int(u32(24))
            guard k >= 1 && k <= 32, m >= 1 && m <= k, bins >= 2 && bins <= 65536 && bins & (bins - 1) == 0 else {
                throw fail(.malformedRecord, "k-mer table header is inconsistent (k \(k), minimizer length \(m), bins \(bins))")
            }
            let indexOffset = Int(clamping: u64(48))
            guard indexOffset >= Self.headerSize, indexOffset <= length - 8 else {
                throw fail(.truncated, "k-mer table is truncated: the bin index at byte \(indexOffset) is missing")
            }
            let runCount = Int(clamping: u64(indexOffset))
            guard runCount <= (length - indexOffset - 8) / 24 else {
                throw fail(.truncated, "k-mer table is truncated: its index lists \(runCount) runs")
            }
            var sections = [[(offset: Int, count: Int)]](repeating: [], count: bins)
            var distinct = 0
            for run in 0..<runCount {
                let entry = indexOffset + 8 + 24 * run
                let bin = Int(clamping: u64(entry)), offset = Int(clamping: u64(entry + 8)), count = Int(clamping: u64(entry + 16))
                guard bin < bins, offset % 8 == 0, offset >= Self.headerSize, offset <= indexOffset,
                      count <= (indexOffset - offset) / 12 else {
                    throw fail(.malformedRecord, "k-mer table run \(run + 1) points outside the file (bin \(bin), offset \(offset), \(count) k-mers)")
                }
                sections[bin].append((offset, count))
                distinct += count
            }
            guard UInt64(distinct) == u64(32) else {
                throw fail(.malformedRecord, "k-mer table says \(u64(32)) distinct k-mers but its runs hold \(distinct)")
            }
            let canonical = u32(16) & 1 != 0
            self.k = k
            self.isCanonical = canonical
            self.minimumCount = u32(28)
            self.distinctCount = u64(32)
            self.totalCount = u64(40)
            self.binning = Binning(k: k, minimizerLength: m, binCount: bins, canonical: canonical)
            self.base = base
            self.length = length
            self.sections = sections
        }

        deinit {
            munmap(UnsafeMutableRawPointer(mutating: base), length)
        }

        /// The count of a k-mer (of its canonical form in a canonical table).
        ///
        /// - Parameter kmer: A packed k-mer of length ``k``.
        /// - Returns: Its count, or 0 when it was not seen (or fell below ``minimumCount``).
        public func count(of kmer: UInt64) -> UInt32 {
            let key = isCanonical ? Kmer.canonical(kmer, k: k) : kmer
            for section in sections[binning.bin(of: key)] {
                let keys = (base + section.offset).assumingMemoryBound(to: UInt64.self)
                var low = 0, high = section.count
                while low < high {
                    let middle = (low + high) >> 1
                    if UInt64(littleEndian: keys[middle]) < key { low = middle + 1 } else { high = middle }
                }
                if low < section.count && UInt64(littleEndian: keys[low]) == key {
                    let counts = (base + section.offset + 8 * section.count).assumingMemoryBound(to: UInt32.self)
                    return UInt32(littleEndian: counts[low])
                }
            }
            return 0
        }

        /// The count of a k-mer given as text.
        ///
        /// - Parameter text: Exactly ``k`` bases of `ACGT` (any case).
        /// - Returns: Its count, 0 when absent.
        /// - Throws: ``SeqError/Code-swift.struct/invalidArgument`` when `text` is not `k` bases of
        ///   `ACGT` (`N` is never read as `A`).
        public func count(of text: String) throws(SeqError) -> UInt32 {
            let bytes = Array(text.utf8)
            guard bytes.count == k, let kmer = Kmer.encode(bytes) else {
                throw SeqError(.invalidArgument, "'\(text.prefix(40))' is not a \(k)-mer of A, C, G, T")
            }
            return count(of: kmer)
        }

        /// Calls `body` with every stored k-mer and its count, bin by bin (ascending within a bin).
        ///
        /// - Parameter body: Receives the packed k-mer and its count.
        /// - Throws: Whatever `body` throws.
        public func forEach(_ body: (_ kmer: UInt64, _ count: UInt32) throws -> Void) rethrows {
            for section in sections.joined() where section.count > 0 {
                let keys = (base + section.offset).assumingMemoryBound(to: UInt64.self)
                let counts = (base + section.offset + 8 * section.count).assumingMemoryBound(to: UInt32.self)
                for index in 0..<section.count {
                    try body(UInt64(littleEndian: keys[index]), UInt32(littleEndian: counts[index]))
                }
            }
        }

        /// One sorted run of the file: `count` ascending k-mers and their counts.
        struct Run {
            let keys: UnsafePointer<UInt64>
            let counts: UnsafePointer<UInt32>
            let count: Int

            @inline(__always) func key(_ index: Int) -> UInt64 { UInt64(littleEndian: keys[index]) }
            @inline(__always) func count(_ index: Int) -> UInt32 { UInt32(littleEndian: counts[index]) }
        }

        /// Every non-empty run, bin by bin (valid while the table is alive).
        func runs() -> [Run] {
            sections.joined().filter { $0.count > 0 }.map { section in
                Run(keys: (base + section.offset).assumingMemoryBound(to: UInt64.self),
                    counts: (base + section.offset + 8 * section.count).assumingMemoryBound(to: UInt32.self),
                    count: section.count)
            }
        }

        /// The histogram of the stored counts.
        public func histogram() -> Histogram {
            var histogram = Histogram()
            for section in sections.joined() where section.count > 0 {
                let counts = (base + section.offset + 8 * section.count).assumingMemoryBound(to: UInt32.self)
                for index in 0..<section.count {
                    histogram.add(count: UInt64(UInt32(littleEndian: counts[index])))
                }
            }
            return histogram
        }
    }
}
