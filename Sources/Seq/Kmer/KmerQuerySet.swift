extension Kmer {
    /// A fixed set of k-mers, each carrying a 32-bit payload, that answers "which of these k-mers does
    /// this read contain, where, and how many times" at parse speed.
    ///
    /// Build it once (thousands to millions of k-mers), then scan every read with
    /// ``forEachMatch(in:_:)`` or ``countMatches(in:into:)``. It is immutable and `Sendable`: share one
    /// set between threads.
    ///
    /// - A **canonical** set (`canonical: true`) finds a k-mer on either strand of the read: a read
    ///   window matches when it equals the k-mer or its reverse complement; ``Match/isReverseComplement``
    ///   says which. A non-canonical set matches the k-mer as given only (strand-specific).
    /// - The payload is yours (an allele id, an index into your own table); it must be below `2^31`.
    /// - The same k-mer may be added more than once with different payloads (for example a k-mer shared
    ///   by two alleles): every payload is reported for each occurrence, unless you pass
    ///   `duplicates: .reject`.
    /// - Windows containing a non-`ACGT` byte never match.
    ///
    /// ```swift
    /// let set = try Kmer.QuerySet(k: 31, canonical: true,
    ///                             entries: [(Kmer.encode(refKmer)!, 0), (Kmer.encode(altKmer)!, 1)])
    /// var counts = [UInt32](repeating: 0, count: 2)
    /// read.sequence.withUnsafeBufferPointer { set.countMatches(in: $0, into: &counts) }
    /// set.forEachMatch(in: buffer) { match in print(match.payload, match.position) }
    /// ```
    ///
    /// Implementation: an open-addressing hash table (linear probing, load <= 1/2) of 16-byte slots
    /// (key, payload); tables larger than the level-1 cache (32 KiB, about 1,000 k-mers) add a blocked
    /// two-bit filter (2 bytes per k-mer) checked first, so the common "not in the set" answer stays in cache.
    /// For k ≥ 19 a chunk sampler (``QuerySetSampler``) skips most of each read: only the windows around a sampled
    /// chunk that may belong to a member are looked up.
    public struct QuerySet: Sendable {
        /// What to do when the same (canonical) k-mer is added twice.
        public enum DuplicatePolicy: Sendable {
            /// Keep every payload; a match reports each of them.
            case keepAll
            /// Throw ``SeqError/Code-swift.struct/invalidArgument``.
            case reject
        }

        /// One occurrence of a set member in a read.
        @frozen
        public struct Match: Sendable, Equatable {
            /// The payload given for the k-mer when the set was built.
            public var payload: UInt32
            /// The 0-based start of the matching window in the read.
            public var position: Int
            /// `true` when the read window is the reverse complement of the k-mer as it was given
            /// (only possible in a canonical set).
            public var isReverseComplement: Bool

            /// Creates a match.
            @inlinable
            public init(payload: UInt32, position: Int, isReverseComplement: Bool) {
                self.payload = payload; self.position = position; self.isReverseComplement = isReverseComplement
            }
        }

        /// The k-mer length.
        public let k: Int
        /// Whether both strands match (see the type's discussion).
        public let isCanonical: Bool
        /// The number of entries added (with duplicates).
        public let count: Int
        /// The number of distinct keys (canonical k-mers for a canonical set).
        public var distinctCount: Int { storage.distinctCount }
        /// The largest payload in the set (-1 when empty); count arrays need `maximumPayload + 1` slots.
        public var maximumPayload: Int { storage.maximumPayload }

        @usableFromInline let storage: QuerySetStorage

        /// Builds a set from packed k-mers and payloads.
        ///
        /// - Parameters:
        ///   - k: The k-mer length, 1...32.
        ///   - canonical: Match both strands.
        ///   - entries: Packed k-mers (see ``Kmer``) with their payloads (each below `2^31`).
        ///   - duplicates: What to do with a k-mer added twice.
        /// - Throws: ``SeqError/Code-swift.struct/invalidArgument`` for a bad `k`, a k-mer wider than
        ///   `2k` bits, a payload of `2^31` or more, or a duplicate under `.reject`.
        public init<Entries: Sequence<(UInt64, UInt32)>>(
            k: Int, canonical: Bool, entries: Entries, duplicates: DuplicatePolicy = .keepAll
        ) throws(SeqError) {
            try Kmer.validate(k: k)
            let list = Array(entries)
            self.k = k
            self.isCanonical = canonical
            self.count = list.count
            self.storage = try QuerySetStorage(k: k, canonical: canonical, entries: list, duplicates: duplicates)
        }

        /// Builds a set from ASCII k-mers; the payload of each is its index in `kmers`.
        ///
        /// - Parameters:
        ///   - k: The k-mer length, 1...32.
        ///   - canonical: Match both strands.
        ///   - kmers: The k-mers as text (`ACGT`, any case), each exactly `k` long.
        ///   - duplicates: What to do with a k-mer given twice.
        /// - Throws: ``SeqError/Code-swift.struct/invalidArgument`` naming the first k-mer that is not
        ///   `k` bases of `ACGT`.
        public init(k: Int, canonical: Bool, kmers: [String], duplicates: DuplicatePolicy = .keepAll) throws(SeqError) {
            try Kmer.validate(k: k)
            var entries: [(UInt64, UInt32)] = []
            entries.reserveCapacity(kmers.count)
            for (index, text) in kmers.enumerated() {
                let bytes = Array(text.utf8)
                guard bytes.count == k, let value = Kmer.encode(bytes) else {
                    throw SeqError(.invalidArgument, "k-mer \(index + 1) '\(text.prefix(40))' is not \(k) bases of A, C, G, T")
                }
                entries.append((value, UInt32(index)))
            }
            try self.init(k: k, canonical: canonical, entries: entries, duplicates: duplicates)
        }

        /// The entries whose key equals `kmer` (after canonicalisation in a canonical set).
        ///
        /// - Parameter kmer: A packed k-mer.
        /// - Returns: The payloads found (empty when absent), each with whether `kmer` is the reverse
        ///   complement of the k-mer as given.
        public func lookup(_ kmer: UInt64) -> [(payload: UInt32, isReverseComplement: Bool)] {
            let reverse = Kmer.reverseComplement(kmer, k: k)
            let flipped = isCanonical && reverse < kmer
            let key = flipped ? reverse : kmer
            var result: [(payload: UInt32, isReverseComplement: Bool)] = []
            storage.forEachPayload(of: key) { payload, storedFlipped in
                result.append((payload, storedFlipped != flipped))
            }
            return result
        }

        /// Calls `body` for every occurrence of a set member in `sequence`, in read order.
        ///
        /// - Parameters:
        ///   - sequence: The read's ASCII bases.
        ///   - body: Receives each match (a k-mer with several payloads gives one call per payload).
        /// - Throws: Whatever `body` throws.
        @inlinable
        public func forEachMatch(in sequence: UnsafeBufferPointer<UInt8>, _ body: (Match) throws -> Void) rethrows {
            let storage = self.storage
            let canonical = isCanonical
            try forEachCandidateRange(in: sequence) { range, offset in
                try Kmer.forEach(in: range, k: k) { position, forward, reverse in
                    let flipped = canonical && reverse < forward
                    let key = flipped ? reverse : forward
                    guard let slot = storage.find(key) else { return }
                    let value = slot.pointee.value
                    if value & QuerySetStorage.multipleFlag == 0 {
                        let storedFlipped = value & QuerySetStorage.flippedFlag != 0
                        try body(Match(payload: UInt32(truncatingIfNeeded: value), position: offset &+ position,
                                       isReverseComplement: storedFlipped != flipped))
                    } else {
                        try storage.forEachMultiple(value) { payload, storedFlipped in
                            try body(Match(payload: payload, position: offset &+ position, isReverseComplement: storedFlipped != flipped))
                        }
                    }
                }
            }
        }

        /// Adds 1 to `counts[payload]` for every occurrence of a set member in `sequence`.
        ///
        /// - Parameters:
        ///   - sequence: The read's ASCII bases.
        ///   - counts: Per-payload counters; must be longer than the largest payload.
        /// - Returns: The number of matches added.
        @inlinable @discardableResult
        public func countMatches(in sequence: UnsafeBufferPointer<UInt8>, into counts: UnsafeMutableBufferPointer<UInt32>) -> Int {
            let storage = self.storage
            precondition(counts.count > storage.maximumPayload, "counts must have maximumPayload + 1 elements")
            let canonical = isCanonical
            var matches = 0
            forEachCandidateRange(in: sequence) { range, _ in
                Kmer.forEach(in: range, k: k) { _, forward, reverse in
                    let key = canonical ? Swift.min(forward, reverse) : forward
                    guard let slot = storage.find(key) else { return }
                    let value = slot.pointee.value
                    if value & QuerySetStorage.multipleFlag == 0 {
                        counts[Int(UInt32(truncatingIfNeeded: value))] &+= 1
                        matches &+= 1
                    } else {
                        storage.forEachMultiple(value) { payload, _ in
                            counts[Int(payload)] &+= 1
                            matches &+= 1
                        }
                    }
                }
            }
            return matches
        }

        /// Calls `body` with the parts of `sequence` whose windows may hold a member (each with its offset in
        /// `sequence`), in order and without overlap in window starts: the whole sequence, or with a
        /// ``QuerySetStorage/sampler`` only the stretches around sampled chunks that the sampler lets through.
        @inlinable
        func forEachCandidateRange(in sequence: UnsafeBufferPointer<UInt8>,
                                   _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
            guard let sampler = storage.sampler, sequence.count >= k else {
                try body(sequence, 0)
                return
            }
            try sampler.forEachCandidateStart(in: sequence, k: k) { lower, upper in
                // Window starts lower...upper: the bases lower ..< upper + k.
                try body(UnsafeBufferPointer(rebasing: sequence[lower..<(upper &+ k)]), lower)
            }
        }

        /// Adds 1 to `counts[payload]` for every occurrence of a set member in `sequence`.
        ///
        /// - Parameters:
        ///   - sequence: The read's ASCII bases.
        ///   - counts: Per-payload counters; must be longer than the largest payload.
        /// - Returns: The number of matches added.
        @inlinable @discardableResult
        public func countMatches(in sequence: UnsafeBufferPointer<UInt8>, into counts: inout [UInt32]) -> Int {
            counts.withUnsafeMutableBufferPointer { countMatches(in: sequence, into: $0) }
        }

        /// Adds 1 to `counts[payload]` for every occurrence of a set member in `sequence`.
        ///
        /// - Parameters:
        ///   - sequence: The read's ASCII bases.
        ///   - counts: Per-payload counters; must be longer than the largest payload.
        /// - Returns: The number of matches added.
        @inlinable @discardableResult
        public func countMatches(in sequence: [UInt8], into counts: inout [UInt32]) -> Int {
            sequence.withUnsafeBufferPointer { countMatches(in: $0, into: &counts) }
        }
    }

    /// The hash table behind ``Kmer/QuerySet`` (immutable after `init`).
    @usableFromInline
    final class QuerySetStorage: @unchecked Sendable {
        /// One table slot. `value`: bit 63 occupied, bit 62 several payloads (low 32 bits index
        /// `multipleStarts`), bit 32 the stored key is the reverse complement of the given k-mer, low
        /// 32 bits the payload.
        @usableFromInline
        struct Slot {
            @usableFromInline var key: UInt64
            @usableFromInline var value: UInt64
        }

        @usableFromInline static let occupiedFlag: UInt64 = 1 << 63
        @usableFromInline static let multipleFlag: UInt64 = 1 << 62
        @usableFromInline static let flippedFlag: UInt64 = 1 << 32

        @usableFromInline let slots: UnsafeMutablePointer<Slot>
        @usableFromInline let slotMask: UInt64
        /// Blocked filter: two bits per key in one 64-bit word; `nil` for small sets.
        @usableFromInline let filter: UnsafeMutablePointer<UInt64>?
        @usableFromInline let filterMask: UInt64
        /// For keys with several payloads: `multipleEntries[multipleStarts[i] ..< multipleStarts[i+1]]`,
        /// each `flippedFlag | payload`.
        @usableFromInline let multipleStarts: [UInt32]
        @usableFromInline let multipleEntries: [UInt64]
        let distinctCount: Int
        @usableFromInline let maximumPayload: Int
        /// The chunk prefilter (``QuerySetSampler``) for k ≥ 19 when it is selective enough; otherwise nil.
        @usableFromInline let sampler: QuerySetSampler?

        init(k: Int, canonical: Bool, entries: [(UInt64, UInt32)], duplicates: QuerySet.DuplicatePolicy) throws(SeqError) {
            var capacity = 16
            while capacity < entries.count * 2 { capacity <<= 1 }
            let slots = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
            slots.initialize(repeating: Slot(key: 0, value: 0), count: capacity)
            let mask = UInt64(capacity - 1)
            let kmerMask = Kmer.mask(k: k)
            // Duplicate keys collect here first, keyed by slot index.
            var multiples: [Int: [UInt64]] = [:]
            var distinct = 0
            for (index, (given, payload)) in entries.enumerated() {
                guard given & ~kmerMask == 0 else {
                    slots.deallocate()
                    throw SeqError(.invalidArgument, "entry \(index + 1): k-mer value \(given) is wider than \(2 * k) bits (k = \(k))")
                }
                guard payload < 1 << 31 else {
                    slots.deallocate()
                    throw SeqError(.invalidArgument, "entry \(index + 1): payload \(payload) is not below 2^31")
                }
                let reverse = Kmer.reverseComplement(given, k: k)
                let flipped = canonical && reverse < given
                let key = flipped ? reverse : given
                let entryValue = (flipped ? Self.flippedFlag : 0) | UInt64(payload)
                var slotIndex = Int(Kmer.hash(key) & mask)
                while true {
                    let value = slots[slotIndex].value
                    if value == 0 {
                        slots[slotIndex] = Slot(key: key, value: Self.occupiedFlag | entryValue)
                        distinct += 1
                        break
                    }
                    if slots[slotIndex].key == key {
                        if duplicates == .reject {
                            slots.deallocate()
                            throw SeqError(.invalidArgument, "entry \(index + 1): k-mer \(Kmer.decode(given, k: k)) was already added\(canonical ? " (or its reverse complement)" : "")")
                        }
                        if multiples[slotIndex] == nil { multiples[slotIndex] = [value & ~Self.occupiedFlag] }
                        multiples[slotIndex]!.append(entryValue)
                        break
                    }
                    slotIndex = (slotIndex + 1) & Int(mask)
                }
            }
            var starts: [UInt32] = [0]
            var list: [UInt64] = []
            for (slotIndex, values) in multiples.sorted(by: { $0.key < $1.key }) {
                slots[slotIndex].value = Self.occupiedFlag | Self.multipleFlag | UInt64(starts.count - 1)
                list.append(contentsOf: values)
                starts.append(UInt32(list.count))
            }
            self.slots = slots
            self.slotMask = mask
            self.multipleStarts = starts
            self.multipleEntries = list
            self.distinctCount = distinct
            self.maximumPayload = entries.map { Int($0.1) }.max() ?? -1
            // The filter pays off once the table outgrows the level-1 data cache (16 B per slot): most read
            // k-mers are not in the set, and the filter (2 bytes per key) answers that from L1 or L2.
            if capacity * MemoryLayout<Slot>.stride > 32 << 10 {
                var words = 64
                while words * 64 < distinct * 16 { words <<= 1 }
                let filter = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
                filter.initialize(repeating: 0, count: words)
                let filterMask = UInt64(words - 1)
                for index in 0..<capacity where slots[index].value != 0 {
                    let hash = Kmer.hash(slots[index].key)
                    filter[Int((hash >> 32) & filterMask)] |= Self.filterBits(hash)
                }
                self.filter = filter
                self.filterMask = filterMask
            } else {
                self.filter = nil
                self.filterMask = 0
            }
            var keys: [UInt64] = []
            keys.reserveCapacity(distinct)
            for index in 0..<capacity where slots[index].value != 0 { keys.append(slots[index].key) }
            self.sampler = QuerySetSampler(k: k, canonical: canonical, keys: keys)
        }

        deinit {
            slots.deallocate()
            filter?.deallocate()
        }

        @inlinable @inline(__always)
        static func filterBits(_ hash: UInt64) -> UInt64 {
            (1 << ((hash >> 52) & 63)) | (1 << ((hash >> 58) & 63))
        }

        /// The slot holding `key`, or `nil`.
        @inlinable @inline(__always)
        func find(_ key: UInt64) -> UnsafeMutablePointer<Slot>? {
            let hash = Kmer.hash(key)
            if let filter {
                let bits = Self.filterBits(hash)
                if filter[Int((hash >> 32) & filterMask)] & bits != bits { return nil }
            }
            var index = hash & slotMask
            while true {
                let slot = slots + Int(index)
                if slot.pointee.value == 0 { return nil }
                if slot.pointee.key == key { return slot }
                index = (index &+ 1) & slotMask
            }
        }

        /// Calls `body` with each payload of a slot value that has ``multipleFlag`` set.
        @inlinable
        func forEachMultiple(_ value: UInt64, _ body: (UInt32, Bool) throws -> Void) rethrows {
            let group = Int(UInt32(truncatingIfNeeded: value))
            for index in Int(multipleStarts[group])..<Int(multipleStarts[group + 1]) {
                let entry = multipleEntries[index]
                try body(UInt32(truncatingIfNeeded: entry), entry & Self.flippedFlag != 0)
            }
        }

        /// Calls `body` with every payload stored under `key`.
        func forEachPayload(of key: UInt64, _ body: (UInt32, Bool) -> Void) {
            guard let slot = find(key) else { return }
            let value = slot.pointee.value
            if value & Self.multipleFlag == 0 {
                body(UInt32(truncatingIfNeeded: value), value & Self.flippedFlag != 0)
            } else {
                forEachMultiple(value, body)
            }
        }
    }
}
