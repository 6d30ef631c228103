// Decoding of the BAM record blob (htslib's bam1_t data layout):
// qname (NUL-terminated, l_qname incl. extra NULs) | cigar (n_cigar × UInt32) | seq (4-bit, (l_qseq+1)/2) |
// qual (l_qseq) | aux (rest). Shared by the borrowed view and the owned record.

/// The pieces of one record blob, as raw pointers and lengths.
@usableFromInline
struct AlignmentRawRecord {
    @usableFromInline let data: UnsafeRawPointer
    @usableFromInline let dataLength: Int
    @usableFromInline let nameLength: Int        // l_qname, including NUL padding
    @usableFromInline let cigarCount: Int
    @usableFromInline let sequenceLength: Int

    @usableFromInline init(data: UnsafeRawPointer, dataLength: Int, nameLength: Int, cigarCount: Int, sequenceLength: Int) {
        self.data = data; self.dataLength = dataLength; self.nameLength = nameLength
        self.cigarCount = cigarCount; self.sequenceLength = sequenceLength
    }

    var cigarOffset: Int { nameLength }
    var sequenceOffset: Int { nameLength + 4 * cigarCount }
    var qualityOffset: Int { sequenceOffset + (sequenceLength + 1) / 2 }
    var auxOffset: Int { qualityOffset + sequenceLength }

    /// The read name (QNAME) bytes without the terminating NULs.
    func nameBytes() -> UnsafeRawBufferPointer {
        let p = data.assumingMemoryBound(to: UInt8.self)
        var n = 0
        while n < nameLength && p[n] != 0 { n += 1 }
        return UnsafeRawBufferPointer(start: data, count: n)
    }

    func name() -> String {
        String(decoding: nameBytes(), as: UTF8.self)
    }

    func packedCigar(_ i: Int) -> UInt32 {
        data.loadUnaligned(fromByteOffset: cigarOffset + 4 * i, as: UInt32.self)
    }

    func cigar() -> [Alignment.CigarOperation] {
        var ops: [Alignment.CigarOperation] = []
        ops.reserveCapacity(cigarCount)
        for i in 0..<cigarCount { ops.append(.init(packed: packedCigar(i))) }
        return ops
    }

    /// The 4-bit code (htslib seq_nt16) of base `i`.
    func baseCode(_ i: Int) -> UInt8 {
        let byte = data.load(fromByteOffset: sequenceOffset + i >> 1, as: UInt8.self)
        return (i & 1) == 0 ? byte >> 4 : byte & 0xF
    }

    func sequence() -> [UInt8] {
        guard sequenceLength > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: sequenceLength) { buffer, count in
            for i in 0..<sequenceLength { buffer[i] = alignmentNucleotide16[Int(baseCode(i))] }
            count = sequenceLength
        }
    }

    /// Phred base qualities (no +33 offset); empty when QUAL is `*` (stored as 0xFF).
    func qualityScores() -> [UInt8] {
        guard sequenceLength > 0 else { return [] }
        let q = data + qualityOffset
        if q.load(as: UInt8.self) == 0xFF { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: q, count: sequenceLength))
    }

    func quality(_ i: Int) -> UInt8 { data.load(fromByteOffset: qualityOffset + i, as: UInt8.self) }

    var auxBytes: UnsafeRawBufferPointer {
        let start = min(auxOffset, dataLength)
        return UnsafeRawBufferPointer(start: data + start, count: dataLength - start)
    }
}

/// `=ACMGRSVTWYHKDBN`: htslib's seq_nt16_str.
@usableFromInline
let alignmentNucleotide16: [UInt8] = Array("=ACMGRSVTWYHKDBN".utf8)

/// Parses the aux area of a record into typed fields.
enum AlignmentAuxParser {
    /// Every field in order; throws on a field that runs past the end.
    static func fields(_ aux: UnsafeRawBufferPointer) throws(SeqError) -> [Alignment.AuxField] {
        var result: [Alignment.AuxField] = []
        var offset = 0
        while offset < aux.count {
            let (field, next) = try parse(aux, at: offset)
            result.append(field)
            offset = next
        }
        return result
    }

    /// The value of `tag`, or nil.
    static func value(_ aux: UnsafeRawBufferPointer, tag: String) throws(SeqError) -> Alignment.AuxValue? {
        let t = Array(tag.utf8)
        guard t.count == 2 else { return nil }
        var offset = 0
        while offset < aux.count {
            guard offset + 3 <= aux.count else { throw bad("aux field header runs past the record end") }
            if aux[offset] == t[0] && aux[offset + 1] == t[1] {
                return try parse(aux, at: offset).0.value
            }
            offset = try skip(aux, at: offset)
        }
        return nil
    }

    private static func bad(_ message: String) -> SeqError { SeqError(.malformedRecord, message) }

    private static func elementSize(_ type: UInt8) -> Int? {
        switch type {
        case UInt8(ascii: "A"), UInt8(ascii: "c"), UInt8(ascii: "C"): 1
        case UInt8(ascii: "s"), UInt8(ascii: "S"): 2
        case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "f"): 4
        case UInt8(ascii: "d"): 8
        default: nil
        }
    }

    private static func skip(_ aux: UnsafeRawBufferPointer, at offset: Int) throws(SeqError) -> Int {
        let type = aux[offset + 2]
        var p = offset + 3
        if let size = elementSize(type) {
            p += size
        } else if type == UInt8(ascii: "Z") || type == UInt8(ascii: "H") {
            while p < aux.count && aux[p] != 0 { p += 1 }
            p += 1
        } else if type == UInt8(ascii: "B") {
            guard p + 5 <= aux.count, let size = elementSize(aux[p]) else { throw bad("malformed B-array aux field") }
            let n = Int(aux.loadUnaligned(fromByteOffset: p + 1, as: UInt32.self))
            p += 5 + n * size
        } else {
            throw bad("unknown aux type '\(String(UnicodeScalar(type)))'")
        }
        guard p <= aux.count else { throw bad("aux field runs past the record end") }
        return p
    }

    private static func parse(_ aux: UnsafeRawBufferPointer, at offset: Int) throws(SeqError) -> (Alignment.AuxField, Int) {
        guard offset + 3 <= aux.count else { throw bad("aux field header runs past the record end") }
        let next = try skip(aux, at: offset)
        let tag = String(decoding: [aux[offset], aux[offset + 1]], as: UTF8.self)
        let type = aux[offset + 2]
        let p = offset + 3
        func load<T>(_: T.Type, _ at: Int) -> T { aux.loadUnaligned(fromByteOffset: at, as: T.self) }
        let value: Alignment.AuxValue
        switch type {
        case UInt8(ascii: "A"): value = .character(aux[p])
        case UInt8(ascii: "c"): value = .integer(Int64(load(Int8.self, p)))
        case UInt8(ascii: "C"): value = .integer(Int64(load(UInt8.self, p)))
        case UInt8(ascii: "s"): value = .integer(Int64(load(Int16.self, p)))
        case UInt8(ascii: "S"): value = .integer(Int64(load(UInt16.self, p)))
        case UInt8(ascii: "i"): value = .integer(Int64(load(Int32.self, p)))
        case UInt8(ascii: "I"): value = .integer(Int64(load(UInt32.self, p)))
        case UInt8(ascii: "f"): value = .float(load(Float.self, p))
        case UInt8(ascii: "d"): value = .double(load(Double.self, p))
        case UInt8(ascii: "Z"), UInt8(ascii: "H"):
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: aux[p..<(next - 1)]), as: UTF8.self)
            value = type == UInt8(ascii: "Z") ? .string(text) : .hex(text)
        default: // B
            let sub = aux[p]
            let n = Int(load(UInt32.self, p + 1))
            let q = p + 5
            switch sub {
            case UInt8(ascii: "c"): value = .array(.int8((0..<n).map { load(Int8.self, q + $0) }))
            case UInt8(ascii: "C"): value = .array(.uint8((0..<n).map { load(UInt8.self, q + $0) }))
            case UInt8(ascii: "s"): value = .array(.int16((0..<n).map { load(Int16.self, q + 2 * $0) }))
            case UInt8(ascii: "S"): value = .array(.uint16((0..<n).map { load(UInt16.self, q + 2 * $0) }))
            case UInt8(ascii: "i"): value = .array(.int32((0..<n).map { load(Int32.self, q + 4 * $0) }))
            case UInt8(ascii: "I"): value = .array(.uint32((0..<n).map { load(UInt32.self, q + 4 * $0) }))
            case UInt8(ascii: "f"): value = .array(.float((0..<n).map { load(Float.self, q + 4 * $0) }))
            default: throw bad("unknown B-array element type '\(String(UnicodeScalar(sub)))'")
            }
        }
        return (Alignment.AuxField(tag: tag, value: value), next)
    }
}
