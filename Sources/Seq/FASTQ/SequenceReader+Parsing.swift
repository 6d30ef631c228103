#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The FASTQ and FASTA parsing loops. FASTQ has a fast path for the common 4-line record (four
// memchr calls, 16-byte-wide validation, zero copies) and a general line-by-line path that handles
// wrapped records, blank trailing lines, and produces every error message. FASTA copies sequence
// lines into a scratch buffer as it goes, so a chromosome never forces the window to grow.

private let at = UInt8(ascii: "@")
private let gt = UInt8(ascii: ">")
private let plus = UInt8(ascii: "+")
private let cr = UInt8(ascii: "\r")
private let lf = UInt8(ascii: "\n")

extension SequenceReader {
    /// Blocks until the first bytes arrive and reads the format from the first byte.
    func detectFormat(required: SequenceFormat?) throws(SeqError) {
        while stream.end - stream.start == 0 {
            if !(try refillStream()) { break }
        }
        guard stream.end > stream.start else {
            format = nil
            return
        }
        let first = stream.base[stream.start]
        switch first {
        case at: format = .fastq
        case gt: format = .fasta
        default:
            throw SeqError(.unsupportedFormat,
                           "not FASTQ or FASTA: the first byte is \(ByteScanning.describe(first)), expected '@' (FASTQ) or '>' (FASTA)",
                           position: .init(file: path, line: 1))
        }
        if let required, required != format {
            throw SeqError(.unsupportedFormat, "expected \(required == .fastq ? "FASTQ" : "FASTA") but the input is \(format == .fastq ? "FASTQ" : "FASTA")",
                           position: .init(file: path, line: 1))
        }
    }

    /// Refills the window; a decompression error gets the line and record the parser had reached.
    func refillStream() throws(SeqError) -> Bool {
        do {
            return try stream.refill()
        } catch {
            var located = error
            if located.position?.line == nil {
                located.position = SeqError.Position(file: path, line: line, record: recordsRead + 1)
            }
            throw located
        }
    }

    func advanceTyped() throws(SeqError) -> Bool {
        switch format {
        case .fastq: return try nextFASTQ()
        case .fasta: return try nextFASTA()
        case nil: return false
        }
    }

    // MARK: FASTQ

    private enum Outcome { case record, needMore, end }

    private func nextFASTQ() throws(SeqError) -> Bool {
        while true {
            if fastFASTQ() { return true }
            switch try generalFASTQ() {
            case .record: return true
            case .end: return false
            case .needMore:
                if stream.atEnd {
                    // Cannot happen: at the end every line is complete, so the general path decides.
                    throw SeqError(.truncated, "record is truncated", position: position())
                }
                _ = try refillStream()
            }
        }
    }

    /// The 4-line record with nothing unusual; false sends the caller to the general path.
    @inline(__always)
    private func fastFASTQ() -> Bool {
        let base = stream.base
        let end = base + stream.end
        let p0 = base + stream.start
        guard p0 < end, p0.pointee == at else { return false }
        guard let n1 = ByteScanning.newline(from: p0, end: end) else { return false }
        let sequenceStart = n1 + 1
        guard let n2 = ByteScanning.newline(from: sequenceStart, end: end) else { return false }
        let plusStart = n2 + 1
        guard plusStart < end, plusStart.pointee == plus else { return false }
        guard let n3 = ByteScanning.newline(from: plusStart, end: end) else { return false }
        let qualityStart = n3 + 1
        guard let n4 = ByteScanning.newline(from: qualityStart, end: end) else { return false }
        var nameEnd = n1
        if nameEnd[-1] == cr { nameEnd -= 1 }
        var sequenceEnd = n2
        if sequenceEnd > sequenceStart && sequenceEnd[-1] == cr { sequenceEnd -= 1 }
        var plusEnd = n3
        if plusEnd[-1] == cr { plusEnd -= 1 }
        var qualityEnd = n4
        if qualityEnd > qualityStart && qualityEnd[-1] == cr { qualityEnd -= 1 }
        let nameLength = nameEnd - (p0 + 1)
        let sequenceLength = sequenceEnd - sequenceStart
        guard qualityEnd - qualityStart == sequenceLength, nameLength > 0,
              p0[1] != UInt8(ascii: " "), p0[1] != UInt8(ascii: "\t") else { return false }
        let plusLength = plusEnd - (plusStart + 1)
        if plusLength != 0 {
            guard plusLength == nameLength, memcmp(plusStart + 1, p0 + 1, nameLength) == 0 else { return false }
        }
        guard ByteScanning.isValidSequence(sequenceStart, sequenceLength),
              ByteScanning.isValidQuality(qualityStart, sequenceLength) else { return false }
        current = SequenceRecordView(name: UnsafeBufferPointer(start: p0 + 1, count: nameLength),
                                     sequence: UnsafeBufferPointer(start: sequenceStart, count: sequenceLength),
                                     qualityScores: UnsafeBufferPointer(start: qualityStart, count: sequenceLength))
        stream.start = n4 + 1 - base
        currentRecordLine = line
        line &+= 4
        recordsRead &+= 1
        return true
    }

    /// A line inside the window: content `[start, contentEnd)` (CR removed), next line at `next`.
    private struct Line {
        var start: UnsafeMutablePointer<UInt8>
        var contentEnd: UnsafeMutablePointer<UInt8>
        var next: UnsafeMutablePointer<UInt8>
        var count: Int { contentEnd - start }
        var isEmpty: Bool { contentEnd == start }
        var first: UInt8? { isEmpty ? nil : start.pointee }
    }

    private func line(at p: UnsafeMutablePointer<UInt8>, end: UnsafeMutablePointer<UInt8>) -> Line? {
        guard let nl = ByteScanning.newline(from: p, end: end) else { return nil }
        var contentEnd = nl
        if contentEnd > p && contentEnd[-1] == cr { contentEnd -= 1 }
        return Line(start: p, contentEnd: contentEnd, next: nl + 1)
    }

    private func isBlank(_ from: UnsafeMutablePointer<UInt8>, _ end: UnsafeMutablePointer<UInt8>) -> Bool {
        var p = from
        while p < end {
            let c = p.pointee
            if c != lf && c != cr && c != UInt8(ascii: " ") && c != UInt8(ascii: "\t") { return false }
            p += 1
        }
        return true
    }

    /// The general FASTQ path: wrapped lines, every check, every error.
    private func generalFASTQ() throws(SeqError) -> Outcome {
        let base = stream.base
        let end = base + stream.end
        let atEnd = stream.atEnd
        var p = base + stream.start
        var lineNumber = line
        let record = recordsRead + 1
        func fail(_ code: SeqError.Code, _ message: String, line: Int) -> SeqError {
            SeqError(code, message, position: .init(file: path, line: line, record: record))
        }

        if p == end { return atEnd ? .end : .needMore }
        guard let header = self.line(at: p, end: end) else { return .needMore }
        if header.first != at {
            if isBlank(p, end) {
                if atEnd {
                    stream.start = stream.end
                    return .end
                }
                return .needMore
            }
            if header.isEmpty {
                throw fail(.malformedRecord, "empty line where a record should start (expected '@')", line: lineNumber)
            }
            throw fail(.malformedRecord, "expected '@' at the start of a FASTQ record, found \(ByteScanning.describe(header.start.pointee))", line: lineNumber)
        }
        let nameStart = header.start + 1
        let nameLength = header.contentEnd - nameStart
        if nameLength == 0 || nameStart.pointee == UInt8(ascii: " ") || nameStart.pointee == UInt8(ascii: "\t") {
            throw fail(.malformedRecord, "empty read name after '@'", line: lineNumber)
        }
        p = header.next
        lineNumber += 1

        // Sequence lines, up to the '+' line.
        sequenceScratch.removeAll()
        var sequenceLines = 0
        var firstSequence: Line?
        var plusLine: Line
        while true {
            guard let l = self.line(at: p, end: end) else {
                if !atEnd { return .needMore }
                if sequenceLines == 0 {
                    throw fail(.truncated, "record is truncated after its header: no sequence, '+' and quality lines", line: lineNumber)
                }
                throw fail(.truncated, "record is truncated after its sequence: no '+' and quality lines", line: lineNumber)
            }
            if l.first == plus {
                plusLine = l
                break
            }
            if l.first == at && sequenceLines > 0 {
                throw fail(.malformedRecord, "expected a '+' line after the sequence, found a line starting with '@'", line: lineNumber)
            }
            if !ByteScanning.isValidSequence(l.start, l.count) {
                var i = 0
                while ByteScanning.isSequenceByte(l.start[i]) { i += 1 }
                throw fail(.malformedRecord, "invalid character \(ByteScanning.describe(l.start[i])) in the sequence at column \(i + 1)", line: lineNumber)
            }
            if sequenceLines == 0 { firstSequence = l }
            sequenceScratch.append(l.start, l.count)
            sequenceLines += 1
            p = l.next
            lineNumber += 1
        }
        let plusNameLength = plusLine.count - 1
        if plusNameLength > 0 {
            if plusNameLength != nameLength || memcmp(plusLine.start + 1, nameStart, nameLength) != 0 {
                if atEnd && plusLine.next == end && plusNameLength < nameLength && memcmp(plusLine.start + 1, nameStart, plusNameLength) == 0 {
                    throw fail(.truncated, "record is truncated inside its '+' line", line: lineNumber)
                }
                let shown = String(decoding: UnsafeBufferPointer(start: plusLine.start + 1, count: min(plusNameLength, 80)), as: UTF8.self)
                throw fail(.malformedRecord, "the '+' line repeats a different name ('\(shown)') than the header", line: lineNumber)
            }
        }
        p = plusLine.next
        lineNumber += 1

        // Quality lines, until as many characters as bases.
        let sequenceLength = sequenceScratch.count
        qualityScratch.removeAll()
        var qualityLines = 0
        var firstQuality: Line?
        if sequenceLength == 0 {
            // A zero-length read: its quality line is empty (or absent at the end of the input).
            if let l = self.line(at: p, end: end) {
                if l.isEmpty {
                    p = l.next
                    lineNumber += 1
                }
            } else if !atEnd {
                return .needMore
            }
        }
        while qualityScratch.count < sequenceLength {
            guard let l = self.line(at: p, end: end) else {
                if !atEnd { return .needMore }
                throw fail(.truncated, "record is truncated: quality has \(qualityScratch.count) characters, sequence has \(sequenceLength)",
                           line: qualityLines == 0 ? lineNumber : lineNumber - 1)
            }
            if qualityScratch.count + l.count > sequenceLength {
                let have = qualityLines == 0 ? l.count : qualityScratch.count
                throw fail(.malformedRecord, "quality length \(have) differs from sequence length \(sequenceLength)", line: qualityLines == 0 ? lineNumber : lineNumber - 1)
            }
            if l.isEmpty {
                throw fail(.malformedRecord, "quality length \(qualityScratch.count) differs from sequence length \(sequenceLength) (empty quality line)", line: lineNumber)
            }
            if !ByteScanning.isValidQuality(l.start, l.count) {
                var i = 0
                while ByteScanning.isQualityByte(l.start[i]) { i += 1 }
                throw fail(.malformedRecord, "quality character \(ByteScanning.describe(l.start[i])) at column \(i + 1) is out of range ('!'…'~', Phred+33)", line: lineNumber)
            }
            if qualityLines == 0 { firstQuality = l }
            qualityScratch.append(l.start, l.count)
            qualityLines += 1
            p = l.next
            lineNumber += 1
        }

        let sequence = sequenceLines == 1 ? UnsafeBufferPointer(start: firstSequence!.start, count: sequenceLength) : sequenceScratch.buffer
        let quality = qualityLines == 1 ? UnsafeBufferPointer(start: firstQuality!.start, count: sequenceLength) : qualityScratch.buffer
        current = SequenceRecordView(name: UnsafeBufferPointer(start: nameStart, count: nameLength),
                                     sequence: sequence, qualityScores: quality)
        stream.start = p - base
        currentRecordLine = line
        line = lineNumber
        recordsRead += 1
        return .record
    }

    // MARK: FASTA

    private func nextFASTA() throws(SeqError) -> Bool {
        let record = recordsRead + 1
        // The header line (skipping blank lines between records).
        var headerLine = line
        while true {
            let base = stream.base
            let end = base + stream.end
            let p = base + stream.start
            if p == end {
                if !(try refillStream()) { return false }
                continue
            }
            guard let l = self.line(at: p, end: end) else {
                if !(try refillStream()) { return false }
                continue
            }
            if l.isEmpty {
                stream.start = l.next - base
                line += 1
                continue
            }
            guard l.first == gt else {
                throw SeqError(.malformedRecord, "expected '>' at the start of a FASTA record, found \(ByteScanning.describe(l.start.pointee))",
                               position: .init(file: path, line: line, record: record))
            }
            // An empty FASTA name is accepted (htslib's faidx accepts it too); FASTQ read names may not be empty.
            let nameLength = l.count - 1
            nameScratch.removeAll()
            nameScratch.append(l.start + 1, nameLength)
            headerLine = line
            stream.start = l.next - base
            line += 1
            break
        }
        currentRecordLine = headerLine
        // Sequence lines until the next '>' or the end.
        sequenceScratch.removeAll()
        while true {
            let base = stream.base
            let end = base + stream.end
            let p = base + stream.start
            if p == end {
                if !(try refillStream()) { break }
                continue
            }
            if p.pointee == gt { break }
            guard let l = self.line(at: p, end: end) else {
                if !(try refillStream()) { break }
                continue
            }
            if !ByteScanning.isValidSequence(l.start, l.count) {
                var i = 0
                while ByteScanning.isSequenceByte(l.start[i]) { i += 1 }
                throw SeqError(.malformedRecord, "invalid character \(ByteScanning.describe(l.start[i])) in the sequence at column \(i + 1)",
                               position: .init(file: path, line: line, record: record))
            }
            sequenceScratch.append(l.start, l.count)
            stream.start = l.next - base
            line += 1
        }
        current = SequenceRecordView(name: nameScratch.buffer, sequence: sequenceScratch.buffer,
                                     qualityScores: UnsafeBufferPointer(start: nil, count: 0))
        recordsRead += 1
        return true
    }
}
