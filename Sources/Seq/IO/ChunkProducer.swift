/// Fills chunks with decompressed bytes on a producer thread.
protocol ChunkProducer: AnyObject, Sendable {
    /// Runs until the input ends, an error occurs or the channel is cancelled; always calls `channel.finish`.
    func run(into channel: ChunkChannel)
}

/// Copies a plain (uncompressed) input into chunks.
final class PlainChunkProducer: ChunkProducer, @unchecked Sendable {
    private let input: InputFile

    init(input: InputFile) { self.input = input }

    func run(into channel: ChunkChannel) {
        do {
            while let chunk = channel.takeFree() {
                chunk.count = try input.readFully(into: chunk.body, count: chunk.bodyCapacity)
                if chunk.count == 0 {
                    channel.giveBack(chunk)
                    break
                }
                channel.publish(chunk)
                if chunk.count < chunk.bodyCapacity && input.path != "-" { break }
            }
            channel.finish()
        } catch {
            channel.finish(error)
        }
    }
}
