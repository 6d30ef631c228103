import Foundation
import Testing
import TestSupport
@testable import Seq

// Every FASTQ validation error the issue names, each checked for its code, file, 1-based line and
// 1-based record number. The inputs are written here, byte by byte.

/// Reads all records of `text`, named `bad.fq`; throws the reader's error.
private func readAll(_ text: String) throws {
    let reader = try smallChunkReader(Array(text.utf8), name: "bad.fq")
    while try reader.advance() {}
}

private let good = "@ok1\nACGT\n+\nIIII\n"

@Suite("FASTQ reader errors")
struct FASTQReaderErrorTests {
    @Test func missingAtSign() {
        expectSeqError(.malformedRecord, file: "bad.fq", line: 5, record: 2, message: "expected '@'") {
            try readAll(good + "r2\nACGT\n+\nIIII\n")
        }
        expectSeqError(.malformedRecord, file: "bad.fq", line: 5, record: 2, message: "empty line where a record should start") {
            try readAll(good + "\n@r2\nACGT\n+\nIIII\n")
        }
    }

    @Test func missingPlusLine() {
        expectSeqError(.malformedRecord, file: "bad.fq", line: 8, record: 2, message: "expected a '+' line") {
            try readAll(good + "@r2\nACGT\nIIII\n@r3\nA\n+\nI\n")
        }
        expectSeqError(.truncated, file: "bad.fq", line: 7, record: 2, message: "no '+' and quality lines") {
            try readAll(good + "@r2\nACGT\n")
        }
    }

    @Test func plusLineNamingAnotherRead() {
        expectSeqError(.malformedRecord, file: "bad.fq", line: 7, record: 2, message: "'+' line repeats a different name") {
            try readAll(good + "@r2\nACGT\n+r3\nIIII\n")
        }
    }

    @Test func qualityShorterOrLongerThanSequence() {
        expectSeqError(.malformedRecord, file: "bad.fq", line: 8, record: 2, message: "quality length 3 differs from sequence length 4") {
            try readAll(good + "@r2\nACGT\n+\nIII\n" + good)
        }
        expectSeqError(.malformedRecord, file: "bad.fq", line: 8, record: 2, message: "quality length 5 differs from sequence length 4") {
            try readAll(good + "@r2\nACGT\n+\nIIIII\n" + good)
        }
        expectSeqError(.malformedRecord, file: "bad.fq", line: 8, record: 2, message: "empty quality line") {
            try readAll(good + "@r2\nACGT\n+\n\n" + good)
        }
        // Wrapped: the second quality line overshoots.
        expectSeqError(.malformedRecord, file: "bad.fq", line: 8, record: 2, message: "differs from sequence length 4") {
            try readAll(good + "@r2\nACGT\n+\nII\nIII\n")
        }
    }

    @Test(arguments: [(UInt8(0x20), "space (0x20)"), (0x09, "tab (0x09)"), (0x7f, "byte 0x7f"), (0x1b, "byte 0x1b"),
                      (0x0b, "byte 0x0b"), (0x00, "byte 0x00"), (0xc3, "byte 0xc3")])
    func qualityCharacterOutOfRange(byte: UInt8, shown: String) throws {
        var bytes = Array((good + "@r2\nACGTA\n+\nII").utf8)
        bytes.append(byte)
        bytes += Array("II\n".utf8)
        let error = expectSeqError(.malformedRecord, file: "bad.fq", line: 8, record: 2, message: "quality character \(shown) at column 3") {
            let reader = try smallChunkReader(bytes, name: "bad.fq")
            while try reader.advance() {}
        }
        #expect(error?.message.contains("out of range") == true)
    }

    @Test func invalidSequenceCharacters() {
        expectSeqError(.malformedRecord, file: "bad.fq", line: 6, record: 2, message: "invalid character '1' (0x31) in the sequence at column 3") {
            try readAll(good + "@r2\nAC1T\n+\nIIII\n")
        }
        expectSeqError(.malformedRecord, file: "bad.fq", line: 6, record: 2, message: "invalid character space (0x20) in the sequence at column 2") {
            try readAll(good + "@r2\nA CT\n+\nIIII\n")
        }
    }

    @Test func emptyReadNames() {
        expectSeqError(.malformedRecord, file: "bad.fq", line: 5, record: 2, message: "empty read name") {
            try readAll(good + "@\nACGT\n+\nIIII\n")
        }
        expectSeqError(.malformedRecord, file: "bad.fq", line: 5, record: 2, message: "empty read name") {
            try readAll(good + "@ description only\nACGT\n+\nIIII\n")
        }
        expectSeqError(.malformedRecord, file: "bad.fq", line: 1, record: 1, message: "empty read name") {
            try readAll("@\r\nACGT\r\n+\r\nIIII\r\n")
        }
    }

    @Test func truncatedLastRecord() {
        expectSeqError(.truncated, file: "bad.fq", line: 6, record: 2, message: "truncated after its header") {
            try readAll(good + "@r2\n")
        }
        expectSeqError(.truncated, file: "bad.fq", line: 6, record: 2, message: "truncated after its header") {
            try readAll(good + "@r2")
        }
        expectSeqError(.truncated, file: "bad.fq", line: 7, record: 2) {
            try readAll(good + "@r2\nACG")
        }
        expectSeqError(.truncated, file: "bad.fq", line: 8, record: 2, message: "quality has 0 characters, sequence has 4") {
            try readAll(good + "@r2\nACGT\n+\n")
        }
        expectSeqError(.truncated, file: "bad.fq", line: 8, record: 2, message: "quality has 2 characters, sequence has 4") {
            try readAll(good + "@r2\nACGT\n+\nII")
        }
        expectSeqError(.truncated, file: "bad.fq", line: 7, record: 2, message: "inside its '+' line") {
            try readAll(good + "@read2\nACGT\n+rea")
        }
    }

    @Test func errorsDeepInTheFileCountLinesAndRecordsAcrossChunks() throws {
        // 4,000 records of 150 bp (~1.3 MB, 80 small chunks) and then a bad quality line.
        let record = "@read\n" + String(repeating: "ACGTN", count: 30) + "\n+\n" + String(repeating: "F", count: 150) + "\n"
        var text = String(repeating: record, count: 4_000)
        text += "@bad\nACGT\n+\nII I\n"
        expectSeqError(.malformedRecord, file: "bad.fq", line: 16_004, record: 4_001, message: "space (0x20) at column 3") {
            try readAll(text)
        }
        // The same in a wrapped file: the general path counts lines too.
        let wrapped = "@w\nACGTA\nCGTAC\n+\nIIIII\nIIIII\n"
        let text2 = String(repeating: wrapped, count: 5_000) + "@bad\nAC\n+\nI"
        expectSeqError(.truncated, file: "bad.fq", line: 30_004, record: 5_001, message: "quality has 1 characters, sequence has 2") {
            try readAll(text2)
        }
    }

    @Test func theReaderStopsAtTheFirstError() throws {
        let reader = try smallChunkReader(Array((good + "@r2\nACGT\n+\nIII\n").utf8), name: "bad.fq")
        #expect(try reader.advance())
        #expect(reader.currentView.sequenceString == "ACGT")
        #expect(throws: SeqError.self) { try reader.advance() }
        #expect(reader.recordsRead == 1)
    }

    @Test func errorsRenderAsFileLineRecordMessage() {
        let error = expectSeqError(.malformedRecord) { try readAll(good + "@r2\nACGT\n+\nIII\n" + good) }
        #expect(error?.description == "bad.fq:8: record 2: quality length 3 differs from sequence length 4")
    }
}
