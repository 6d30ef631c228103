import Foundation
internal import CISAL

/// One output chunk's worth of whole BGZF blocks, with its own copy of their compressed bytes.
///
/// The reader lays the blocks out in the chunk before inflating (a block's header gives its
/// compressed size, its trailer the inflated size), so workers can inflate any block of any job in
/// any order. Mutable state is guarded by the pipeline's lock.
final class BGZFInflateJob: @unchecked Sendable {
    struct Block {
        /// Offset of the block (header included) in the job's compressed bytes.
        var inOffset: Int
        var inLength: Int
        /// Bytes of the block's gzip header (the deflate data follows).
        var headerLength: Int
        /// Offset of the block's inflated bytes in the chunk body.
        var outOffset: Int
        var outLength: Int
        /// Offset of the block in the compressed stream, and its 1-based number (for errors).
        var fileOffset: Int
        var number: Int
    }

    /// The chunk the blocks inflate into; nil for a job that only ends the stream.
    let chunk: Chunk?
    /// The compressed bytes; returned to the pipeline's pool once the chunk is published.
    let compressed: BGZFCompressedBuffer?
    let blocks: [Block]
    /// Inflated bytes of all blocks.
    let inflatedCount: Int
    /// True for the last job of the stream: after its chunk the stream ends, with `endError` if set.
    let isLast: Bool
    /// The error found while reading past this job's blocks (truncation, bad header, read failure).
    let endError: SeqError?

    /// Next block to hand to a worker.
    var nextBlock = 0
    /// Blocks not yet inflated (or given up after a failure).
    var remaining: Int
    /// The first failing block and why.
    var failure: (index: Int, message: String)?

    init(chunk: Chunk?, compressed: BGZFCompressedBuffer?, blocks: [Block], inflatedCount: Int, isLast: Bool, endError: SeqError?) {
        self.chunk = chunk
        self.compressed = compressed
        self.blocks = blocks
        self.inflatedCount = inflatedCount
        self.isLast = isLast
        self.endError = endError
        remaining = blocks.count
    }
}

/// A compressed-input buffer owned by one job at a time.
final class BGZFCompressedBuffer: @unchecked Sendable {
    let bytes: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }
}

/// Inflates jobs on persistent worker threads and publishes their chunks strictly in order.
///
/// Workers take single blocks from the oldest job that has blocks left, so no worker waits for
/// another at a chunk boundary and several chunks are in flight at once (as many as the channel
/// has free chunks). Whichever worker finishes the oldest job publishes it, and any finished jobs
/// behind it (one publisher at a time, so the order holds). A job that failed publishes the bytes
/// before its first failing block, then ends the stream with that block's error; a last job ends
/// it with its own error, if any. So every error reaches the parser after every byte before it.
///
/// One lock guards the queue; it is never held while inflating or while waking another thread
/// (a woken parser that preempts a lock holder would stall the other workers: measured, that cost
/// a fifth of a core).
final class BGZFInflatePipeline: @unchecked Sendable {
    private let channel: ChunkChannel
    private let path: String
    private let condition = NSCondition()
    /// Jobs submitted and not yet published, oldest first.
    private var jobs: [BGZFInflateJob] = []
    private var freeBuffers: [BGZFCompressedBuffer] = []
    /// The reader submits no more jobs.
    private var readerDone = false
    /// The stream ended (published, failed) or the consumer went away: workers stop.
    private var stopped = false
    /// A thread is handing finished jobs' chunks to the channel.
    private var publishing = false

    init(channel: ChunkChannel, path: String) {
        self.channel = channel
        self.path = path
    }

    /// Starts `count` worker threads; each ends once the stream has ended or been abandoned.
    func startWorkers(_ count: Int) {
        for worker in 0..<count {
            channel.startProducerThread(name: "gx-bgzf-\(worker + 1)") { [self] in work() }
        }
    }

    /// True once no more jobs are wanted (the stream ended or the consumer went away).
    var isStopped: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopped
    }

    /// A compressed-input buffer of `capacity` bytes, reused from published jobs when possible.
    func takeBuffer(capacity: Int) -> BGZFCompressedBuffer {
        condition.lock(); defer { condition.unlock() }
        if let buffer = freeBuffers.popLast() { return buffer }
        return BGZFCompressedBuffer(capacity: capacity)
    }

    /// Queues a job for the workers (a job without blocks is published at once, in its turn).
    func submit(_ job: BGZFInflateJob) {
        condition.lock()
        if !stopped {
            jobs.append(job)
            if job.remaining == 0 { publishFinishedJobs() }
        }
        condition.unlock()
        // Wake-ups after unlocking: a woken thread must not preempt one that holds the lock.
        condition.broadcast()
    }

    /// The reader has stopped: after its last job, or because the consumer went away (`abandoned`).
    func readerFinished(abandoned: Bool) {
        condition.lock()
        readerDone = true
        if abandoned { stopped = true }
        condition.unlock()
        condition.broadcast()
    }

    private func work() {
        // ISA-L's inflate state is large (~85 KiB): one per worker, zeroed once.
        let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        state.initialize(to: inflate_state())
        defer { state.deallocate() }
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            guard let job = jobs.first(where: { $0.nextBlock < $0.blocks.count }) else {
                if readerDone { break }
                condition.wait()
                continue
            }
            let index = job.nextBlock
            job.nextBlock += 1
            condition.unlock()
            let failure = Self.inflate(job, index, with: state)
            condition.lock()
            job.remaining -= 1
            if let failure {
                if job.failure == nil || index < job.failure!.index { job.failure = (index, failure) }
                // Blocks after a failing one are never published: skip those not yet started.
                job.remaining -= job.blocks.count - job.nextBlock
                job.nextBlock = job.blocks.count
            }
            if job.remaining == 0 { publishFinishedJobs() }
        }
    }

    /// Inflates one block into the job's chunk; returns why it failed, if it did.
    ///
    /// ISA-L's one-shot inflate reads the deflate data after the header and checks the trailer's
    /// CRC-32 and ISIZE (`ISAL_GZIP_NO_HDR_VER`); it never writes past `avail_out` and rejects
    /// back-references before the block's first byte, so blocks inflate independently.
    private static func inflate(_ job: BGZFInflateJob, _ index: Int, with state: UnsafeMutablePointer<inflate_state>) -> String? {
        let block = job.blocks[index]
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR_VER)
        state.pointee.next_in = job.compressed!.bytes + block.inOffset + block.headerLength
        state.pointee.avail_in = UInt32(block.inLength - block.headerLength)
        state.pointee.next_out = job.chunk!.body + block.outOffset
        state.pointee.avail_out = UInt32(block.outLength)
        let result = isal_inflate_stateless(state)
        let shortBy = Int(state.pointee.avail_out)
        if result == ISAL_DECOMP_OK && shortBy == 0 { return nil }
        let what = result == ISAL_OUT_OVERFLOW || (result == ISAL_DECOMP_OK && shortBy != 0)
            ? "inflated size differs from ISIZE" : "bad deflate data or CRC-32 mismatch"
        return "corrupt BGZF stream: block \(block.number) at compressed byte \(block.fileOffset): \(what)"
    }

    /// Publishes the finished jobs at the head of the queue, in order. Called with the lock held;
    /// returns with it held, but releases it while handing chunks to the channel (which wakes the
    /// parser). One thread publishes at a time; jobs that finish meanwhile are picked up by it.
    private func publishFinishedJobs() {
        if publishing { return }
        publishing = true
        defer { publishing = false }
        while !stopped {
            var ready: [BGZFInflateJob] = []
            while let head = jobs.first, head.remaining == 0 {
                jobs.removeFirst()
                ready.append(head)
                if head.isLast || head.failure != nil {
                    // The stream ends here; jobs behind it are dropped, their chunks never published.
                    stopped = true
                    jobs.removeAll()
                    break
                }
            }
            if ready.isEmpty { return }
            condition.unlock()
            for job in ready {
                var count = job.inflatedCount
                var streamError = job.endError
                if let failure = job.failure {
                    count = job.blocks[failure.index].outOffset
                    streamError = SeqError(.corruptCompression, failure.message, position: .init(file: path))
                }
                if let chunk = job.chunk {
                    chunk.count = count
                    if count > 0 { channel.publish(chunk) } else { channel.giveBack(chunk) }
                }
                if job.isLast || job.failure != nil { channel.finish(streamError) }
            }
            condition.lock()
            freeBuffers.append(contentsOf: ready.compactMap(\.compressed))
        }
        // Stopped: wake the workers so that they end.
        condition.broadcast()
    }
}
