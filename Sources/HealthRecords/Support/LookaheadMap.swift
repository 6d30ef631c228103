import Foundation

/// A sequence of `transform(0), transform(1), …, transform(count - 1)`, computed ahead of the consumer on
/// worker threads and delivered in order.
///
/// The workers take blocks of `blockSize` indices and stay at most `lookahead` blocks ahead of the consumer, so
/// memory stays bounded; the consumer (say, the single writer of a store) works while the next blocks are being
/// computed. Abandoning the iterator stops the workers after their current block.
struct LookaheadMap<Output: Sendable>: Sequence {
    let count: Int
    let workers: Int
    let blockSize: Int
    let lookahead: Int
    let transform: @Sendable (Int) -> Output

    /// - Parameters:
    ///   - count: the number of items.
    ///   - workers: threads computing items (at least 1).
    ///   - blockSize: items per unit of work.
    ///   - lookahead: how many blocks the workers may be ahead of the consumer.
    ///   - transform: computes item `i` (called on a worker thread).
    init(count: Int, workers: Int, blockSize: Int = 128, lookahead: Int = 16, transform: @escaping @Sendable (Int) -> Output) {
        self.count = Swift.max(0, count)
        self.workers = Swift.max(1, workers)
        self.blockSize = Swift.max(1, blockSize)
        self.lookahead = Swift.max(1, lookahead)
        self.transform = transform
    }

    func makeIterator() -> Iterator {
        Iterator(self)
    }

    /// Delivers the items in order; its deinit stops the workers.
    final class Iterator: IteratorProtocol {
        private let state: State
        private var block: [Output] = []
        private var position = 0

        init(_ map: LookaheadMap) {
            state = State(count: map.count, blockSize: map.blockSize, lookahead: map.lookahead)
            let blocks = (map.count + map.blockSize - 1) / map.blockSize
            for _ in 0..<Swift.min(map.workers, blocks) {
                let state = self.state, transform = map.transform
                let thread = Thread { state.work(transform) }
                thread.stackSize = 4 << 20
                thread.start()
            }
        }

        deinit { state.cancel() }

        func next() -> Output? {
            if position == block.count {
                guard let next = state.take() else { return nil }
                block = next
                position = 0
                if block.isEmpty { return nil }
            }
            position += 1
            return block[position - 1]
        }
    }

    /// Blocks claimed, finished and taken, behind one condition variable.
    private final class State: @unchecked Sendable {
        private let condition = NSCondition()
        private let count: Int
        private let blockSize: Int
        private let lookahead: Int
        private let blockCount: Int
        private var nextToClaim = 0
        private var nextToTake = 0
        private var finished: [Int: [Output]] = [:]
        private var cancelled = false

        init(count: Int, blockSize: Int, lookahead: Int) {
            self.count = count; self.blockSize = blockSize; self.lookahead = lookahead
            blockCount = (count + blockSize - 1) / blockSize
        }

        func work(_ transform: (Int) -> Output) {
            while true {
                condition.lock()
                while !cancelled && nextToClaim < blockCount && nextToClaim - nextToTake >= lookahead { condition.wait() }
                if cancelled || nextToClaim >= blockCount { condition.unlock(); return }
                let index = nextToClaim
                nextToClaim += 1
                condition.unlock()
                let outputs = (index * blockSize..<Swift.min(count, (index + 1) * blockSize)).map(transform)
                condition.lock()
                finished[index] = outputs
                condition.broadcast()
                condition.unlock()
            }
        }

        /// The next block in order, nil after the last.
        func take() -> [Output]? {
            condition.lock(); defer { condition.unlock() }
            guard nextToTake < blockCount else { return nil }
            while finished[nextToTake] == nil { condition.wait() }
            let outputs = finished.removeValue(forKey: nextToTake)!
            nextToTake += 1
            condition.broadcast()
            return outputs
        }

        func cancel() {
            condition.lock(); cancelled = true; condition.broadcast(); condition.unlock()
        }
    }
}
