extension Kmer {
    /// Sorts packed k-mers with an LSD radix sort (11-bit digits over the low `bits` bits).
    ///
    /// - Parameters:
    ///   - keys: The values to sort; on return the sorted values are in `keys` or `scratch`.
    ///   - scratch: A buffer at least as long as `keys`.
    ///   - bits: How many low bits are significant (`2k`).
    /// - Returns: `true` when the sorted result ended up in `scratch`, `false` when in `keys`.
    @usableFromInline
    static func radixSort(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>, bits: Int) -> Bool {
        let count = keys.count
        guard count > 1 else { return false }
        let digitBits = 11
        let radix = 1 << digitBits
        var source = keys.baseAddress!
        var destination = scratch.baseAddress!
        var inScratch = false
        let histogram = UnsafeMutablePointer<Int>.allocate(capacity: radix)
        defer { histogram.deallocate() }
        var shift = 0
        while shift < bits {
            histogram.initialize(repeating: 0, count: radix)
            let digitMask = UInt64(radix - 1)
            let s = UInt64(shift)
            for index in 0..<count {
                histogram[Int((source[index] >> s) & digitMask)] &+= 1
            }
            // A digit shared by every key needs no pass.
            if histogram[Int((source[0] >> s) & digitMask)] == count {
                shift += digitBits
                continue
            }
            var total = 0
            for digit in 0..<radix {
                let c = histogram[digit]
                histogram[digit] = total
                total &+= c
            }
            for index in 0..<count {
                let value = source[index]
                let digit = Int((value >> s) & digitMask)
                destination[histogram[digit]] = value
                histogram[digit] &+= 1
            }
            swap(&source, &destination)
            inScratch.toggle()
            shift += digitBits
        }
        return inScratch
    }
}
