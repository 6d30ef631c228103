import Foundation
import GRDB

/// Copies the write-ahead log back into the database file on its own thread and connection, so that the
/// writer never stops to checkpoint.
///
/// After each committed write the store calls ``request()``, and this thread runs a passive checkpoint (it never
/// blocks the writer or the readers) while the writer goes on with its next transaction. The store's connections
/// checkpoint themselves only past 16,384 log pages; by then this thread has copied most frames, so that last
/// checkpoint is short, and it lets the writer restart the log (see ``SQLiteRecordStore``).
final class WALCheckpointer: @unchecked Sendable {
    private let path: String
    private let condition = NSCondition()
    private var requested = false
    private var stopped = false
    private var running = false
    private var finished = true

    init(path: String) {
        self.path = path
    }

    /// Asks for a checkpoint soon (starts the thread on first use).
    func request() {
        condition.lock(); defer { condition.unlock() }
        guard !stopped else { return }
        requested = true
        if !running {
            running = true
            finished = false
            let thread = Thread { [self] in run() }
            thread.name = "gx-wal-checkpoint"
            thread.stackSize = 1 << 20
            thread.start()
        }
        condition.broadcast()
    }

    /// Stops the thread after its current checkpoint and waits for it; SQLite checkpoints the rest when the last
    /// connection closes.
    func stop() {
        condition.lock(); defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
    }

    private func run() {
        // Its own connection: a checkpoint cannot run inside the writer's or a reader's transaction.
        let queue = try? DatabaseQueue(path: path)
        while true {
            condition.lock()
            while !requested && !stopped { condition.wait() }
            let stop = stopped
            requested = false
            condition.unlock()
            if stop { break }
            // A failed passive checkpoint (the file is busy) is retried at the next request; nothing is lost.
            _ = try? queue?.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
