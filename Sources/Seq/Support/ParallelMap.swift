import Foundation

/// Runs work items on a fixed number of dedicated threads, keeping input order in the results.
///
/// Threads are started at once (``Kmer/ThreadGroup``, Foundation `Thread`s), not borrowed from libdispatch's pool, which on
/// Linux can take a second or more to add a worker while another is busy — long enough to serialise
/// two one-second scans.
enum ParallelMap {
    /// Maps `items` through `body` on `width` threads (the calling thread waits).
    /// - Returns: the results in the order of `items`; the first error (in item order) is rethrown.
    static func map<T: Sendable, R: Sendable>(_ items: [T], width: Int,
                                              _ body: @escaping @Sendable (T) throws -> R) throws -> [R] {
        if items.isEmpty { return [] }
        let workers = max(1, min(width, items.count))
        if workers == 1 { return try items.map(body) }
        let state = State<R>(count: items.count)
        let group = Kmer.ThreadGroup(stackSize: 8 << 20)
        for _ in 0..<workers {
            group.spawn {
                while let index = state.claim() {
                    state.set(index, Result { try body(items[index]) })
                }
            }
        }
        group.wait()
        return try state.results().map { try $0.get() }
    }

    /// The next unclaimed item and the results, behind one lock.
    private final class State<R: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var storage: [Result<R, any Error>?]

        init(count: Int) { storage = Array(repeating: nil, count: count) }

        func claim() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < storage.count else { return nil }
            next += 1
            return next - 1
        }

        func set(_ index: Int, _ value: Result<R, any Error>) { lock.lock(); storage[index] = value; lock.unlock() }

        func results() -> [Result<R, any Error>] { lock.lock(); defer { lock.unlock() }; return storage.map { $0! } }
    }
}
