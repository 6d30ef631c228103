extension Kmer {
    /// A batch of sequences handed to ``Kmer/Counter``: their bases back to back, each followed by a
    /// newline (a non-`ACGT` byte, so no k-mer spans two sequences).
    ///
    /// ```swift
    /// try counter.run { batch in
    ///     while batch.bytes.count < Kmer.SequenceBatch.targetSize, let read = try next() {
    ///         batch.append(read.sequence)
    ///     }
    ///     return moreToCome
    /// }
    /// ```
    public struct SequenceBatch: Sendable {
        /// A good batch size in bytes (about 1 MiB): large enough to amortise hand-offs between threads.
        public static let targetSize = 1 << 20

        /// The bases, each sequence followed by `\n`.
        public var bytes: [UInt8] = []
        /// The number of sequences in the batch.
        public var sequences = 0
        /// The number of bases in the batch (separators excluded).
        public var bases = 0

        /// An empty batch with room for ``targetSize`` bytes.
        public init() {
            bytes.reserveCapacity(Self.targetSize + 4096)
        }

        /// Whether the batch has reached ``targetSize``.
        @inlinable
        public var isFull: Bool { bytes.count >= Self.targetSize }

        /// Appends one sequence.
        ///
        /// - Parameter sequence: ASCII bases.
        @inlinable
        public mutating func append(_ sequence: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: sequence)
            bytes.append(10)
            sequences &+= 1
            bases &+= sequence.count
        }

        /// Appends one sequence.
        ///
        /// - Parameter sequence: ASCII bases.
        @inlinable
        public mutating func append<Bases: Collection<UInt8>>(_ sequence: Bases) {
            bytes.append(contentsOf: sequence)
            bytes.append(10)
            sequences &+= 1
            bases &+= sequence.count
        }

        /// Empties the batch, keeping its storage.
        @inlinable
        public mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            sequences = 0
            bases = 0
        }
    }
}
