extension Kmer {
    /// How many distinct k-mers occur exactly `c` times, for every `c`.
    ///
    /// ```swift
    /// let histogram = try Kmer.Table(path: "counts.gxk").histogram()
    /// print(histogram.jellyfishText())   // "1 12345\n2 678\n..."
    /// ```
    public struct Histogram: Sendable, Equatable {
        /// `frequencies[c]` for small counts (index = count).
        @usableFromInline var small: [UInt64]
        /// Frequencies of counts beyond `small`.
        @usableFromInline var large: [UInt64: UInt64]

        @usableFromInline static let smallLimit = 1 << 14

        /// An empty histogram.
        public init() {
            small = [UInt64](repeating: 0, count: Self.smallLimit)
            large = [:]
        }

        /// Adds one distinct k-mer seen `count` times.
        @inlinable
        public mutating func add(count: UInt64, frequency: UInt64 = 1) {
            if count < UInt64(Self.smallLimit) {
                small[Int(count)] &+= frequency
            } else {
                large[count, default: 0] &+= frequency
            }
        }

        /// Adds every entry of another histogram.
        public mutating func merge(_ other: Histogram) {
            for index in 0..<Self.smallLimit where other.small[index] != 0 { small[index] &+= other.small[index] }
            for (count, frequency) in other.large { large[count, default: 0] &+= frequency }
        }

        /// The number of distinct k-mers seen exactly `count` times.
        public func frequency(ofCount count: UInt64) -> UInt64 {
            count < UInt64(Self.smallLimit) ? small[Int(count)] : large[count] ?? 0
        }

        /// Every `(count, frequency)` with a non-zero frequency, by increasing count.
        public var entries: [(count: UInt64, frequency: UInt64)] {
            var result: [(count: UInt64, frequency: UInt64)] = []
            for index in 0..<Self.smallLimit where small[index] != 0 { result.append((UInt64(index), small[index])) }
            for count in large.keys.sorted() { result.append((count, large[count]!)) }
            return result
        }

        /// The histogram in jellyfish `histo` format: `count frequency` lines for `low...high` with a
        /// non-zero frequency, and a last catch-all line labelled `high + 1` for all larger counts.
        ///
        /// - Parameters:
        ///   - low: The smallest count shown (jellyfish's `--low`, default 1).
        ///   - high: The largest count shown on its own line (jellyfish's `--high`, default 10000).
        /// - Returns: The lines, each ending in a newline.
        public func jellyfishText(low: UInt64 = 1, high: UInt64 = 10_000) -> String {
            var text = ""
            var overflow: UInt64 = 0
            for (count, frequency) in entries where count >= low {
                if count > high { overflow &+= frequency } else { text += "\(count) \(frequency)\n" }
            }
            if overflow > 0 { text += "\(high + 1) \(overflow)\n" }
            return text
        }
    }
}
