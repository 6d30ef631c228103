import Foundation
internal import CDeflate

/// Inflates a BGZF stream, its blocks in parallel across `threads` workers, with libdeflate.
///
/// Each block's header gives its compressed size and its trailer the inflated size (ISIZE), so a
/// batch of blocks can be laid out in the output chunk before inflating and then inflated
/// independently. `libdeflate_gzip_decompress` checks each block's CRC-32 and ISIZE. A stream that
/// ends inside a block, or without the 28-byte BGZF end-of-file marker block, is truncated.
final class BGZFChunkProducer: ChunkProducer, @unchecked Sendable {
    private let input: InputFile
    private let threads: Int
    private let inCapacity: Int
    private let inBuffer: UnsafeMutablePointer<UInt8>
    private var inStart = 0
    private var inEnd = 0
    private var inputEnded = false
    private var decompressors: [OpaquePointer]

    private struct Block {
        var inOffset: Int
        var inLength: Int
        var outOffset: Int
        var outLength: Int
        var fileOffset: Int
    }

    init(input: InputFile, threads: Int, chunkBodyCapacity: Int) {
        self.input = input
        self.threads = max(1, threads)
        // Enough compressed input for a full chunk of incompressible blocks, plus one block.
        inCapacity = chunkBodyCapacity + 2 * 65536 + 1024
        inBuffer = .allocate(capacity: inCapacity)
        decompressors = (0..<max(1, threads)).map { _ in libdeflate_alloc_decompressor()! }
    }

    deinit {
        inBuffer.deallocate()
        for d in decompressors { libdeflate_free_decompressor(d) }
    }

    private func error(_ code: SeqError.Code, _ message: String) -> SeqError {
        SeqError(code, message, position: .init(file: input.path))
    }

    func run(into channel: ChunkChannel) {
        do {
            try inflateAll(into: channel)
            channel.finish()
        } catch {
            channel.finish(error)
        }
    }

    /// Makes at least `count` bytes available from `inStart`, compacting; false if input ended first.
    private func ensure(_ count: Int) throws(SeqError) -> Bool {
        if inEnd - inStart >= count { return true }
        if inStart > 0 {
            memmove(inBuffer, inBuffer + inStart, inEnd - inStart)
            inEnd -= inStart
            inStart = 0
        }
        while inEnd - inStart < count && !inputEnded {
            let n = try input.read(into: inBuffer + inEnd, count: inCapacity - inEnd)
            if n == 0 { inputEnded = true }
            inEnd += n
        }
        return inEnd - inStart >= count
    }

    private func inflateAll(into channel: ChunkChannel) throws(SeqError) {
        var fileOffset = 0
        var sawEOFMarker = false
        var blockNumber = 0
        while let chunk = channel.takeFree() {
            var blocks: [Block] = []
            var outUsed = 0
            var pendingError: SeqError?
            gather: while true {
                // Only compact the input buffer when no gathered block points into it.
                let available = inEnd - inStart
                if available < 18 {
                    if !blocks.isEmpty { break gather }
                    if !(try ensure(18)) {
                        if inEnd - inStart == 0 { break gather }
                        pendingError = error(.truncated, "BGZF stream is truncated: \(inEnd - inStart) bytes of an incomplete block header at compressed byte \(fileOffset)")
                        break gather
                    }
                }
                let h = inBuffer + inStart
                guard h[0] == 0x1f, h[1] == 0x8b, h[2] == 8, h[3] & 4 != 0 else {
                    pendingError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) at compressed byte \(fileOffset) has no gzip/BGZF header")
                    break gather
                }
                let xlen = Int(h[10]) | Int(h[11]) << 8
                if inEnd - inStart < 12 + xlen {
                    if !blocks.isEmpty { break gather }
                    if !(try ensure(12 + xlen)) {
                        pendingError = error(.truncated, "BGZF stream is truncated inside the header of block \(blockNumber + 1)")
                        break gather
                    }
                }
                let h2 = inBuffer + inStart
                var bsize = -1
                var x = 12
                while x + 4 <= 12 + xlen {
                    let slen = Int(h2[x + 2]) | Int(h2[x + 3]) << 8
                    if h2[x] == 0x42, h2[x + 1] == 0x43, slen == 2 {
                        bsize = Int(h2[x + 4]) | Int(h2[x + 5]) << 8
                    }
                    x += 4 + slen
                }
                guard bsize >= 0 else {
                    pendingError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) at compressed byte \(fileOffset) has no BC (block size) field")
                    break gather
                }
                let blockLength = bsize + 1
                guard blockLength >= 12 + xlen + 8 else {
                    pendingError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) has an impossible size \(blockLength)")
                    break gather
                }
                if inEnd - inStart < blockLength {
                    if !blocks.isEmpty { break gather }
                    if !(try ensure(blockLength)) {
                        pendingError = error(.truncated, "BGZF stream is truncated: block \(blockNumber + 1) at compressed byte \(fileOffset) needs \(blockLength) bytes, only \(inEnd - inStart) remain")
                        break gather
                    }
                }
                let b = inBuffer + inStart
                let t = b + blockLength - 4
                let isize = Int(t[0]) | Int(t[1]) << 8 | Int(t[2]) << 16 | Int(t[3]) << 24
                guard isize <= 65536 else {
                    pendingError = error(.corruptCompression, "corrupt BGZF stream: block \(blockNumber + 1) claims \(isize) inflated bytes (more than 64 KiB)")
                    break gather
                }
                if outUsed + isize > chunk.bodyCapacity { break gather }
                blocks.append(Block(inOffset: inStart, inLength: blockLength, outOffset: outUsed, outLength: isize, fileOffset: fileOffset))
                sawEOFMarker = isize == 0
                outUsed += isize
                inStart += blockLength
                fileOffset += blockLength
                blockNumber += 1
            }
            if blocks.isEmpty && pendingError == nil && inEnd == inStart && inputEnded {
                channel.giveBack(chunk)
                if !sawEOFMarker && blockNumber > 0 {
                    throw error(.truncated, "BGZF stream is truncated: it ends without the end-of-file marker block")
                }
                return
            }
            let failedAt = inflate(blocks, into: chunk.body, firstBlockNumber: blockNumber - blocks.count)
            if let (index, message) = failedAt {
                chunk.count = blocks[index].outOffset
                if chunk.count > 0 { channel.publish(chunk) } else { channel.giveBack(chunk) }
                throw error(.corruptCompression, message)
            }
            chunk.count = outUsed
            if outUsed > 0 { channel.publish(chunk) } else { channel.giveBack(chunk) }
            if let pendingError { throw pendingError }
        }
    }

    /// Inflates the blocks; returns the first failing block index and a message, if any.
    private func inflate(_ blocks: [Block], into out: UnsafeMutablePointer<UInt8>, firstBlockNumber: Int) -> (Int, String)? {
        guard !blocks.isEmpty else { return nil }
        let workers = min(threads, blocks.count)
        let failures = FailureSlots(count: workers)
        let base = UnsafeSendablePointer(inBuffer)
        let output = UnsafeSendablePointer(out)
        let decompressors = self.decompressors.map { UnsafeSendableOpaque($0) }
        let work: @Sendable (Int) -> Void = { worker in
            let per = (blocks.count + workers - 1) / workers
            let lo = worker * per
            let hi = min(blocks.count, lo + per)
            guard lo < hi else { return }
            for i in lo..<hi {
                let block = blocks[i]
                var actual = 0
                let result = libdeflate_gzip_decompress(decompressors[worker].value, base.pointer + block.inOffset, block.inLength,
                                                        output.pointer + block.outOffset, block.outLength, &actual)
                if result != LIBDEFLATE_SUCCESS || actual != block.outLength {
                    let what = result == LIBDEFLATE_BAD_DATA ? "bad deflate data or CRC-32 mismatch" : "inflated size differs from ISIZE"
                    failures.set(worker, (i, "corrupt BGZF stream: block \(firstBlockNumber + i + 1) at compressed byte \(block.fileOffset): \(what)"))
                    return
                }
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return failures.first()
    }
}

/// A raw pointer passed to worker closures; the producer guarantees exclusive, disjoint use.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>
    init(_ pointer: UnsafeMutablePointer<UInt8>) { self.pointer = pointer }
}

/// An opaque C handle used by exactly one worker at a time.
struct UnsafeSendableOpaque: @unchecked Sendable {
    let value: OpaquePointer
    init(_ value: OpaquePointer) { self.value = value }
}

/// Per-worker failure slots, read after all workers are done.
final class FailureSlots: @unchecked Sendable {
    private var slots: [(Int, String)?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ worker: Int, _ value: (Int, String)) {
        lock.lock(); slots[worker] = value; lock.unlock()
    }
    func first() -> (Int, String)? {
        lock.lock(); defer { lock.unlock() }
        return slots.compactMap { $0 }.min { $0.0 < $1.0 }
    }
}
