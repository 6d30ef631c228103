import Foundation

/// A block of decompressed bytes handed from a producer thread to the parser.
///
/// Memory layout: `[prefix | body | 1 spare byte]`. The producer writes only the body; the parser
/// copies the unfinished tail of the previous chunk into the end of the prefix, so a record that
/// straddles two chunks becomes contiguous without reallocating (the needletail/kseq "compact"
/// idea, done by placement instead of a second buffer).
final class Chunk: @unchecked Sendable {
    /// Start of the allocation.
    let storage: UnsafeMutablePointer<UInt8>
    /// Bytes reserved in front of the body for carried-over tails.
    let prefixCapacity: Int
    /// Bytes the body can hold.
    let bodyCapacity: Int
    /// Bytes of the body that hold data.
    var count: Int = 0

    init(prefixCapacity: Int, bodyCapacity: Int) {
        self.prefixCapacity = prefixCapacity
        self.bodyCapacity = bodyCapacity
        storage = .allocate(capacity: prefixCapacity + bodyCapacity + 1)
    }

    deinit { storage.deallocate() }

    /// The first body byte.
    var body: UnsafeMutablePointer<UInt8> { storage + prefixCapacity }
}

/// A bounded channel of chunks from a producer to one consumer (a fixed pool, so memory stays bounded).
///
/// A producer may fill chunks on several threads, but publishes them one at a time, in order.
final class ChunkChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var free: [Chunk]
    private var filled: [Chunk] = []
    private var filledHead = 0
    private var finished = false
    private var failure: SeqError?
    private var cancelled = false
    private var runningProducerThreads = 0

    /// Creates a channel with `count` chunks of the given sizes.
    init(count: Int, prefixCapacity: Int, bodyCapacity: Int) {
        free = (0..<count).map { _ in Chunk(prefixCapacity: prefixCapacity, bodyCapacity: bodyCapacity) }
    }

    // MARK: producer side

    /// Waits for an empty chunk; nil when the consumer has gone away or the stream was finished
    /// (a producer whose workers ended the stream must not wait for chunks the consumer holds).
    func takeFree() -> Chunk? {
        condition.lock(); defer { condition.unlock() }
        while free.isEmpty && !cancelled && !finished { condition.wait() }
        if cancelled || finished { return nil }
        let chunk = free.removeLast()
        chunk.count = 0
        return chunk
    }

    /// Hands a filled chunk to the consumer.
    func publish(_ chunk: Chunk) {
        condition.lock()
        filled.append(chunk)
        condition.unlock()
        // After unlocking: the woken thread must not preempt this one while it holds the lock.
        condition.broadcast()
    }

    /// Returns an unused chunk to the pool (producer side).
    func giveBack(_ chunk: Chunk) { recycle(chunk) }

    /// Ends the stream, with an error if the producer failed.
    func finish(_ error: SeqError? = nil) {
        condition.lock(); defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    /// Runs `body` on a new producer thread, counted in ``producerThreads`` while it runs.
    func startProducerThread(name: String, _ body: @escaping @Sendable () -> Void) {
        condition.lock()
        runningProducerThreads += 1
        condition.unlock()
        let thread = Thread { [self] in
            body()
            condition.lock()
            runningProducerThreads -= 1
            condition.unlock()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Producer threads still running (tests check that a finished or abandoned stream ends them all).
    var producerThreads: Int {
        condition.lock(); defer { condition.unlock() }
        return runningProducerThreads
    }

    /// True once the consumer has stopped listening.
    var isCancelled: Bool {
        condition.lock(); defer { condition.unlock() }
        return cancelled
    }

    // MARK: consumer side

    /// The next filled chunk, nil at end of stream; throws the producer's error after all data before it.
    func next() throws(SeqError) -> Chunk? {
        condition.lock(); defer { condition.unlock() }
        while filledHead == filled.count && !finished { condition.wait() }
        if filledHead < filled.count {
            let chunk = filled[filledHead]
            filledHead += 1
            if filledHead == filled.count { filled.removeAll(keepingCapacity: true); filledHead = 0 }
            return chunk
        }
        if let failure { throw failure }
        return nil
    }

    /// Returns a consumed chunk to the pool.
    func recycle(_ chunk: Chunk) {
        condition.lock()
        free.append(chunk)
        condition.unlock()
        // After unlocking: the woken thread must not preempt this one while it holds the lock.
        condition.broadcast()
    }

    /// Tells the producer to stop.
    func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
    }
}
