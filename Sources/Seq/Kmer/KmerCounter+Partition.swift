#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Kmer {
    /// The temporary bin files of a counter run: one append-only file per bin, each guarded by a lock.
    final class BinFiles: @unchecked Sendable {
        let directory: String
        let count: Int
        private var descriptors: [Int32]
        private let locks: [NSLock]
        private(set) var bytesWritten: UInt64 = 0
        private let totalLock = NSLock()

        init(parent: String, count: Int) throws(SeqError) {
            let directory = (parent as NSString).appendingPathComponent("gx-kmer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            guard mkdir(directory, 0o700) == 0 else {
                throw SeqError(.io, "cannot create the temporary folder for k-mer bins: \(String(cString: strerror(errno)))",
                               position: .init(file: directory))
            }
            self.directory = directory
            self.count = count
            self.locks = (0..<count).map { _ in NSLock() }
            self.descriptors = []
            descriptors.reserveCapacity(count)
            for bin in 0..<count {
                let descriptor = open(path(bin), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                guard descriptor >= 0 else {
                    let error = SeqError(.io, "cannot create a k-mer bin file: \(String(cString: strerror(errno)))", position: .init(file: path(bin)))
                    removeAll()
                    throw error
                }
                descriptors.append(descriptor)
            }
        }

        func path(_ bin: Int) -> String { directory + "/bin-\(bin)" }

        /// Appends bytes to a bin's file.
        func append(bin: Int, bytes: UnsafeRawBufferPointer) throws(SeqError) {
            locks[bin].lock()
            defer { locks[bin].unlock() }
            try writeAll(descriptors[bin], bytes, path: path(bin))
            totalLock.lock()
            bytesWritten += UInt64(bytes.count)
            totalLock.unlock()
        }

        /// Closes the write side (before phase 2 reads the files).
        func closeAll() {
            for index in descriptors.indices where descriptors[index] >= 0 {
                close(descriptors[index])
                descriptors[index] = -1
            }
        }

        func remove(bin: Int) { unlink(path(bin)) }

        /// Deletes every bin file and the folder.
        func removeAll() {
            closeAll()
            for bin in 0..<count { unlink(path(bin)) }
            rmdir(directory)
        }
    }

    #if canImport(Glibc)
    private static let systemWrite = Glibc.write
    #else
    private static let systemWrite = Darwin.write
    #endif

    /// Writes all of `bytes`, retrying short writes; a full disk becomes a clear error.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SeqError) {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let reason = errno == ENOSPC ? "no space left on the device" : String(cString: strerror(errno))
                throw SeqError(.io, "cannot write: \(reason)", position: .init(file: path))
            }
            offset += written
        }
    }

    /// Phase 1 of counting, one per thread: cuts sequences into super-k-mers (runs of consecutive
    /// k-mers in the same minimizer bin), packs them 2 bits per base and appends them to the bins.
    ///
    /// Record layout in a bin file: one byte `n` (1...255 k-mers), then the `n + k - 1` bases packed
    /// four per byte, first base in the high bits.
    final class PartitionWorker: @unchecked Sendable {
        let k: Int
        let binning: Binning
        let files: BinFiles
        let bufferSize: Int
        private let buffers: UnsafeMutablePointer<UInt8>
        private var fill: [Int]
        /// K-mer occurrences appended per bin.
        private(set) var kmersPerBin: [Int]
        private let ring: UnsafeMutablePointer<UInt64>

        init(k: Int, binning: Binning, files: BinFiles, bufferSize: Int) {
            self.k = k
            self.binning = binning
            self.files = files
            self.bufferSize = bufferSize
            self.buffers = .allocate(capacity: bufferSize * binning.binCount)
            self.fill = [Int](repeating: 0, count: binning.binCount)
            self.kmersPerBin = [Int](repeating: 0, count: binning.binCount)
            self.ring = .allocate(capacity: 32)
            ring.initialize(repeating: 0, count: 32)
        }

        deinit {
            buffers.deallocate()
            ring.deallocate()
        }

        /// Adds a batch: sequences separated by any non-`ACGT` byte (the driver uses `\n`).
        func add(_ sequence: UnsafeBufferPointer<UInt8>) throws(SeqError) {
            guard let p = sequence.baseAddress else { return }
            let n = sequence.count
            let k = self.k
            let m = binning.minimizerLength
            let canonical = binning.canonical
            let mmerMask = Kmer.mask(k: m)
            let mmerShift = UInt64(2 * (m - 1))
            let table = Kmer.codeTable
            let ring = self.ring
            var valid = 0
            var mf: UInt64 = 0, mr: UInt64 = 0
            var minHash = UInt64.max, minIndex = 0
            var superStart = 0, superCount = 0, superBin = -1
            var i = 0
            while i < n {
                let c = table[Int(p[i])]
                if c > 3 {
                    if superCount > 0 { try emit(p + superStart, count: superCount, bin: superBin); superCount = 0 }
                    valid = 0
                    i &+= 1
                    continue
                }
                let code = UInt64(c)
                mf = ((mf << 2) | code) & mmerMask
                mr = (mr >> 2) | ((3 ^ code) << mmerShift)
                valid &+= 1
                if valid >= m {
                    let j = valid &- m
                    let h = Binning.hash(mmer: canonical ? Swift.min(mf, mr) : mf)
                    ring[j & 31] = h
                    if valid >= k {
                        let windowStart = valid &- k
                        if valid == k || minIndex < windowStart {
                            minHash = UInt64.max
                            var index = windowStart
                            while index <= j {
                                let candidate = ring[index & 31]
                                if candidate <= minHash { minHash = candidate; minIndex = index }
                                index &+= 1
                            }
                        } else if h <= minHash {
                            minHash = h; minIndex = j
                        }
                        let bin = binning.bin(ofMinimizerHash: minHash)
                        if superCount > 0 && bin == superBin && superCount < 255 {
                            superCount &+= 1
                        } else {
                            if superCount > 0 { try emit(p + superStart, count: superCount, bin: superBin) }
                            superBin = bin
                            superStart = i &- k &+ 1
                            superCount = 1
                        }
                    }
                }
                i &+= 1
            }
            if superCount > 0 { try emit(p + superStart, count: superCount, bin: superBin) }
        }

        @inline(__always)
        private func emit(_ start: UnsafePointer<UInt8>, count: Int, bin: Int) throws(SeqError) {
            let length = count + k - 1
            let recordSize = 1 + (length + 3) / 4
            if fill[bin] + recordSize > bufferSize { try flush(bin: bin) }
            let out = buffers + bin * bufferSize + fill[bin]
            out[0] = UInt8(count)
            let table = Kmer.codeTable
            var byteIndex = 1
            var index = 0
            while index + 4 <= length {
                out[byteIndex] = (table[Int(start[index])] << 6) | (table[Int(start[index + 1])] << 4)
                    | (table[Int(start[index + 2])] << 2) | table[Int(start[index + 3])]
                byteIndex += 1
                index += 4
            }
            if index < length {
                var last: UInt8 = 0
                var shift: UInt8 = 6
                while index < length {
                    last |= table[Int(start[index])] << shift
                    shift &-= 2
                    index += 1
                }
                out[byteIndex] = last
            }
            fill[bin] += recordSize
            kmersPerBin[bin] += count
        }

        private func flush(bin: Int) throws(SeqError) {
            guard fill[bin] > 0 else { return }
            try files.append(bin: bin, bytes: UnsafeRawBufferPointer(start: buffers + bin * bufferSize, count: fill[bin]))
            fill[bin] = 0
        }

        /// Writes every partly filled bin buffer.
        func flushAll() throws(SeqError) {
            for bin in 0..<binning.binCount { try flush(bin: bin) }
        }
    }
}
