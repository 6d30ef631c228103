import Foundation

/// The consumer side of the decompression pipeline: a contiguous window of decompressed bytes.
///
/// Opening detects the compression from the first bytes, starts a producer thread (plain read,
/// ISA-L gzip inflate, or BGZF reading with `threads` inflate workers) and then hands the parser
/// chunks through a bounded channel (3 chunks of 4 MiB, 4 for BGZF, plus a 256 KiB carry-over
/// prefix each), so memory stays bounded whatever the file size. ``refill()`` keeps the
/// unconsumed tail `[start, end)` and appends the next chunk behind it.
final class DecompressedStream {
    /// The path as given (`-` is standard input).
    let path: String
    /// The detected compression.
    let compression: Compression
    /// The channel from the producer's threads (they hold it, so tests check with a weak reference
    /// that abandoning a stream ends them all).
    let channel: ChunkChannel
    private var current: Chunk?
    private var overflow: UnsafeMutablePointer<UInt8>?
    private var overflowCapacity = 0

    /// The window: bytes `base[start..<end]` are decompressed input not yet consumed.
    private(set) var base: UnsafeMutablePointer<UInt8>
    /// First unconsumed byte.
    var start = 0
    /// One past the last available byte.
    private(set) var end = 0
    /// True once the input has ended; if the input did not end with a newline, one was appended.
    private(set) var atEnd = false

    static let chunkBodyCapacity = 4 << 20
    static let chunkPrefixCapacity = 256 << 10
    static let chunkCount = 3

    /// Chunks for a BGZF stream: one held by the parser, up to three in flight at the inflate
    /// workers (with two, workers sometimes ran out of blocks; more than three gained nothing).
    static let bgzfChunkCount = 4

    /// Opens a file (or `-`) and starts decompressing on another thread.
    convenience init(path: String, threads: Int) throws(SeqError) {
        try self.init(input: InputFile(path: path), threads: threads)
    }

    /// Opens bytes in memory (for tests and small inputs).
    convenience init(bytes: [UInt8], name: String, threads: Int) throws(SeqError) {
        try self.init(input: InputFile(bytes: bytes, name: name), threads: threads)
    }

    /// Opens a source; the chunk sizes are parameters so that tests can cross many chunk
    /// boundaries with little data (a BGZF chunk always holds at least one 64 KiB block).
    init(input: InputFile, threads: Int, chunkBodyCapacity: Int = DecompressedStream.chunkBodyCapacity,
         chunkPrefixCapacity: Int = DecompressedStream.chunkPrefixCapacity) throws(SeqError) {
        path = input.path
        compression = Compression.detect(prefix: try input.peek(18))
        let body = compression == .bgzf ? max(65536, chunkBodyCapacity) : max(1, chunkBodyCapacity)
        channel = ChunkChannel(count: compression == .bgzf ? Self.bgzfChunkCount : Self.chunkCount,
                               prefixCapacity: max(1, chunkPrefixCapacity), bodyCapacity: body)
        let producer: any ChunkProducer
        switch compression {
        case .none: producer = PlainChunkProducer(input: input)
        case .gzip: producer = GzipChunkProducer(input: input)
        case .bgzf: producer = BGZFChunkProducer(input: input, threads: threads, chunkBodyCapacity: body)
        }
        base = UnsafeMutablePointer(bitPattern: 1)!
        let channel = self.channel
        channel.startProducerThread(name: "gx-inflate") { producer.run(into: channel) }
    }

    deinit {
        channel.cancel()
        if let current { channel.recycle(current) }
        overflow?.deallocate()
    }

    /// Makes more bytes available after `end`, keeping `[start, end)`.
    ///
    /// - Returns: false when nothing more will come (the window is final).
    func refill() throws(SeqError) -> Bool {
        if atEnd { return false }
        let leftover = end - start
        let next: Chunk?
        do {
            next = try channel.next()
        } catch {
            // Deliver the producer's error only after every byte before it was parsed; the
            // caller sees it now because it asked for more.
            throw error
        }
        guard let chunk = next else {
            atEnd = true
            // Terminate a last line that lacks its newline, so every line is newline-ended.
            if leftover > 0 && base[end - 1] != UInt8(ascii: "\n") {
                if let current, base == current.storage, end < current.prefixCapacity + current.bodyCapacity + 1 {
                    base[end] = UInt8(ascii: "\n")
                } else if let overflow, base == overflow, end < overflowCapacity {
                    base[end] = UInt8(ascii: "\n")
                } else {
                    moveToOverflow(extra: 1)
                    base[end] = UInt8(ascii: "\n")
                }
                end += 1
                return true
            }
            return false
        }
        if leftover <= chunk.prefixCapacity {
            let newStart = chunk.prefixCapacity - leftover
            if leftover > 0 { (chunk.storage + newStart).update(from: base + start, count: leftover) }
            if let current { channel.recycle(current) }
            current = chunk
            base = chunk.storage
            start = newStart
            end = chunk.prefixCapacity + chunk.count
        } else {
            // A record longer than the prefix: grow a private buffer holding tail + chunk.
            moveToOverflow(extra: chunk.count + 1)
            (base + end).update(from: chunk.body, count: chunk.count)
            end += chunk.count
            channel.recycle(chunk)
        }
        return true
    }

    /// Moves `[start, end)` to the front of the overflow buffer, with room for `extra` more bytes.
    private func moveToOverflow(extra: Int) {
        let leftover = end - start
        let needed = leftover + extra
        if let overflow, base == overflow {
            if needed > overflowCapacity {
                let capacity = max(needed, overflowCapacity * 2)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                grown.update(from: overflow + start, count: leftover)
                overflow.deallocate()
                self.overflow = grown
                overflowCapacity = capacity
            } else if start > 0 {
                memmove(overflow, overflow + start, leftover)
            }
        } else {
            if overflowCapacity < needed {
                overflow?.deallocate()
                let capacity = max(needed, 2 * Self.chunkPrefixCapacity)
                overflow = .allocate(capacity: capacity)
                overflowCapacity = capacity
            }
            overflow!.update(from: base + start, count: leftover)
            if let current {
                channel.recycle(current)
                self.current = nil
            }
        }
        base = overflow!
        start = 0
        end = leftover
    }
}
