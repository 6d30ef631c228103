extension Kmer {
    /// Keeps the forward and reverse-complement words of the last `k` bases of a sequence, updated
    /// in O(1) per base.
    ///
    /// An invalid base (anything but `ACGTacgt`) empties the window: no k-mer spans it.
    ///
    /// ```swift
    /// var encoder = Kmer.RollingEncoder(k: 21)
    /// for base in sequence where encoder.push(base) {
    ///     use(encoder.canonical)     // a full, valid 21-mer ends at this base
    /// }
    /// ```
    @frozen
    public struct RollingEncoder: Sendable {
        /// The k-mer length, 1...32.
        public let k: Int
        /// The low-`2k`-bit mask.
        @usableFromInline let mask: UInt64
        /// Where a new base enters the reverse-complement word: `2(k-1)`.
        @usableFromInline let reverseShift: UInt64
        /// The last `k` bases read forwards (valid when ``isFull``).
        @inlinable public var forward: UInt64 { _forward }
        @usableFromInline var _forward: UInt64 = 0
        /// The reverse complement of ``forward``.
        @inlinable public var reverse: UInt64 { _reverse }
        @usableFromInline var _reverse: UInt64 = 0
        /// How many valid bases in a row have been pushed since the last invalid base or reset.
        @inlinable public var validLength: Int { _validLength }
        @usableFromInline var _validLength: Int = 0

        /// Creates an empty encoder.
        ///
        /// - Parameter k: The k-mer length; must be in 1...32 (see ``Kmer/validate(k:)``).
        @inlinable
        public init(k: Int) {
            precondition(k >= 1 && k <= Kmer.maximumLength, "k must be in 1...32")
            self.k = k
            self.mask = Kmer.mask(k: k)
            self.reverseShift = UInt64(2 * (k - 1))
        }

        /// Whether the window holds `k` valid bases.
        @inlinable
        public var isFull: Bool { validLength >= k }

        /// The canonical k-mer of the window: `min(forward, reverse)`.
        @inlinable
        public var canonical: UInt64 { Swift.min(forward, reverse) }

        /// Empties the window (for example, at the start of a new record).
        @inlinable
        public mutating func reset() {
            _forward = 0
            _reverse = 0
            _validLength = 0
        }

        /// Appends one ASCII base.
        ///
        /// - Parameter base: An ASCII byte; non-`ACGT` bytes empty the window.
        /// - Returns: `true` when the window now holds a full, valid k-mer.
        @inlinable @inline(__always)
        public mutating func push(_ base: UInt8) -> Bool {
            pushCode(Kmer.codeTable[Int(base)])
        }

        /// Appends one 2-bit code (0...3), or ``Kmer/invalidCode`` to empty the window.
        ///
        /// - Parameter code: The base's code.
        /// - Returns: `true` when the window now holds a full, valid k-mer.
        @inlinable @inline(__always)
        public mutating func pushCode(_ code: UInt8) -> Bool {
            if code > 3 {
                _validLength = 0
                return false
            }
            let value = UInt64(code)
            _forward = ((_forward << 2) | value) & mask
            _reverse = (_reverse >> 2) | ((3 ^ value) << reverseShift)
            _validLength &+= 1
            return _validLength >= k
        }
    }

    /// Calls `body` for every valid k-mer of an ASCII sequence, in order, without allocating.
    ///
    /// K-mers containing a non-`ACGT` byte are skipped (the scan restarts after it).
    ///
    /// - Parameters:
    ///   - sequence: The bases.
    ///   - k: The k-mer length, 1...32.
    ///   - body: Receives the 0-based start of the k-mer in `sequence`, its forward word and its
    ///     reverse complement.
    /// - Throws: Whatever `body` throws.
    @inlinable
    public static func forEach(
        in sequence: UnsafeBufferPointer<UInt8>, k: Int,
        _ body: (_ position: Int, _ forward: UInt64, _ reverse: UInt64) throws -> Void
    ) rethrows {
        var encoder = RollingEncoder(k: k)
        guard let base = sequence.baseAddress else { return }
        let count = sequence.count
        var index = 0
        while index < count {
            if encoder.push(base[index]) {
                try body(index &- k &+ 1, encoder.forward, encoder.reverse)
            }
            index &+= 1
        }
    }

    /// A k-mer found in a sequence by ``Kmer/Iterator``.
    @frozen
    public struct Occurrence: Sendable, Equatable {
        /// The 0-based start of the k-mer in the sequence.
        public var position: Int
        /// The k-mer as read.
        public var forward: UInt64
        /// Its reverse complement.
        public var reverse: UInt64
        /// `min(forward, reverse)`.
        @inlinable public var canonical: UInt64 { Swift.min(forward, reverse) }

        /// Creates an occurrence.
        @inlinable
        public init(position: Int, forward: UInt64, reverse: UInt64) {
            self.position = position; self.forward = forward; self.reverse = reverse
        }
    }

    /// An allocation-free iterator over the valid k-mers of a byte buffer.
    ///
    /// The buffer must outlive the iterator (use it inside `withUnsafeBufferPointer`).
    ///
    /// ```swift
    /// bases.withUnsafeBufferPointer { buffer in
    ///     var iterator = Kmer.Iterator(buffer, k: 31)
    ///     while let kmer = iterator.next() { print(kmer.position, kmer.canonical) }
    /// }
    /// ```
    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline let buffer: UnsafeBufferPointer<UInt8>
        @usableFromInline var index: Int = 0
        @usableFromInline var encoder: RollingEncoder

        /// Creates an iterator over `buffer`.
        ///
        /// - Parameters:
        ///   - buffer: ASCII bases.
        ///   - k: The k-mer length, 1...32.
        @inlinable
        public init(_ buffer: UnsafeBufferPointer<UInt8>, k: Int) {
            self.buffer = buffer
            self.encoder = RollingEncoder(k: k)
        }

        /// The next valid k-mer, or `nil` at the end of the buffer.
        @inlinable
        public mutating func next() -> Occurrence? {
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            while index < count {
                let full = encoder.push(base[index])
                index &+= 1
                if full {
                    return Occurrence(position: index &- encoder.k, forward: encoder.forward, reverse: encoder.reverse)
                }
            }
            return nil
        }
    }
}
