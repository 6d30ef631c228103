#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Kmer {
    /// Phase 2 of counting, one per thread: expands a bin's super-k-mers, sorts and counts them.
    final class BinCountingContext: @unchecked Sendable {
        let k: Int
        let canonical: Bool
        let minimumCount: UInt32
        /// The most k-mers one pass may hold (16 bytes each: keys and radix scratch).
        let capacity: Int
        private var keys: UnsafeMutablePointer<UInt64>?
        private var scratch: UnsafeMutablePointer<UInt64>?
        private var allocated = 0
        private let chunkSize = 4 << 20
        private let chunk: UnsafeMutablePointer<UInt8>
        var histogram = Histogram()
        var distinct: UInt64 = 0
        var splitBins = 0

        init(k: Int, canonical: Bool, minimumCount: UInt32, capacity: Int) {
            self.k = k
            self.canonical = canonical
            self.minimumCount = minimumCount
            self.capacity = capacity
            self.chunk = .allocate(capacity: chunkSize)
        }

        deinit {
            chunk.deallocate()
            keys?.deallocate()
            scratch?.deallocate()
        }

        private func reserve(_ count: Int) {
            guard count > allocated else { return }
            keys?.deallocate()
            scratch?.deallocate()
            let size = Swift.min(capacity, Swift.max(count, allocated + allocated / 4))
            keys = .allocate(capacity: size)
            scratch = .allocate(capacity: size)
            allocated = size
        }

        /// Counts one bin and appends its run(s) to the table.
        func count(bin: Int, path: String, occurrences: Int, binning: Binning, output: TableWriter) throws(SeqError) {
            guard occurrences > 0 else { return }
            if occurrences <= capacity {
                reserve(occurrences)
                let keys = self.keys!
                var filled = 0
                try scan(path: path) { key in
                    keys[filled] = key
                    filled &+= 1
                }
                guard filled == occurrences else {
                    throw SeqError(.io, "temporary bin file holds \(filled) k-mers, expected \(occurrences)", position: .init(file: path))
                }
                try sortCountAndWrite(count: filled, bin: bin, part: 0, output: output)
                return
            }
            // Too big for one pass: split by the k-mers' leading bases into ranges that fit.
            splitBins += 1
            let prefixShift = UInt64(Swift.max(0, 2 * k - 12))
            var prefixCounts = [Int](repeating: 0, count: 4096)
            try prefixCounts.withUnsafeMutableBufferPointer { (counts) throws(SeqError) in
                try scan(path: path) { key in counts[Int(key >> prefixShift)] &+= 1 }
            }
            var ranges: [(low: UInt64, high: UInt64, count: Int)] = []
            var start = 0, sum = 0
            for prefix in 0..<4096 {
                let c = prefixCounts[prefix]
                if c > capacity {
                    let needed = (16 * c + (16 << 20) + (5 << 20)) * 1
                    throw SeqError(.resourceLimit, "k-mer bin \(bin) holds \(c) occurrences of k-mers sharing their first \(Swift.min(k, 6)) bases; counting them needs about \(Counter.formatBytes(needed)) per thread: raise --memory or lower --threads")
                }
                if sum + c > capacity {
                    ranges.append((UInt64(start), UInt64(prefix), sum))
                    start = prefix
                    sum = 0
                }
                sum += c
            }
            ranges.append((UInt64(start), 4096, sum))
            for (part, range) in ranges.enumerated() where range.count > 0 {
                reserve(range.count)
                let keys = self.keys!
                var filled = 0
                try scan(path: path) { key in
                    let prefix = key >> prefixShift
                    if prefix >= range.low && prefix < range.high {
                        keys[filled] = key
                        filled &+= 1
                    }
                }
                try sortCountAndWrite(count: filled, bin: bin, part: part, output: output)
            }
        }

        /// Reads a bin file in chunks and calls `body` with every k-mer (canonical when counting
        /// canonically) of every super-k-mer.
        @inline(__always)
        private func scan(path: String, _ body: (UInt64) -> Void) throws(SeqError) {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw SeqError(.io, "cannot read a temporary k-mer bin: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            defer { close(descriptor) }
            let k = self.k
            let mask = Kmer.mask(k: k)
            let reverseShift = UInt64(2 * (k - 1))
            let canonical = self.canonical
            let chunk = self.chunk
            var carried = 0
            while true {
                let got = read(descriptor, chunk + carried, chunkSize - carried)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw SeqError(.io, "cannot read a temporary k-mer bin: \(String(cString: strerror(errno)))", position: .init(file: path))
                }
                if got == 0 { break }
                let available = carried + got
                var position = 0
                while position < available {
                    let kmers = Int(chunk[position])
                    let length = kmers + k - 1
                    let size = 1 + (length + 3) >> 2
                    if position + size > available { break }
                    let packed = chunk + position + 1
                    var forward: UInt64 = 0, reverse: UInt64 = 0
                    var index = 0
                    while index < length {
                        let code = UInt64((packed[index >> 2] >> UInt8(6 - 2 * (index & 3))) & 3)
                        forward = ((forward << 2) | code) & mask
                        reverse = (reverse >> 2) | ((3 ^ code) << reverseShift)
                        if index >= k - 1 { body(canonical ? Swift.min(forward, reverse) : forward) }
                        index &+= 1
                    }
                    position += size
                }
                if position < available { memmove(chunk, chunk + position, available - position) }
                carried = available - position
            }
            guard carried == 0 else {
                throw SeqError(.io, "temporary k-mer bin ends in the middle of a record", position: .init(file: path))
            }
        }

        private func sortCountAndWrite(count: Int, bin: Int, part: Int, output: TableWriter) throws(SeqError) {
            guard count > 0 else { return }
            let keys = UnsafeMutableBufferPointer(start: self.keys!, count: count)
            let scratch = UnsafeMutableBufferPointer(start: self.scratch!, count: count)
            let inScratch = Kmer.radixSort(keys, scratch: scratch, bits: 2 * k)
            let sorted = inScratch ? scratch.baseAddress! : keys.baseAddress!
            // The other buffer is free: it receives the counts.
            let counts = UnsafeMutableRawPointer(inScratch ? keys.baseAddress! : scratch.baseAddress!)
            var stored = 0
            var index = 0
            while index < count {
                let key = sorted[index]
                var end = index + 1
                while end < count && sorted[end] == key { end += 1 }
                let occurrences = end - index
                histogram.add(count: UInt64(occurrences))
                distinct += 1
                if occurrences >= Int(minimumCount) {
                    sorted[stored] = key.littleEndian
                    counts.storeBytes(of: UInt32(clamping: occurrences).littleEndian, toByteOffset: 4 * stored, as: UInt32.self)
                    stored += 1
                }
                index = end
            }
            try output.append(bin: bin, part: part, keys: sorted, counts: counts, count: stored)
        }
    }

    /// Writes a ``Kmer/Table`` file: runs appended by any thread, then the index and the header.
    final class TableWriter: @unchecked Sendable {
        let path: String
        private var descriptor: Int32
        private let lock = NSLock()
        private var end = Table.headerSize
        private var runs: [(bin: Int, part: Int, offset: Int, count: Int)] = []
        private(set) var storedKmers: UInt64 = 0
        private var totalCount: UInt64 = 0

        init(path: String) throws(SeqError) {
            self.path = path
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else {
                throw SeqError(.io, "cannot create the k-mer table: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
        }

        deinit { if descriptor >= 0 { close(descriptor) } }

        private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(SeqError) {
            var done = 0
            while done < bytes.count {
                let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                if written < 0 {
                    if errno == EINTR { continue }
                    let reason = errno == ENOSPC ? "no space left on the device" : String(cString: strerror(errno))
                    throw SeqError(.io, "cannot write the k-mer table: \(reason)", position: .init(file: path))
                }
                done += written
            }
        }

        /// Appends one sorted run of a bin (keys and counts already little-endian).
        func append(bin: Int, part: Int, keys: UnsafePointer<UInt64>, counts: UnsafeRawPointer, count: Int) throws(SeqError) {
            var sum: UInt64 = 0
            for index in 0..<count { sum &+= UInt64(UInt32(littleEndian: counts.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))) }
            lock.lock()
            defer { lock.unlock() }
            let offset = end
            let padded = (12 * count + 7) & ~7
            end += padded
            runs.append((bin, part, offset, count))
            storedKmers += UInt64(count)
            totalCount &+= sum
            guard count > 0 else { return }
            try writeAll(UnsafeRawBufferPointer(start: keys, count: 8 * count), at: offset)
            try writeAll(UnsafeRawBufferPointer(start: counts, count: 4 * count), at: offset + 8 * count)
        }

        /// Writes the index and the header, and closes the file.
        func finish(binning: Binning, minimumCount: UInt32) throws(SeqError) {
            let sortedRuns = runs.filter { $0.count > 0 }.sorted { ($0.bin, $0.part) < ($1.bin, $1.part) }
            var index: [UInt64] = [UInt64(sortedRuns.count).littleEndian]
            for run in sortedRuns {
                index.append(UInt64(run.bin).littleEndian)
                index.append(UInt64(run.offset).littleEndian)
                index.append(UInt64(run.count).littleEndian)
            }
            let indexOffset = end
            var failure: SeqError?
            index.withUnsafeBytes { bytes in
                do throws(SeqError) { try writeAll(bytes, at: indexOffset) } catch { failure = error }
            }
            var header = [UInt8](repeating: 0, count: Table.headerSize)
            func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
                withUnsafeBytes(of: value.littleEndian) { for (i, byte) in $0.enumerated() { header[offset + i] = byte } }
            }
            for (i, byte) in Table.magic.enumerated() { header[i] = byte }
            put(Table.version, at: 8)
            put(UInt32(binning.k), at: 12)
            put(UInt32(binning.canonical ? 1 : 0), at: 16)
            put(UInt32(binning.minimizerLength), at: 20)
            put(UInt32(binning.binCount), at: 24)
            put(minimumCount, at: 28)
            put(storedKmers, at: 32)
            put(totalCount, at: 40)
            put(UInt64(indexOffset), at: 48)
            header.withUnsafeBytes { bytes in
                do throws(SeqError) { try writeAll(bytes, at: 0) } catch { failure = error }
            }
            if let failure { throw failure }
            let status = close(descriptor)
            descriptor = -1
            guard status == 0 else {
                throw SeqError(.io, "cannot close the k-mer table: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
        }

        /// Removes a half-written table after a failure.
        func abandon() {
            if descriptor >= 0 { close(descriptor); descriptor = -1 }
            unlink(path)
        }
    }
}
