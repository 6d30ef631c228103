import Foundation
import Testing
import TestSupport
@testable import Seq

/// Inputs made by the tests themselves: random reads, their FASTQ/FASTA text in several layouts,
/// and compressed copies made by the real tools (gzip, pigz, bgzip).
enum FASTQTestData {
    /// Random reads with Illumina-like names, mixed case, N and IUPAC codes, and qualities over the
    /// whole Phred+33 range. Lengths are drawn from `lengths`.
    static func records(count: Int, seed: UInt64, lengths: ClosedRange<Int> = 1...180) -> [FASTQ.Record] {
        var random = KmerTestRandom(seed: seed)
        let bases = Array("ACGTACGTACGTACGTacgtNnRYKMSWBDHV".utf8)
        var records: [FASTQ.Record] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            let length = Int.random(in: lengths, using: &random)
            var sequence = [UInt8](repeating: 0, count: length)
            var quality = [UInt8](repeating: 0, count: length)
            for i in 0..<length {
                let roll = random.next()
                // Mostly ACGT, sometimes lower case, N or IUPAC.
                sequence[i] = roll & 7 == 0 ? bases[Int((roll >> 8) % UInt64(bases.count))] : bases[Int((roll >> 8) & 3)]
                quality[i] = 33 + UInt8((roll >> 20) % 94)
            }
            let name = "SIM:1:FC:\(index % 8 + 1):\(index):\(Int(random.next() % 30000)) \(index % 2 + 1):N:0:ACGT"
            records.append(FASTQ.Record(name: Array(name.utf8), sequence: sequence, qualityScores: quality))
        }
        return records
    }

    /// FASTQ text: `lineEnding` between lines, sequence and quality wrapped at `wrap` (nil: one line),
    /// the name repeated on the `+` line when `repeatName`.
    static func fastq(_ records: [FASTQ.Record], lineEnding: String = "\n", wrap: Int? = nil, repeatName: Bool = false) -> [UInt8] {
        let eol = Array(lineEnding.utf8)
        var out: [UInt8] = []
        func lines(_ bytes: [UInt8]) {
            guard let wrap, bytes.count > wrap else { out += bytes; out += eol; return }
            var i = 0
            while i < bytes.count {
                out += bytes[i..<min(bytes.count, i + wrap)]
                out += eol
                i += wrap
            }
        }
        for r in records {
            out.append(UInt8(ascii: "@")); out += r.name; out += eol
            lines(r.sequence)
            out.append(UInt8(ascii: "+")); if repeatName { out += r.name }; out += eol
            lines(r.qualityScores)
        }
        return out
    }

    /// FASTA text with sequences wrapped at `wrap` (nil: one line).
    static func fasta(_ records: [FASTQ.Record], lineEnding: String = "\n", wrap: Int? = 60) -> [UInt8] {
        let eol = Array(lineEnding.utf8)
        var out: [UInt8] = []
        for r in records {
            out.append(UInt8(ascii: ">")); out += r.name; out += eol
            var i = 0
            while i < r.sequence.count {
                let end = wrap.map { min(r.sequence.count, i + $0) } ?? r.sequence.count
                out += r.sequence[i..<end]; out += eol
                i = end
            }
        }
        return out
    }

    /// Writes bytes to a file in a fresh temporary directory and returns its path.
    static func write(_ bytes: [UInt8], name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Runs a shell command that must succeed (a missing peer fails the test with its name).
    @discardableResult
    static func shell(_ command: String, needs tools: [String] = []) throws -> String {
        for tool in tools where !commandExists(tool) {
            Issue.record("\(tool) is not installed: run `make setup` (scripts/setup.sh installs the peers)")
            throw PeerMissing(tool: tool)
        }
        let result = try runShell(command)
        if result.status != 0 {
            Issue.record("`\(command)` failed with status \(result.status): \(result.stderr)")
            throw PeerMissing(tool: command)
        }
        return result.stdout
    }

    struct PeerMissing: Error { var tool: String }

    /// The statistics gx computes, with every base and quality counted the slow, obvious way (test oracle).
    static func oracleStatistics(_ records: [FASTQ.Record]) -> (records: Int, bases: Int, gc: Int, n: Int, q20: Int, q30: Int, min: Int, max: Int) {
        var bases = 0, gc = 0, n = 0, q20 = 0, q30 = 0
        var minimum = Int.max, maximum = 0
        for r in records {
            bases += r.sequence.count
            minimum = min(minimum, r.sequence.count)
            maximum = max(maximum, r.sequence.count)
            for b in r.sequence {
                switch b {
                case UInt8(ascii: "G"), UInt8(ascii: "C"), UInt8(ascii: "g"), UInt8(ascii: "c"): gc += 1
                case UInt8(ascii: "N"), UInt8(ascii: "n"): n += 1
                default: break
                }
            }
            for q in r.qualityScores {
                if Int(q) - 33 >= 20 { q20 += 1 }
                if Int(q) - 33 >= 30 { q30 += 1 }
            }
        }
        return (records.count, bases, gc, n, q20, q30, records.isEmpty ? 0 : minimum, maximum)
    }
}

/// Runs `body`, which must throw a ``SeqError`` with the given code and position.
///
/// - Returns: the error, for further checks of its message.
@discardableResult
func expectSeqError(_ code: SeqError.Code, file: String? = nil, line: Int? = nil, record: Int? = nil, message: String? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> SeqError? {
    do {
        try body()
        Issue.record("expected a SeqError \(code), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as SeqError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let file { #expect(error.position?.file == file, "\(error)", sourceLocation: sourceLocation) }
        if let line { #expect(error.position?.line == line, "\(error)", sourceLocation: sourceLocation) }
        if let record { #expect(error.position?.record == record, "\(error)", sourceLocation: sourceLocation) }
        if let message { #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation) }
        return error
    } catch {
        Issue.record("expected a SeqError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Small decompression chunks (16 KiB, 512-byte carry-over prefix; BGZF chunks are 64 KiB at least),
/// so that a megabyte of test input crosses a chunk boundary every few dozen records and long
/// records take the overflow path.
let smallChunkBody = 16 << 10
let smallChunkPrefix = 512

/// A reader over bytes with small chunks.
func smallChunkReader(_ bytes: [UInt8], name: String = "<memory>", threads: Int = 1) throws -> SequenceReader {
    try SequenceReader(bytes: bytes, name: name, threads: threads, chunkBodyCapacity: smallChunkBody, chunkPrefixCapacity: smallChunkPrefix)
}

/// Reads every record of bytes (any compression) with the zero-copy tier, small chunks, and returns owned copies.
func readAllViews(_ bytes: [UInt8], name: String = "<memory>", threads: Int = 1) throws -> [FASTQ.Record] {
    let reader = try smallChunkReader(bytes, name: name, threads: threads)
    var records: [FASTQ.Record] = []
    while let record = try reader.withNextRecord({ $0.fastqRecord }) { records.append(record) }
    return records
}
