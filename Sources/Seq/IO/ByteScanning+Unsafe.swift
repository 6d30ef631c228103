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

    /// True if every byte is a sequence byte (16 at a time).
    @inline(__always)
    static func isValidSequence(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 16 <= n {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let letter = ((v | 0x20) &- 97) .< 26
            let ok = letter .| (v .== 45) .| (v .== 46) .| (v .== 42)
            if !all(ok) { return false }
            i += 16
        }
        while i < n {
            if !isSequenceByte(p[i]) { return false }
            i += 1
        }
        return true
    }

    /// True if every byte is a quality byte (16 at a time).
    @inline(__always)
    static func isValidQuality(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 16 <= n {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            if !all((v &- 33) .<= 93) { return false }
            i += 16
        }
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
