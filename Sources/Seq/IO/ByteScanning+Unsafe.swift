#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level kernels shared by the FASTQ/FASTA parsers: newline search and cheap validation.
///
/// All unsafe pointer code of the text parsers' inner loops lives here.
enum ByteScanning {
    /// The first `\n` in `[from, end)`, or nil.
    @inline(__always)
    static func newline(from: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        guard from < end else { return nil }
        guard let hit = memchr(from, 10, end - from) else { return nil }
        return hit.assumingMemoryBound(to: UInt8.self)
    }

    /// True for bytes allowed in a sequence: letters (any case: IUPAC codes, RNA `U`), `*`, `-`, `.`.
    @inline(__always)
    static func isSequenceByte(_ c: UInt8) -> Bool {
        ((c | 0x20) &- 97) < 26 || c == 45 || c == 46 || c == 42
    }

    /// True for Phred+33 quality characters `!`…`~`.
    @inline(__always)
    static func isQualityByte(_ c: UInt8) -> Bool {
        (c &- 33) <= 93
    }

    // SWAR constants: one value per byte lane of a UInt64.
    @usableFromInline static let lanes01: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let lanes20: UInt64 = 0x2020_2020_2020_2020
    @usableFromInline static let lanes7F: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    @usableFromInline static let lanes80: UInt64 = 0x8080_8080_8080_8080

    /// 8 bytes from `p + offset`, any alignment, lane 0 = first byte (little-endian hosts).
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each lane set where that lane is ≥ `bound` (lanes must be < 0x80, `bound` ≥ 1).
    @inline(__always)
    static func lanesAtLeast(_ w: UInt64, _ bound: UInt8) -> UInt64 {
        (w &+ lanes01 &* UInt64(0x80 - bound)) & lanes80
    }

    /// The high bit of each lane set where that lane is zero (exact: no carries between lanes).
    @inline(__always)
    static func zeroLanes(_ w: UInt64) -> UInt64 {
        ~(((w & lanes7F) &+ lanes7F) | w) & lanes80
    }

    /// True if every byte is a sequence byte, 8 bytes at a time (SWAR: Swift's SIMD masks do not
    /// vectorize here, plain 64-bit arithmetic does and is fast in debug builds too).
    @inline(__always)
    static func isValidSequence(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            let w = word(p, i)
            if w & lanes80 == 0 {
                // Case-folded letters are 0x61…0x7A.
                let folded = w | lanes20
                let letters = lanesAtLeast(folded, 0x61) & ~lanesAtLeast(folded, 0x7B)
                if letters == lanes80 { i += 8; continue }
            }
            for k in i..<(i + 8) where !isSequenceByte(p[k]) { return false }
            i += 8
        }
        while i < n {
            if !isSequenceByte(p[i]) { return false }
            i += 1
        }
        return true
    }

    /// True if every byte is a quality byte `!`…`~`, 8 bytes at a time.
    @inline(__always)
    static func isValidQuality(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        var bad: UInt64 = 0
        while i + 8 <= n {
            let w = word(p, i)
            // Invalid lanes: high bit set, below '!' (0x21), or 0x7F.
            bad |= (w & lanes80) | (~lanesAtLeast(w & lanes7F, 0x21) & lanes80) | lanesAtLeast(w & lanes7F, 0x7F)
            i += 8
        }
        if bad != 0 { return false }
        while i < n {
            if !isQualityByte(p[i]) { return false }
            i += 1
        }
        return true
    }

    /// Describes a byte for an error message: `'A'` or `0x09 (tab)`.
    static func describe(_ c: UInt8) -> String {
        switch c {
        case 9: return "tab (0x09)"
        case 32: return "space (0x20)"
        case 33...126: return "'\(Character(Unicode.Scalar(c)))' (0x\(String(c, radix: 16)))"
        default: return "byte 0x" + (c < 16 ? "0" : "") + String(c, radix: 16)
        }
    }
}

/// A growable byte buffer at a stable address between growths (scratch space for records that must
/// be assembled: multi-line sequences and qualities, FASTA records).
final class ByteScratch {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    func removeAll() { count = 0 }

    func append(_ source: UnsafePointer<UInt8>, _ n: Int) {
        guard n > 0 else { return }
        if count + n > capacity {
            var newCapacity = capacity * 2
            while newCapacity < count + n { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: pointer, count: count)
            pointer.deallocate()
            pointer = grown
            capacity = newCapacity
        }
        (pointer + count).update(from: source, count: n)
        count += n
    }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: pointer, count: count) }
}
