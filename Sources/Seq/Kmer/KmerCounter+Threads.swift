import Foundation

extension Kmer {
    /// An unbounded FIFO between threads (boundedness comes from the fixed pool of batches).
    final class BlockingQueue<Element>: @unchecked Sendable {
        private let condition = NSCondition()
        private var items: [Element] = []
        private var head = 0

        func push(_ item: Element) {
            condition.lock()
            items.append(item)
            condition.signal()
            condition.unlock()
        }

        func pop() -> Element {
            condition.lock()
            defer { condition.unlock() }
            while head >= items.count { condition.wait() }
            let item = items[head]
            head += 1
            if head > 64 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    /// The first error reported by any thread.
    final class FirstError: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: SeqError?

        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return stored != nil }
        var error: SeqError? { lock.lock(); defer { lock.unlock() }; return stored }

        func set(_ error: SeqError) {
            lock.lock(); defer { lock.unlock() }
            if stored == nil { stored = error }
        }
    }

    /// Starts threads and waits for all of them.
    final class ThreadGroup: @unchecked Sendable {
        private let group = DispatchGroup()

        func spawn(_ body: @escaping @Sendable () -> Void) {
            group.enter()
            let thread = Thread { [group] in
                body()
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }

        func wait() { group.wait() }
    }
}
