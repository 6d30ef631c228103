import Foundation
import Testing
import TestSupport
@testable import Seq

// FASTA reading (multi-line, CRLF, blank lines, IUPAC, chromosome-sized records) and writing.

private func fastaRecords(_ text: String, name: String = "ref.fa") throws -> [FASTA.Record] {
    try FASTA.Reader(bytes: Array(text.utf8), name: name).readAll()
}

@Suite("FASTA reader and writer")
struct FASTAReaderTests {
    @Test func multiLineRecordsAreJoined() throws {
        let records = FASTQTestData.records(count: 200, seed: 11, lengths: 0...500)
        for wrap in [1, 60, 70, 1_000] {
            let read = try readAllViews(FASTQTestData.fasta(records, wrap: wrap))
            #expect(read.map(\.name) == records.map(\.name), "wrap \(wrap)")
            #expect(read.map(\.sequence) == records.map(\.sequence), "wrap \(wrap)")
        }
    }

    @Test func crlfBlankLinesLowerCaseAndIUPAC() throws {
        let text = ">chr1 first\r\nACGTN\r\nacgtn\r\n\r\n>chr2\r\nRYKMSWBDHV\r\n\r\n\r\n>empty\r\n>chr3\nU-*.\n"
        let read = try fastaRecords(text)
        #expect(read.map(\.nameString) == ["chr1 first", "chr2", "empty", "chr3"])
        #expect(read.map(\.sequenceString) == ["ACGTNacgtn", "RYKMSWBDHV", "", "U-*."])
        #expect(read[0].identifier.elementsEqual("chr1".utf8))
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try fastaRecords(">a\nAC\nGT").map(\.sequenceString) == ["ACGT"])
        #expect(try fastaRecords(">a\nAC\n>b").map(\.nameString) == ["a", "b"])
    }

    @Test func emptyNamesAreAcceptedAsFaidxDoes() throws {
        // htslib's faidx.fa test file has a '>' line with no name; faidx indexes it.
        #expect(try fastaRecords(">\nATGC\n>x\nA\n").map(\.sequenceString) == ["ATGC", "A"])
    }

    @Test func chromosomeLargerThanTheDecompressionChunks() throws {
        var random = KmerTestRandom(seed: 12)
        let chromosome = randomSequence(length: 1_500_000, invalidRate: 0.001, using: &random)
        let record = FASTQ.Record(name: Array("chrBig".utf8), sequence: chromosome, qualityScores: [])
        let small = FASTQ.Record(name: Array("chrSmall".utf8), sequence: Array("ACGT".utf8), qualityScores: [])
        let read = try readAllViews(FASTQTestData.fasta([small, record, small], wrap: 60))
        #expect(read.count == 3)
        #expect(read[1].sequence == chromosome)
        #expect(read[1].qualityScores.isEmpty)
        #expect(read[2].sequenceString == "ACGT")
    }

    @Test func invalidCharactersAreReportedWithLineAndRecord() {
        expectSeqError(.malformedRecord, file: "ref.fa", line: 5, record: 2, message: "invalid character '5' (0x35) in the sequence at column 4") {
            _ = try fastaRecords(">a\nACGT\n>b\nACGT\nACG5T\n")
        }
        expectSeqError(.malformedRecord, file: "ref.fa", line: 2, record: 1, message: "invalid character space (0x20)") {
            _ = try fastaRecords(">a\nAC GT\n")
        }
        expectSeqError(.unsupportedFormat, file: "ref.fa", line: 1, message: "expected '@' (FASTQ) or '>' (FASTA)") {
            _ = try fastaRecords("ACGT\n>a\nACGT\n")
        }
    }

    @Test(arguments: [Compression.none, .gzip, .bgzf])
    func writerRoundTripsThroughTheReader(compression: Compression) throws {
        let directory = try TestPaths.temporaryDirectory("gx-fasta")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.fa").path
        let records = FASTQTestData.records(count: 300, seed: 13, lengths: 0...400)
        let writer = try FASTA.Writer(path: path, compression: compression, lineWidth: 60)
        for r in records { try writer.write(FASTA.Record(name: r.name, sequence: r.sequence)) }
        try writer.close()
        let reader = try FASTA.Reader(path: path)
        #expect(reader.base.compression == compression)
        let read = try reader.readAll()
        #expect(read.map(\.name) == records.map(\.name))
        #expect(read.map(\.sequence) == records.map(\.sequence))
        // Lines are wrapped at 60.
        if compression == .none {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.split(separator: "\n").allSatisfy { $0.first == ">" || $0.count <= 60 })
        }
    }

    @Test func writerRejectsEmptyNames() throws {
        let directory = try TestPaths.temporaryDirectory("gx-fasta")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try FASTA.Writer(path: directory.appendingPathComponent("x.fa").path)
        expectSeqError(.invalidArgument, message: "empty name") { try writer.write(FASTA.Record(name: "", sequence: "ACGT")) }
    }
}
