import Foundation
import Testing
import TestSupport
@testable import Seq

// The pipelined BGZF inflater: many blocks per chunk and many chunks in flight at 1…4 worker
// threads, errors in a later chunk while earlier chunks are still being inflated (each reported
// with its exact block and offset, after every record before it), and readers abandoned mid-file
// (all their threads end).

/// A BGZF file made block by block (stored deflate blocks of chosen sizes), so that tests know
/// where every block starts in the compressed and in the inflated bytes. `bgzip -d` checks it.
struct HandMadeBGZF {
    /// The compressed file.
    var bytes: [UInt8] = []
    /// Per data block (EOF marker excluded): offset in `bytes`, offset of its data in the inflated text, data length.
    var blocks: [(fileOffset: Int, textOffset: Int, length: Int)] = []

    /// Cuts `text` into blocks of random sizes in `sizes` and appends the EOF marker block.
    init(_ text: [UInt8], sizes: ClosedRange<Int>, seed: UInt64) {
        var random = KmerTestRandom(seed: seed)
        var offset = 0
        while offset < text.count {
            let length = min(text.count - offset, Int.random(in: sizes, using: &random))
            blocks.append((bytes.count, offset, length))
            bytes += Self.block(Array(text[offset..<offset + length]))
            offset += length
        }
        bytes += OutputSink.bgzfEOF
    }

    /// One BGZF block holding `data` in a stored deflate block.
    static func block(_ data: [UInt8]) -> [UInt8] {
        let length = data.count
        let total = 18 + 5 + length + 8
        var b: [UInt8] = [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0,
                          UInt8((total - 1) & 0xff), UInt8((total - 1) >> 8)]
        b += [1, UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8((~length >> 8) & 0xff)]
        b += data
        let crc = crc32(data)
        b += [UInt8(crc & 0xff), UInt8((crc >> 8) & 0xff), UInt8((crc >> 16) & 0xff), UInt8(crc >> 24)]
        b += [UInt8(length & 0xff), UInt8((length >> 8) & 0xff), 0, 0]
        return b
    }

    /// CRC-32 (gzip's polynomial), bit by bit: slow and obviously right.
    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

@Suite("BGZF pipeline")
struct BGZFChunkProducerTests {
    let records: [FASTQ.Record]
    let text: [UInt8]
    /// ~1 MB in ~900 blocks of 200…2000 bytes: 64 KiB chunks (the smallest) hold ~60 blocks, and there are ~17 of them.
    let file: HandMadeBGZF

    init() {
        records = FASTQTestData.records(count: 4_000, seed: 31, lengths: 50...200)
        text = FASTQTestData.fastq(records)
        file = HandMadeBGZF(text, sizes: 200...2_000, seed: 32)
    }

    private func reader(_ bytes: [UInt8], threads: Int, chunkBody: Int = 64 << 10) throws -> SequenceReader {
        try SequenceReader(bytes: bytes, name: "hand.bgzf", threads: threads, chunkBodyCapacity: chunkBody, chunkPrefixCapacity: smallChunkPrefix)
    }

    /// Reads records until the end or an error; returns the records read and the error.
    private func readUntilError(_ bytes: [UInt8], threads: Int) throws -> ([FASTQ.Record], SeqError?) {
        let reader = try reader(bytes, threads: threads)
        var read: [FASTQ.Record] = []
        do {
            while let r = try reader.withNextRecord({ $0.fastqRecord }) { read.append(r) }
        } catch let error as SeqError {
            return (read, error)
        }
        return (read, nil)
    }

    /// The records whose text ends at or before `textOffset` (those a parser can deliver from it).
    private func recordsBefore(textOffset: Int) -> [FASTQ.Record] {
        var end = 0
        var count = 0
        for r in records {
            end += 1 + r.name.count + 1 + r.sequence.count + 1 + 1 + 1 + r.qualityScores.count + 1
            if end > textOffset { break }
            count += 1
        }
        return Array(records.prefix(count))
    }

    @Test func handMadeFileIsValidBGZFForBgzip() throws {
        let directory = try TestPaths.temporaryDirectory("gx-bgzf-pipeline")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try FASTQTestData.write(file.bytes, name: "hand.fq.gz", in: directory)
        let expected = try FASTQTestData.shell("md5sum < '\(try FASTQTestData.write(text, name: "hand.fq", in: directory))'")
        #expect(try FASTQTestData.shell("bgzip -t '\(path)' && bgzip -dc '\(path)' | md5sum", needs: ["bgzip"]) == expected)
        #expect(file.blocks.count > 500)
    }

    @Test(arguments: [1, 2, 3, 4])
    func manyBlocksPerChunkAndManyChunksInFlight(threads: Int) throws {
        for chunkBody in [64 << 10, 100_000, 1 << 20] {
            let reader = try reader(file.bytes, threads: threads, chunkBody: chunkBody)
            var read: [FASTQ.Record] = []
            while let r = try reader.withNextRecord({ $0.fastqRecord }) { read.append(r) }
            #expect(reader.compression == .bgzf)
            #expect(read == records, "chunk body \(chunkBody)")
        }
    }

    @Test(arguments: [1, 2, 4])
    func corruptBlockInALaterChunkComesAfterEveryRecordBeforeIt(threads: Int) throws {
        // Block 700 (in chunk ~12) and block 800 have their data changed: the CRC no longer matches.
        var bytes = file.bytes
        for index in [699, 799] { bytes[file.blocks[index].fileOffset + 30] ^= 0x20 }
        let (read, error) = try readUntilError(bytes, threads: threads)
        let block = file.blocks[699]
        #expect(error?.code == .corruptCompression)
        #expect(error?.message == "corrupt BGZF stream: block 700 at compressed byte \(block.fileOffset): bad deflate data or CRC-32 mismatch")
        #expect(error?.position?.file == "hand.bgzf")
        #expect(read == recordsBefore(textOffset: block.textOffset))
        #expect(read.count > 2_000)
    }

    @Test(arguments: [1, 2, 4])
    func wrongISIZEInALaterChunk(threads: Int) throws {
        var bytes = file.bytes
        let block = file.blocks[600]
        // One byte less than the block holds: the inflated data does not fit.
        let isizeOffset = file.blocks[601].fileOffset - 4
        bytes[isizeOffset] = UInt8((block.length - 1) & 0xff)
        bytes[isizeOffset + 1] = UInt8((block.length - 1) >> 8)
        let (read, error) = try readUntilError(bytes, threads: threads)
        #expect(error?.code == .corruptCompression)
        #expect(error?.message == "corrupt BGZF stream: block 601 at compressed byte \(block.fileOffset): inflated size differs from ISIZE")
        #expect(read == recordsBefore(textOffset: block.textOffset))
    }

    @Test(arguments: [1, 2, 4])
    func headerErrorsInALaterChunkWhileEarlierChunksAreInFlight(threads: Int) throws {
        let block = file.blocks[650]
        let at = block.fileOffset
        // Each damage of block 651's header, with the error the reader must give.
        let cases: [(String, (inout [UInt8]) -> Void, SeqError.Code, String)] = [
            ("magic", { $0[at] = 0 }, .corruptCompression,
             "corrupt BGZF stream: block 651 at compressed byte \(at) has no gzip/BGZF header"),
            ("no BC field", { $0[at + 12] = UInt8(ascii: "X") }, .corruptCompression,
             "corrupt BGZF stream: block 651 at compressed byte \(at) has no BC (block size) field"),
            ("impossible size", { $0[at + 16] = 10; $0[at + 17] = 0 }, .corruptCompression,
             "corrupt BGZF stream: block 651 has an impossible size 11"),
            ("ISIZE > 64 KiB", { bytes in
                let trailer = file.blocks[651].fileOffset - 4
                bytes[trailer + 2] = 2
            }, .corruptCompression, "corrupt BGZF stream: block 651 claims \(131_072 + block.length) inflated bytes (more than 64 KiB)"),
            ("truncated inside a block", { $0.removeSubrange((at + 40)...) }, .truncated,
             "BGZF stream is truncated: block 651 at compressed byte \(at) needs \(block.length + 31) bytes, only 40 remain"),
            ("truncated inside a header", { $0.removeSubrange((at + 10)...) }, .truncated,
             "BGZF stream is truncated: 10 bytes of an incomplete block header at compressed byte \(at)"),
            ("truncated inside the extra field", { $0[at + 10] = 200; $0.removeSubrange((at + 100)...) }, .truncated,
             "BGZF stream is truncated inside the header of block 651"),
            ("no EOF marker", { $0.removeSubrange(at...) }, .truncated,
             "BGZF stream is truncated: it ends without the end-of-file marker block"),
        ]
        for (name, damage, code, message) in cases {
            var bytes = file.bytes
            damage(&bytes)
            let (read, error) = try readUntilError(bytes, threads: threads)
            #expect(error?.code == code, "\(name): \(String(describing: error))")
            #expect(error?.message == message, "\(name)")
            #expect(read == recordsBefore(textOffset: block.textOffset), "\(name): \(read.count) records")
        }
    }

    @Test func aCorruptBlockBeforeATruncationWins() throws {
        // The truncation is found by the reader first, but block 100's failure comes first in the stream.
        var bytes = file.bytes
        bytes[file.blocks[99].fileOffset + 30] ^= 1
        bytes.removeSubrange((file.blocks[120].fileOffset + 40)...)
        for threads in [1, 2, 4] {
            let (read, error) = try readUntilError(bytes, threads: threads)
            #expect(error?.message.hasPrefix("corrupt BGZF stream: block 100 at compressed byte \(file.blocks[99].fileOffset)") == true)
            #expect(read == recordsBefore(textOffset: file.blocks[99].textOffset))
        }
    }

    /// Waits (up to 60 s: the suite runs tests in parallel) until every channel is gone, i.e. all
    /// the threads of its producer have returned and its chunks are freed.
    private func expectAllEnded(_ producers: [Weak], sourceLocation: SourceLocation = #_sourceLocation) {
        let deadline = Date().addingTimeInterval(60)
        while producers.contains(where: { $0.value != nil }) && Date() < deadline { usleep(2_000) }
        let alive = producers.filter { $0.value != nil }.count
        #expect(alive == 0, "\(alive) of \(producers.count) abandoned readers still have threads or memory", sourceLocation: sourceLocation)
    }

    struct Weak { weak var value: ChunkChannel? }

    @Test func abandonedReadersEndAllTheirThreads() throws {
        var producers: [Weak] = []
        for i in 0..<60 {
            let threads = i % 4 + 1
            let reader = try reader(file.bytes, threads: threads)
            producers.append(Weak(value: reader.stream.channel))
            #expect(producers.last?.value != nil)
            // Abandon right after opening, after a few records, or deep in the file.
            for _ in 0..<[0, 3, 1_500][i % 3] { _ = try reader.withNextRecord { $0.sequence.count } }
        }
        expectAllEnded(producers)
    }

    @Test(arguments: [1, 2, 4])
    func aReaderKeptAfterAnErrorOrTheEndHoldsNoThreads(threads: Int) throws {
        var corrupt = file.bytes
        corrupt[file.blocks[300].fileOffset + 30] ^= 1
        for bytes in [corrupt, file.bytes] {
            let reader = try reader(bytes, threads: threads)
            // The reader thread and `threads` workers (the reader starts them).
            var deadline = Date().addingTimeInterval(60)
            while reader.stream.channel.producerThreads < threads + 1 && Date() < deadline { usleep(1_000) }
            #expect(reader.stream.channel.producerThreads == threads + 1)
            do { while try reader.withNextRecord({ _ in () }) != nil {} } catch {}
            deadline = Date().addingTimeInterval(60)
            while reader.stream.channel.producerThreads > 0 && Date() < deadline { usleep(2_000) }
            #expect(reader.stream.channel.producerThreads == 0)
        }
    }
}
