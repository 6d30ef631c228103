// The counting kernel behind Alignment.Pileup: reads arrive in position order from an index query, are held
// until no later read can overlap them (so that a mate pair's overlap can be resolved first, as htslib's
// bam_plp does with tweak_overlap_quality), then their CIGAR is walked once over the window's columns.

struct PileupAccumulator {
    /// One read copied out of the reader's buffer (the view dies at the next read).
    struct Read {
        var start: Int            // 0-based
        var end: Int              // 0-based, exclusive
        var cigar: [UInt32]
        var codes: [UInt8]        // htslib 4-bit base codes, one per query base
        var qualities: [UInt8]    // Phred; 0xFF when QUAL is '*'
        var flags: Alignment.Flags
        var mappingQuality: UInt8
        var referenceSequenceID: Int
        var mateReferenceSequenceID: Int
        var mateStart: Int
        var templateLength: Int
        var name: String

        init(_ view: Alignment.RecordView) {
            let raw = view.raw
            start = view.alignmentStart
            end = view.alignmentEnd
            cigar = (0..<raw.cigarCount).map { raw.packedCigar($0) }
            let length = raw.sequenceLength
            codes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                for i in 0..<length { buffer[i] = raw.baseCode(i) }
                count = length
            }
            qualities = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                for i in 0..<length { buffer[i] = raw.quality(i) }
                count = length
            }
            flags = view.flags
            mappingQuality = view.mappingQuality
            referenceSequenceID = view.referenceSequenceID
            mateReferenceSequenceID = view.mateReferenceSequenceID
            mateStart = view.mateAlignmentStart
            templateLength = view.templateLength
            name = view.name
        }
    }

    let first: Int                // 1-based first position of the window
    let last: Int                 // 1-based last position
    let slot: [Int32]
    var columns: [Alignment.PileupColumn]
    let filter: Alignment.PileupFilter
    let referenceBases: [UInt8]?  // from `first`, possibly past `last`

    private var active: [Read?] = []
    private var activeHead = 0
    private var waitingForMate: [String: Int] = [:]

    init(first: Int, last: Int, slot: [Int32], columns: [Alignment.PileupColumn], filter: Alignment.PileupFilter, referenceBases: [UInt8]?) {
        self.first = first; self.last = last; self.slot = slot; self.columns = columns
        self.filter = filter; self.referenceBases = referenceBases
    }

    mutating func add(_ read: Read) {
        // Reads ending at or before this start can no longer meet a mate: count them.
        while activeHead < active.count, let head = active[activeHead], head.end <= read.start {
            retire(activeHead)
        }
        while activeHead < active.count && active[activeHead] == nil { activeHead += 1 }
        if activeHead > 4096 && activeHead * 2 > active.count {
            active.removeFirst(activeHead)
            waitingForMate = waitingForMate.mapValues { $0 - activeHead }
            activeHead = 0
        }
        var read = read
        let index = active.count
        if filter.countOverlappingMatesOnce && Self.mayOverlapMate(read) {
            if let mateIndex = waitingForMate[read.name], var mate = active[mateIndex] {
                waitingForMate[read.name] = nil
                Self.resolveOverlap(&mate, &read)
                active[mateIndex] = mate
            } else if read.mateStart >= read.start || (read.flags.contains(.paired) && read.mateStart == -1) {
                waitingForMate[read.name] = index
            }
        }
        active.append(read)
    }

    mutating func finish() {
        for i in activeHead..<active.count where active[i] != nil { retire(i) }
        active.removeAll(); activeHead = 0; waitingForMate.removeAll()
        for i in columns.indices where columns[i].indels.count > 1 {
            columns[i].indels.sort { ($0.total, $1.indel.description) > ($1.total, $0.indel.description) }
        }
    }

    private mutating func retire(_ index: Int) {
        guard let read = active[index] else { return }
        active[index] = nil
        if waitingForMate[read.name] == index { waitingForMate[read.name] = nil }
        count(read)
        if index == activeHead { activeHead += 1 }
    }

    /// htslib's overlap_push conditions: a proper pair with a mapped mate on the same sequence, close enough.
    static func mayOverlapMate(_ read: Read) -> Bool {
        if read.flags.contains(.mateUnmapped) || !read.flags.contains(.properPair) { return false }
        if read.mateReferenceSequenceID >= 0 && read.referenceSequenceID != read.mateReferenceSequenceID { return false }
        if abs(read.templateLength) >= 2 * read.codes.count && read.mateStart >= read.end { return false }
        return true
    }

    /// htslib's tweak_overlap_quality: at reference positions where both mates have an aligned base, the first
    /// keeps the evidence (summed quality, capped at 200, when they agree; 80% of the better quality when they
    /// disagree, the better one kept) and the other gets quality 0.
    static func resolveOverlap(_ a: inout Read, _ b: inout Read) {
        let low = max(a.start, b.start), high = min(a.end, b.end)
        guard low < high else { return }
        var queryOfA = [Int](repeating: -1, count: high - low)
        walkAligned(a) { reference, query in
            if reference >= low && reference < high { queryOfA[reference - low] = query }
        }
        var pairs: [(Int, Int)] = []
        walkAligned(b) { reference, query in
            if reference >= low && reference < high, queryOfA[reference - low] >= 0 { pairs.append((queryOfA[reference - low], query)) }
        }
        for (qa, qb) in pairs where qa < a.codes.count && qb < b.codes.count {
            if a.codes[qa] == b.codes[qb] {
                let sum = Int(a.qualities[qa]) + Int(b.qualities[qb])
                a.qualities[qa] = UInt8(min(sum, 200))
                b.qualities[qb] = 0
            } else if a.qualities[qa] >= b.qualities[qb] {
                a.qualities[qa] = UInt8(Double(a.qualities[qa]) * 0.8)
                b.qualities[qb] = 0
            } else {
                b.qualities[qb] = UInt8(Double(b.qualities[qb]) * 0.8)
                a.qualities[qa] = 0
            }
        }
    }

    /// Calls `body(referencePosition0, queryIndex)` for every aligned (M, =, X) base.
    static func walkAligned(_ read: Read, _ body: (Int, Int) -> Void) {
        var reference = read.start, query = 0
        for packed in read.cigar {
            let op = Alignment.CigarOperation(packed: packed)
            switch op.kind {
            case .match, .sequenceMatch, .sequenceMismatch:
                for j in 0..<op.length { body(reference + j, query + j) }
                reference += op.length; query += op.length
            case .insertion, .softClip: query += op.length
            case .deletion, .skip: reference += op.length
            case .hardClip, .padding: break
            }
        }
    }

    private mutating func count(_ read: Read) {
        let windowStart = first - 1, windowEnd = last   // 0-based half-open
        guard read.end > windowStart && read.start < windowEnd else { return }
        let reverse = read.flags.contains(.reverseStrand)
        let minimumQuality = filter.minimumBaseQuality
        let collect = filter.collectReads
        var reference = read.start, query = 0
        let operations = read.cigar.map { Alignment.CigarOperation(packed: $0) }
        for (opIndex, op) in operations.enumerated() {
            switch op.kind {
            case .match, .sequenceMatch, .sequenceMismatch:
                let low = max(reference, windowStart), high = min(reference + op.length, windowEnd)
                if low < high {
                    let lastOfOp = reference + op.length - 1
                    for r in low..<high {
                        let column = Int(slot[r - windowStart])
                        if column < 0 { continue }
                        let q = query + (r - reference)
                        guard q < read.codes.count else { continue }   // SEQ '*': nothing to count
                        let quality = read.qualities[q]
                        if Int(quality) < minimumQuality && quality != 0xFF {
                            columns[column].lowBaseQualityCount += 1
                            continue
                        }
                        let code = read.codes[q]
                        if reverse { columns[column].reverse.add(code: code) } else { columns[column].forward.add(code: code) }
                        var indel: Alignment.Indel? = nil
                        if r == lastOfOp { indel = indelAfter(operations, opIndex, read: read, queryEnd: q + 1, referenceEnd: r + 1) }
                        if let indel { addIndel(indel, column: column, reverse: reverse) }
                        if collect {
                            columns[column].reads.append(.init(base: alignmentNucleotide16[Int(code)], baseQuality: quality,
                                                               mappingQuality: read.mappingQuality, flags: read.flags, indel: indel,
                                                               queryPosition: q, readLength: read.codes.count))
                        }
                    }
                }
                reference += op.length; query += op.length
            case .deletion:
                let low = max(reference, windowStart), high = min(reference + op.length, windowEnd)
                if low < high {
                    for r in low..<high {
                        let column = Int(slot[r - windowStart])
                        if column < 0 { continue }
                        columns[column].deletionSpanningCount += 1
                        if collect {
                            columns[column].reads.append(.init(base: UInt8(ascii: "*"), baseQuality: 0, mappingQuality: read.mappingQuality,
                                                               flags: read.flags, indel: nil, queryPosition: query, readLength: read.codes.count))
                        }
                    }
                }
                reference += op.length
            case .skip: reference += op.length
            case .insertion, .softClip: query += op.length
            case .hardClip, .padding: break
            }
        }
    }

    /// The insertion or deletion that follows an aligned block ending at `referenceEnd` (0-based exclusive),
    /// skipping padding; an insertion directly followed by a deletion reports the insertion (as htslib does).
    private func indelAfter(_ operations: [Alignment.CigarOperation], _ opIndex: Int, read: Read, queryEnd: Int, referenceEnd: Int) -> Alignment.Indel? {
        var next = opIndex + 1
        while next < operations.count && operations[next].kind == .padding { next += 1 }
        guard next < operations.count else { return nil }
        let op = operations[next]
        switch op.kind {
        case .insertion:
            guard queryEnd + op.length <= read.codes.count else {
                return .init(kind: .insertion, length: op.length, sequence: [UInt8](repeating: UInt8(ascii: "N"), count: op.length))
            }
            let bases = read.codes[queryEnd..<(queryEnd + op.length)].map { alignmentNucleotide16[Int($0)] }
            return .init(kind: .insertion, length: op.length, sequence: bases)
        case .deletion:
            var sequence: [UInt8] = []
            if let referenceBases {
                let offset = referenceEnd - (first - 1)
                if offset >= 0 && offset + op.length <= referenceBases.count { sequence = Array(referenceBases[offset..<(offset + op.length)]) }
            }
            return .init(kind: .deletion, length: op.length, sequence: sequence)
        default:
            return nil
        }
    }

    private mutating func addIndel(_ indel: Alignment.Indel, column: Int, reverse: Bool) {
        if let i = columns[column].indels.firstIndex(where: { $0.indel == indel }) {
            if reverse { columns[column].indels[i].reverse += 1 } else { columns[column].indels[i].forward += 1 }
        } else {
            columns[column].indels.append(.init(indel: indel, forward: reverse ? 0 : 1, reverse: reverse ? 1 : 0))
        }
    }
}
