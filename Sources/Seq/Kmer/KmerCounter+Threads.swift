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
        private let stackSize: Int

        /// - Parameter stackSize: each thread's stack (1 MiB for the counters' flat loops; deeper callers ask more).
        init(stackSize: Int = 1 << 20) { self.stackSize = stackSize }

        func spawn(_ body: @escaping @Sendable () -> Void) {
            group.enter()
            let thread = Thread { [group] in
                body()
                group.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }

        func wait() { group.wait() }
    }

    /// Runs a producer on the calling thread and `threads` consumers: the producer fills
    /// ``Kmer/SequenceBatch``es, each consumer takes whole batches. At most `2 * threads + 1` batches
    /// exist, so memory stays bounded whatever the input size. The first error (of the producer or any
    /// consumer) stops the pipeline and is rethrown.
    ///
    /// - Parameters:
    ///   - threads: The number of consumer threads (>= 1).
    ///   - produce: Fills an empty batch; returns `true` while more batches follow.
    ///   - consume: Called on consumer thread `worker` (0..<threads) with a batch's bytes.
    /// - Returns: The sequences and bases of all batches produced.
    static func runBatchPipeline(
        threads: Int,
        produce: (inout SequenceBatch) throws(SeqError) -> Bool,
        consume: @escaping @Sendable (_ worker: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws(SeqError) -> Void
    ) throws(SeqError) -> (sequences: Int, bases: Int) {
        let filled = BlockingQueue<SequenceBatch?>()
        let empty = BlockingQueue<SequenceBatch>()
        for _ in 0..<(2 * threads + 1) { empty.push(SequenceBatch()) }
        let failure = FirstError()
        let group = ThreadGroup()
        for worker in 0..<threads {
            group.spawn {
                while true {
                    guard let batch = filled.pop() else { break }
                    if !failure.isSet {
                        batch.bytes.withUnsafeBufferPointer { buffer in
                            do throws(SeqError) { try consume(worker, buffer) } catch { failure.set(error) }
                        }
                    }
                    var reusable = batch
                    reusable.removeAll()
                    empty.push(reusable)
                }
            }
        }
        var producerError: SeqError?
        var sequences = 0, bases = 0
        while !failure.isSet {
            var batch = empty.pop()
            let more: Bool
            do { more = try produce(&batch) } catch { producerError = error; break }
            sequences += batch.sequences
            bases += batch.bases
            if !batch.bytes.isEmpty { filled.push(batch) } else { empty.push(batch) }
            if !more { break }
        }
        for _ in 0..<threads { filled.push(nil) }
        group.wait()
        if let producerError { throw producerError }
        if let error = failure.error { throw error }
        return (sequences, bases)
    }

    /// Fills batches from FASTQ/FASTA files read one after the other (for ``runBatchPipeline``):
    /// returns a producer that reports reader errors with their file, line and record.
    final class FileBatchSource {
        private let files: [String]
        private let threads: Int
        private var index = 0
        private var reader: SequenceReader?
        /// The file being read.
        var currentFile: String { index < files.count ? files[index] : files.last ?? "" }

        init(files: [String], threads: Int) {
            self.files = files
            self.threads = threads
        }

        /// Appends sequences until the batch is full or the input ends; `false` at the end.
        func fill(_ batch: inout SequenceBatch) throws(SeqError) -> Bool {
            while index < files.count {
                let file = files[index]
                do {
                    if reader == nil { reader = try SequenceReader(path: file, threads: threads) }
                    let reader = self.reader!
                    while !batch.isFull {
                        guard try reader.advance() else { break }
                        batch.append(reader.currentView.sequence)
                    }
                    if batch.isFull { return true }
                } catch {
                    throw Self.seqError(error, file: file)
                }
                reader = nil
                index += 1
            }
            return false
        }

        static func seqError(_ error: any Error, file: String) -> SeqError {
            if let error = error as? SeqError { return error }
            return SeqError(.io, "\(error)", position: .init(file: file))
        }
    }
}
