import Foundation
import Testing
import TestSupport
@testable import Seq

// Compression: detection from bytes, gzip single/multi-member (gzip, pigz), BGZF (bgzip) with
// 1…4 threads, truncated and corrupt streams, and the writers (read back by gzip, bgzip, htslib).

@Suite("Compression")
struct CompressionTests {
    let directory: URL
    let records: [FASTQ.Record]
    let plain: [UInt8]

    init() throws {
        directory = try TestPaths.temporaryDirectory("gx-compression")
        // ~1.5 MB: read in small chunks, many chunk boundaries and ~25 BGZF blocks.
        records = FASTQTestData.records(count: 6_000, seed: 21, lengths: 100...400)
        plain = FASTQTestData.fastq(records)
    }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        try FASTQTestData.write(bytes, name: name, in: directory)
    }

    private func readFile(_ path: String, threads: Int = 1) throws -> (Compression, [FASTQ.Record]) {
        let reader = try SequenceReader(path: path, threads: threads, chunkBodyCapacity: smallChunkBody, chunkPrefixCapacity: smallChunkPrefix)
        var read: [FASTQ.Record] = []
        while let r = try reader.withNextRecord({ $0.fastqRecord }) { read.append(r) }
        return (reader.compression, read)
    }

    private func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    @Test func detectionLooksAtBytesNotNames() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let plainNamedGz = try file("plain.fastq.gz", plain)
        let gz = try file("gz.txt", plain)
        try FASTQTestData.shell("gzip -f -6 '\(gz)' && mv '\(gz).gz' '\(gz)'", needs: ["gzip"])
        let bgzf = try file("bgzf.fq", plain)
        try FASTQTestData.shell("bgzip -f '\(bgzf)' && mv '\(bgzf).gz' '\(bgzf)'", needs: ["bgzip"])
        #expect(try readFile(plainNamedGz).0 == .none)
        #expect(try readFile(gz).0 == .gzip)
        #expect(try readFile(bgzf).0 == .bgzf)
        #expect(Compression.detect(prefix: [0x1f, 0x8b, 8, 0]) == .gzip)
        #expect(Compression.detect(prefix: Array("@r\n".utf8)) == .none)
        #expect(Compression.detect(prefix: OutputSink.bgzfEOF) == .bgzf)
    }

    @Test func gzipSingleMember() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try file("single.fq", plain)
        try FASTQTestData.shell("gzip -f '\(path)'", needs: ["gzip"])
        let (compression, read) = try readFile(path + ".gz")
        #expect(compression == .gzip)
        #expect(read == records)
    }

    @Test func gzipAndPigzMultiMember() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Three members cut at arbitrary byte offsets (members need not end at record ends).
        let cuts = [0, 100_003, 700_017, plain.count]
        var parts: [String] = []
        for i in 0..<3 {
            parts.append(try file("part\(i)", Array(plain[cuts[i]..<cuts[i + 1]])))
        }
        let quoted = parts.map { "'\($0)'" }.joined(separator: " ")
        let gzipPath = directory.appendingPathComponent("multi.gz").path
        try FASTQTestData.shell("for p in \(quoted); do gzip -c \"$p\"; done > '\(gzipPath)'", needs: ["gzip"])
        let pigzPath = directory.appendingPathComponent("multi.pigz.gz").path
        try FASTQTestData.shell("for p in \(quoted); do pigz -p 2 -c \"$p\"; done > '\(pigzPath)'", needs: ["pigz"])
        // pigz --independent (-i) on one file too: a single member with independent blocks.
        let pigzIndependent = directory.appendingPathComponent("independent.gz").path
        let whole = try file("whole.fq", plain)
        try FASTQTestData.shell("pigz -i -p 2 -c '\(whole)' > '\(pigzIndependent)'", needs: ["pigz"])
        for path in [gzipPath, pigzPath, pigzIndependent] {
            let (compression, read) = try readFile(path)
            #expect(compression == .gzip)
            #expect(read.count == records.count, "\(path)")
            #expect(read == records, "\(path)")
        }
    }

    @Test(arguments: [0, 9, 10, 14, 40])
    func memberHeadersStraddlingTheInputBuffer(bytesBeforeTheEnd: Int) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Member 1 is stored (level 0) and named so that member 2's header, with its file name,
        // starts `bytesBeforeTheEnd` bytes before the end of the 1 MiB compressed-input buffer.
        let firstRecords = Array(records.prefix(1_500)), secondRecords = Array(records.suffix(100))
        let first = try file("first.fq", FASTQTestData.fastq(firstRecords))
        let second = try file("second.fq", FASTQTestData.fastq(secondRecords))
        let out = directory.appendingPathComponent("straddle.gz").path
        let script = try file("straddle.py", Array("""
        import gzip, io
        def member(path, name, level):
            b = io.BytesIO()
            with gzip.GzipFile(filename=name, mode='wb', fileobj=b, mtime=0, compresslevel=level) as g:
                g.write(open(path, 'rb').read())
            return b.getvalue()
        target = (1 << 20) - \(bytesBeforeTheEnd)
        m1 = member('\(first)', 'x' * (target - len(member('\(first)', '', 0)) - 1), 0)
        assert len(m1) == target
        open('\(out)', 'wb').write(m1 + member('\(second)', 'second-member-with-a-long-name.fq', 6))

        """.utf8))
        try FASTQTestData.shell("python3 '\(script)'", needs: ["python3"])
        let (compression, read) = try readFile(out)
        #expect(compression == .gzip)
        #expect(read == firstRecords + secondRecords)
    }

    @Test func zeroPaddingAfterTheLastMemberIsAcceptedButOtherTrailingBytesAreNot() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = Array(FASTQTestData.fastq(Array(records.prefix(50))))
        let path = try file("small.fq", small)
        try FASTQTestData.shell("gzip -f '\(path)'", needs: ["gzip"])
        let gz = try bytes(path + ".gz")
        let padded = try file("padded.gz", gz + [UInt8](repeating: 0, count: 512))
        #expect(try readFile(padded).1.count == 50)
        let garbage = try file("garbage.gz", gz + Array("trailing garbage".utf8))
        expectSeqError(.corruptCompression, file: garbage, message: "unexpected data after gzip member 1") {
            _ = try readFile(garbage)
        }
    }

    @Test func truncatedAndCorruptGzip() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try file("t.fq", plain)
        try FASTQTestData.shell("gzip -f '\(path)'", needs: ["gzip"])
        let gz = try bytes(path + ".gz")
        let truncated = try file("truncated.gz", Array(gz.prefix(gz.count / 2)))
        let error = expectSeqError(.truncated, file: truncated, message: "gzip stream is truncated") { _ = try readFile(truncated) }
        // The error says how far the parser got.
        #expect((error?.position?.record ?? 0) > 500)
        #expect(error?.position?.line != nil)
        let cutTrailer = try file("no-trailer.gz", Array(gz.dropLast(4)))
        expectSeqError(.truncated, file: cutTrailer) { _ = try readFile(cutTrailer) }

        // The first deflate block header (after gzip -n's 10-byte header) set to the reserved block type 3.
        let noName = try file("n.fq", plain)
        try FASTQTestData.shell("gzip -n -f '\(noName)'", needs: ["gzip"])
        var reserved = try bytes(noName + ".gz")
        reserved[10] |= 0x06
        let corrupt = try file("corrupt.gz", reserved)
        expectSeqError(.corruptCompression, file: corrupt, message: "corrupt gzip stream in member 1: invalid deflate data") { _ = try readFile(corrupt) }
        var badCRC = gz
        badCRC[gz.count - 6] ^= 0x01
        let crc = try file("crc.gz", badCRC)
        expectSeqError(.corruptCompression, file: crc) { _ = try readFile(crc) }
    }

    @Test(arguments: [1, 2, 4])
    func bgzfBlocksInflateInParallel(threads: Int) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try file("b.fq", plain)
        try FASTQTestData.shell("bgzip -f -@ 2 '\(path)'", needs: ["bgzip"])
        let (compression, read) = try readFile(path + ".gz", threads: threads)
        #expect(compression == .bgzf)
        #expect(read == records)
        // Two bgzip files concatenated (an EOF block in the middle) are one valid stream.
        let twice = try file("twice.gz", try bytes(path + ".gz") + bytes(path + ".gz"))
        #expect(try readFile(twice, threads: threads).1.count == 2 * records.count)
    }

    @Test func truncatedAndCorruptBGZF() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try file("b.fq", plain)
        try FASTQTestData.shell("bgzip -f '\(path)'", needs: ["bgzip"])
        let bgzf = try bytes(path + ".gz")
        let noEOF = try file("no-eof.gz", Array(bgzf.dropLast(28)))
        expectSeqError(.truncated, file: noEOF, message: "without the end-of-file marker") { _ = try readFile(noEOF, threads: 2) }
        let cut = try file("cut.gz", Array(bgzf.prefix(bgzf.count / 2)))
        let error = expectSeqError(.truncated, file: cut, message: "BGZF stream is truncated") { _ = try readFile(cut, threads: 2) }
        #expect((error?.position?.record ?? 0) > 500)
        var flipped = bgzf
        flipped[bgzf.count / 2] ^= 0x55
        let corrupt = try file("corrupt.gz", flipped)
        expectSeqError(.corruptCompression, file: corrupt, message: "corrupt BGZF stream: block") { _ = try readFile(corrupt, threads: 2) }
    }

    @Test(arguments: [Compression.none, .gzip, .bgzf])
    func fastqWriterRoundTrips(compression: Compression) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.fq").path
        let writer = try FASTQ.Writer(path: path, compression: compression)
        for r in records { try writer.write(r) }
        try writer.close()
        let (detected, read) = try readFile(path, threads: 2)
        #expect(detected == compression)
        #expect(read == records)
        // The bytes inside are exactly the 4-line FASTQ text, as gzip and bgzip see them.
        let expected = try FASTQTestData.shell("md5sum < '\(try file("expected.fq", plain))'")
        switch compression {
        case .none:
            #expect(try bytes(path) == plain)
        case .gzip:
            #expect(try FASTQTestData.shell("gzip -dc '\(path)' | md5sum", needs: ["gzip"]) == expected)
        case .bgzf:
            #expect(try FASTQTestData.shell("bgzip -dc '\(path)' | md5sum", needs: ["bgzip"]) == expected)
        }
    }

    @Test func bgzfOutputIsReadByHtslibWithItsEOFBlock() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // FASTQ: bgzip -t checks every block; htsfile and samtools fqidx use htslib's BGZF reader.
        let fastq = directory.appendingPathComponent("out.fq.gz").path
        let writer = try FASTQ.Writer(path: fastq, compression: .bgzf)
        // A 200 kb read spans several 64 KiB blocks.
        let long = FASTQTestData.records(count: 1, seed: 22, lengths: 200_000...200_000)[0]
        var written = Array(records.prefix(1_000)) + [long]
        for i in written.indices { written[i].name = Array("read\(i) sample".utf8) }
        for r in written { try writer.write(r) }
        try writer.close()
        #expect(Array(try bytes(fastq).suffix(28)) == OutputSink.bgzfEOF)
        try FASTQTestData.shell("bgzip -t '\(fastq)'", needs: ["bgzip"])
        #expect(try FASTQTestData.shell("htsfile '\(fastq)'", needs: ["htsfile"]).contains("FASTQ BGZF-compressed"))
        let fqidx = try runShell("samtools fqidx '\(fastq)' && samtools fqidx -n 1000000 '\(fastq)' read999 read1000")
        #expect(fqidx.status == 0, "\(fqidx.stderr)")
        #expect(!fqidx.stderr.contains("EOF marker"), "htslib warns: \(fqidx.stderr)")
        #expect(fqidx.stdout == "@read999\n\(written[999].sequenceString)\n+\n\(written[999].qualityString)\n"
                + "@read1000\n\(long.sequenceString)\n+\n\(long.qualityString)\n")

        // FASTA: samtools faidx indexes the BGZF file (with .gzi) and extracts a region.
        let fasta = directory.appendingPathComponent("out.fa.gz").path
        var random = KmerTestRandom(seed: 23)
        let chromosome = randomSequence(length: 300_000, invalidRate: 0, using: &random)
        let fastaWriter = try FASTA.Writer(path: fasta, compression: .bgzf, lineWidth: 60)
        try fastaWriter.write(FASTA.Record(name: Array("chrT".utf8), sequence: chromosome))
        try fastaWriter.close()
        let faidx = try runShell("samtools faidx '\(fasta)' && samtools faidx '\(fasta)' chrT:150001-150060")
        #expect(faidx.status == 0, "\(faidx.stderr)")
        #expect(faidx.stdout == ">chrT:150001-150060\n" + String(decoding: chromosome[150_000..<150_060], as: UTF8.self) + "\n")
    }

    @Test func writersRejectInconsistentRecords() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try FASTQ.Writer(path: directory.appendingPathComponent("x.fq").path)
        expectSeqError(.invalidArgument, message: "quality length 3 differs from sequence length 4") {
            try writer.write(FASTQ.Record(name: "r", sequence: "ACGT", qualityScores: "III"))
        }
        expectSeqError(.invalidArgument, message: "empty name") {
            try writer.write(FASTQ.Record(name: "", sequence: "ACGT", qualityScores: "IIII"))
        }
        expectSeqError(.io, file: "/nonexistent-dir/x.fq", message: "cannot open for writing") {
            _ = try FASTQ.Writer(path: "/nonexistent-dir/x.fq")
        }
        expectSeqError(.io, file: "/nonexistent-file.fq", message: "cannot open for reading") {
            _ = try SequenceReader(path: "/nonexistent-file.fq")
        }
    }
}
