import Foundation

/// Inflates a BGZF stream with ISA-L on `threads` worker threads, pipelined.
///
/// The producer thread only reads: it walks the block headers, and for each free output chunk
/// gathers the whole blocks that fit (a block's header gives its compressed size BSIZE, its trailer
/// the inflated size ISIZE, so the layout in the chunk is known before inflating) into a job that
/// owns its compressed bytes. ``BGZFInflatePipeline``'s persistent workers inflate the blocks of
/// several jobs at once and publish the chunks strictly in order, so neither the reader nor a
/// worker waits at a chunk boundary. Each block's CRC-32 and ISIZE are checked. A stream that
/// ends inside a block, or without the 28-byte BGZF end-of-file marker block, is truncated. Every
/// error reaches the parser after all bytes before it.
final class BGZFChunkProducer: ChunkProducer, @unchecked Sendable {
    private let input: InputFile
    private let threads: Int
    private let inCapacity: Int
    /// Bytes asked of one `read`: small, so that little is left over to copy into the next job's buffer.
    private let readSize = 256 << 10
    private var buffer: BGZFCompressedBuffer?
    private var inStart = 0
    private var inEnd = 0
    private var inputEnded = false
    private var fileOffset = 0
    private var blockNumber = 0
    private var sawEOFMarker = false

    init(input: InputFile, threads: Int, chunkBodyCapacity: Int) {
        self.input = input
        self.threads = max(1, threads)
        // Enough compressed input for a full chunk of incompressible blocks, plus one block.
        inCapacity = chunkBodyCapacity + 2 * 65536 + 1024
    }

    private func error(_ code: SeqError.Code, _ message: String) -> SeqError {
        SeqError(code, message, position: .init(file: input.path))
    }

    func run(into channel: ChunkChannel) {
        let pipeline = BGZFInflatePipeline(channel: channel, path: input.path)
        pipeline.startWorkers(threads)
        buffer = pipeline.takeBuffer(capacity: inCapacity)
        while true {
            guard let chunk = channel.takeFree() else {
                // The consumer went away, or the stream already ended with an error.
                pipeline.readerFinished(abandoned: true)
                return
            }
            if pipeline.isStopped {
                channel.giveBack(chunk)
                pipeline.readerFinished(abandoned: true)
                return
            }
            let job = gatherJob(into: chunk, pipeline: pipeline)
            pipeline.submit(job)
            if job.isLast { break }
        }
        pipeline.readerFinished(abandoned: false)
    }

    /// Makes at least `count` bytes available from `inStart` by reading behind `inEnd`; false if the
    /// input ended first or the buffer is full (then `inputEnded` tells which).
    private func ensure(_ count: Int) throws(SeqError) -> Bool {
        let buffer = self.buffer!
        while inEnd - inStart < count && !inputEnded {
            let room = buffer.capacity - inEnd
            if room == 0 { return false }
            let n = try input.read(into: buffer.bytes + inEnd, count: min(room, max(readSize, count - (inEnd - inStart))))
            if n == 0 { inputEnded = true }
            inEnd += n
        }
        return inEnd - inStart >= count
    }

    /// Gathers the whole blocks that fit into `chunk` (or the end of the stream) as a job, and moves
    /// the bytes after them to a fresh buffer for the next job.
    private func gatherJob(into chunk: Chunk, pipeline: BGZFInflatePipeline) -> BGZFInflateJob {
        var blocks: [BGZFInflateJob.Block] = []
        var outUsed = 0
        var endError: SeqError?
        var atEnd = false
        // Not enough bytes for the next piece: with blocks gathered and the buffer full, the job is
        // complete; otherwise the input ended (cleanly between blocks, or truncated).
        gather: do throws(SeqError) {
            while true {
                let bytes = buffer!.bytes
                if !(try ensure(18)) {
                    if !inputEnded { break gather }
                    if inEnd - inStart == 0 { atEnd = true; break gather }
                    endError = error(.truncated, "BGZF stream is truncated: \(inEnd - inStart) bytes of an incomplete block header at compressed byte \(fileOffset)")
                    break gather
                }
                let h = bytes + inStart
                guard h[0] == 0x1f, h[1] == 0x8b, h[2] == 8, h[3] & 4 != 0 else {
                    endError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) at compressed byte \(fileOffset) has no gzip/BGZF header")
                    break gather
                }
                let xlen = Int(h[10]) | Int(h[11]) << 8
                if !(try ensure(12 + xlen)) {
                    if !inputEnded { break gather }
                    endError = error(.truncated, "BGZF stream is truncated inside the header of block \(blockNumber + 1)")
                    break gather
                }
                var bsize = -1
                var x = 12
                while x + 4 <= 12 + xlen {
                    let slen = Int(h[x + 2]) | Int(h[x + 3]) << 8
                    if h[x] == 0x42, h[x + 1] == 0x43, slen == 2 {
                        bsize = Int(h[x + 4]) | Int(h[x + 5]) << 8
                    }
                    x += 4 + slen
                }
                guard bsize >= 0 else {
                    endError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) at compressed byte \(fileOffset) has no BC (block size) field")
                    break gather
                }
                let blockLength = bsize + 1
                guard blockLength >= 12 + xlen + 8 else {
                    endError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) has an impossible size \(blockLength)")
                    break gather
                }
                if !(try ensure(blockLength)) {
                    if !inputEnded { break gather }
                    endError = error(.truncated, "BGZF stream is truncated: block \(blockNumber + 1) at compressed byte \(fileOffset) needs \(blockLength) bytes, only \(inEnd - inStart) remain")
                    break gather
                }
                let t = h + blockLength - 4
                let isize = Int(t[0]) | Int(t[1]) << 8 | Int(t[2]) << 16 | Int(t[3]) << 24
                guard isize <= 65536 else {
                    endError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) claims \(isize) inflated bytes (more than 64 KiB)")
                    break gather
                }
                if outUsed + isize > chunk.bodyCapacity { break gather }
                blockNumber += 1
                blocks.append(.init(inOffset: inStart, inLength: blockLength, headerLength: 12 + xlen, outOffset: outUsed, outLength: isize,
                                    fileOffset: fileOffset, number: blockNumber))
                sawEOFMarker = isize == 0
                outUsed += isize
                inStart += blockLength
                fileOffset += blockLength
            }
        } catch {
            // A failed read: the blocks before it are still delivered first.
            endError = error
        }
        if atEnd && !sawEOFMarker && blockNumber > 0 {
            endError = error(.truncated, "BGZF stream is truncated: it ends without the end-of-file marker block")
        }
        let isLast = atEnd || endError != nil
        let compressed = blocks.isEmpty ? nil : buffer
        if !isLast && !blocks.isEmpty {
            // The job keeps its buffer; the unread rest moves to the front of another one.
            let next = pipeline.takeBuffer(capacity: inCapacity)
            next.bytes.update(from: buffer!.bytes + inStart, count: inEnd - inStart)
            inEnd -= inStart
            inStart = 0
            buffer = next
        }
        // A job without blocks (only possible at the end) gives its chunk back when published.
        return BGZFInflateJob(chunk: chunk, compressed: compressed, blocks: blocks,
                              inflatedCount: outUsed, isLast: isLast, endError: endError)
    }
}
