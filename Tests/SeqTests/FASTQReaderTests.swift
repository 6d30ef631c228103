import Foundation
import Testing
import TestSupport
@testable import Seq

// The FASTQ reader on valid input: both record tiers, every layout the issue names (wrapped,
// CRLF, lower case, IUPAC, 0-length and very long reads), and records that straddle the chunks
// the decompression thread hands over.

@Suite("FASTQ reader")
struct FASTQReaderTests {
    @Test func readsWhatWasWrittenWithBothTiers() throws {
        let records = FASTQTestData.records(count: 2_000, seed: 1)
        let bytes = FASTQTestData.fastq(records)
        #expect(try readAllViews(bytes) == records)
        #expect(try FASTQ.Reader(bytes: bytes).readAll() == records)

        // The reusable record keeps giving the right content when lengths shrink and grow.
        let reader = try FASTQ.Reader(bytes: bytes)
        var record = FASTQ.Record()
        var index = 0
        while try reader.read(into: &record) {
            #expect(record == records[index])
            index += 1
        }
        #expect(index == records.count)
        #expect(reader.recordsRead == records.count)
        #expect(try reader.read(into: &record) == false)
    }

    @Test func recordsThatStraddleChunksAreWhole() throws {
        // ~1 MB in 16 KiB chunks: dozens of records cross a chunk boundary, at many offsets, some
        // longer than the carry-over prefix.
        let records = FASTQTestData.records(count: 5_000, seed: 2, lengths: 50...300)
        let bytes = FASTQTestData.fastq(records)
        #expect(bytes.count > 50 * smallChunkBody)
        let read = try readAllViews(bytes)
        #expect(read.count == records.count)
        #expect(read == records)
        // The default chunk sizes on the same bytes.
        #expect(try FASTQ.Reader(bytes: bytes).readAll() == records)
    }

    @Test func wrappedSequenceAndQualityLinesAreJoined() throws {
        let records = FASTQTestData.records(count: 300, seed: 3, lengths: 1...200)
        for wrap in [1, 7, 60] {
            #expect(try readAllViews(FASTQTestData.fastq(records, wrap: wrap)) == records, "wrapped at \(wrap)")
            #expect(try readAllViews(FASTQTestData.fastq(records, wrap: wrap, repeatName: true)) == records)
        }
    }

    @Test func qualityLinesMayStartWithAtOrPlus() throws {
        // The "tricky" case of Cock et al. 2009: wrapped qualities whose lines begin with '@' and '+'.
        let text = "@r1\nACGTACGT\nACGT\n+\n@@@@@@@@\n++++\n@r2\nAC\n+r2\n+@\n"
        let records = try readAllViews(Array(text.utf8))
        #expect(records.map(\.sequenceString) == ["ACGTACGTACGT", "AC"])
        #expect(records.map(\.qualityString) == ["@@@@@@@@++++", "+@"])
    }

    @Test func crlfLineEndsAreAccepted() throws {
        let records = FASTQTestData.records(count: 500, seed: 4)
        #expect(try readAllViews(FASTQTestData.fastq(records, lineEnding: "\r\n")) == records)
        #expect(try readAllViews(FASTQTestData.fastq(records, lineEnding: "\r\n", wrap: 13, repeatName: true)) == records)
    }

    @Test func lowerCaseAndIUPACBasesArePreserved() throws {
        let text = "@iupac\nACGTacgtNnRYKMSWBDHVU.-*\n+\n!\"#$%&'()*+,-./012345678\n"
        let record = try #require(try readAllViews(Array(text.utf8)).first)
        #expect(record.sequenceString == "ACGTacgtNnRYKMSWBDHVU.-*")
        #expect(record.qualityString == "!\"#$%&'()*+,-./012345678")
    }

    @Test func zeroLengthReadsAnywhere() throws {
        let cases = [
            "@a\nAC\n+\nII\n@empty\n\n+\n\n@b\nG\n+\nI\n",     // in the middle
            "@a\nAC\n+\nII\n@empty\n\n+\n\n",                  // last
            "@a\nAC\n+\nII\n@empty\n\n+\n",                    // last, no quality line at all
            "@a\r\nAC\r\n+\r\nII\r\n@empty\r\n\r\n+\r\n\r\n",  // CRLF
        ]
        for text in cases {
            let records = try readAllViews(Array(text.utf8))
            #expect(records.count >= 2, "\(text.debugDescription)")
            #expect(records[1].name == Array("empty".utf8))
            #expect(records[1].sequence.isEmpty && records[1].qualityScores.isEmpty)
        }
        let stats = try SequenceStatistics.compute(reader: smallChunkReader(Array(cases[0].utf8)))
        #expect(stats.records == 3 && stats.bases == 3 && stats.minLength == 0 && stats.maxLength == 2)
    }

    @Test(arguments: [100_000, 1_000_000])
    func veryLongReadsBetweenShortOnes(length: Int) throws {
        var long = FASTQTestData.records(count: 1, seed: UInt64(length), lengths: length...length)
        long[0].name = Array("long".utf8)
        let short = FASTQTestData.records(count: 3, seed: 5, lengths: 10...20)
        let records = [short[0]] + long + [short[1], short[2]]
        let read = try readAllViews(FASTQTestData.fastq(records))
        #expect(read.count == 4)
        #expect(read[1].sequence.count == length)
        #expect(read == records)
        // Wrapped long reads take the general path and the scratch buffers.
        #expect(try readAllViews(FASTQTestData.fastq(records, wrap: 80)) == records)
    }

    @Test func lastRecordWithoutNewlineIsRead() throws {
        let records = try readAllViews(Array("@a\nACGT\n+\nIIII\n@b\nGG\n+\nII".utf8))
        #expect(records.map(\.sequenceString) == ["ACGT", "GG"])
        #expect(records[1].qualityString == "II")
    }

    @Test func trailingBlankLinesAreNotRecords() throws {
        #expect(try readAllViews(Array("@a\nACGT\n+\nIIII\n\n\n".utf8)).count == 1)
        #expect(try readAllViews(Array("@a\r\nACGT\r\n+\r\nIIII\r\n\r\n".utf8)).count == 1)
    }

    @Test func emptyInputHasNoRecordsAndNoFormat() throws {
        let reader = try SequenceReader(bytes: [])
        #expect(reader.format == nil)
        #expect(try reader.withNextRecord { _ in true } == nil)
    }

    @Test func viewsExposeNameIdentifierAndStrings() throws {
        let reader = try SequenceReader(bytes: Array("@r1/1 1:N:0:ACGT\nACGT\n+\nIIII\n".utf8))
        let (name, identifier, sequence, quality) = try #require(try reader.withNextRecord { view in
            (view.nameString, view.identifierString, view.sequenceString, view.qualityString)
        })
        #expect(name == "r1/1 1:N:0:ACGT" && identifier == "r1/1" && sequence == "ACGT" && quality == "IIII")
        #expect(reader.format == .fastq && reader.compression == Compression.none)
        #expect(reader.currentRecordLine == 1)
    }

    @Test func headerLineOfEachRecordIsKnown() throws {
        let text = "@a\nAC\n+\nII\n@b\nAC\nGT\n+\nIIII\n@c\nA\n+\nI\n"
        let reader = try SequenceReader(bytes: Array(text.utf8))
        var lines: [Int] = []
        while try reader.advance() { lines.append(reader.currentRecordLine) }
        #expect(lines == [1, 5, 10])
    }

    @Test func formatIsRequiredByTheTypedReaders() throws {
        expectSeqError(.unsupportedFormat, line: 1, message: "expected FASTQ") {
            _ = try FASTQ.Reader(bytes: Array(">chr1\nACGT\n".utf8))
        }
        expectSeqError(.unsupportedFormat, line: 1, message: "expected FASTA") {
            _ = try FASTA.Reader(bytes: Array("@r\nA\n+\nI\n".utf8))
        }
        expectSeqError(.unsupportedFormat, file: "x.txt", line: 1, message: "not FASTQ or FASTA") {
            _ = try SequenceReader(bytes: Array("hello\n".utf8), name: "x.txt")
        }
    }
}
