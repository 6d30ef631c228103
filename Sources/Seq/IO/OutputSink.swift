#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CDeflate

/// A buffered output file (or standard output) that writes plain, gzip or BGZF bytes.
///
/// gzip output is a series of gzip members of up to 1 MiB of input each (every gzip reader reads
/// multi-member files); BGZF output is blocks of at most 65,280 input bytes with the `BC` field,
/// ending with the standard 28-byte EOF marker block, so `bgzip -d` and htslib read it.
final class OutputSink {
    let path: String
    let compression: Compression
    private var fd: Int32
    private let ownsDescriptor: Bool
    private let buffer: UnsafeMutablePointer<UInt8>
    private let bufferCapacity: Int
    private var count = 0
    private let compressor: OpaquePointer?
    private let output: UnsafeMutablePointer<UInt8>?
    private let outputCapacity: Int
    private var closed = false

    static let bgzfBlockInput = 0xff00
    static let bgzfEOF: [UInt8] = [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0, 0x1b, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]

    init(path: String, compression: Compression, level: Int) throws(SeqError) {
        self.path = path
        self.compression = compression
        if path == "-" {
            fd = 1
            ownsDescriptor = false
        } else {
            let opened = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard opened >= 0 else {
                throw SeqError(.io, "cannot open for writing: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            fd = opened
            ownsDescriptor = true
        }
        switch compression {
        case .none:
            bufferCapacity = 1 << 20
            compressor = nil
            output = nil
            outputCapacity = 0
        case .gzip:
            bufferCapacity = 1 << 20
            compressor = libdeflate_alloc_compressor(Int32(max(0, min(12, level))))
            outputCapacity = libdeflate_gzip_compress_bound(compressor, bufferCapacity)
            output = .allocate(capacity: outputCapacity)
        case .bgzf:
            bufferCapacity = Self.bgzfBlockInput
            compressor = libdeflate_alloc_compressor(Int32(max(0, min(12, level))))
            outputCapacity = 65536 + 1024
            output = .allocate(capacity: outputCapacity)
        }
        buffer = .allocate(capacity: bufferCapacity)
    }

    deinit {
        if !closed { try? close() }
        buffer.deallocate()
        output?.deallocate()
        if let compressor { libdeflate_free_compressor(compressor) }
    }

    /// Appends bytes.
    @inline(__always)
    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(SeqError) {
        guard var p = bytes.baseAddress else { return }
        var n = bytes.count
        while n > 0 {
            if count == bufferCapacity { try flushBuffer() }
            let take = min(n, bufferCapacity - count)
            (buffer + count).update(from: p, count: take)
            count += take
            p += take
            n -= take
        }
    }

    /// Appends one byte.
    @inline(__always)
    func write(_ byte: UInt8) throws(SeqError) {
        if count == bufferCapacity { try flushBuffer() }
        buffer[count] = byte
        count += 1
    }

    /// Appends an array of bytes.
    func write(_ bytes: [UInt8]) throws(SeqError) {
        try bytes.withUnsafeBufferPointer { (b) throws(SeqError) in try write(b) }
    }

    private func flushBuffer() throws(SeqError) {
        guard count > 0 else { return }
        switch compression {
        case .none:
            try writeAll(buffer, count)
        case .gzip:
            let n = libdeflate_gzip_compress(compressor, buffer, count, output, outputCapacity)
            guard n > 0 else { throw SeqError(.io, "gzip compression failed", position: .init(file: path)) }
            try writeAll(output!, n)
        case .bgzf:
            try writeBGZFBlock(buffer, count)
        }
        count = 0
    }

    private func writeBGZFBlock(_ data: UnsafePointer<UInt8>, _ length: Int) throws(SeqError) {
        let out = output!
        let header: [UInt8] = [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0, 0, 0]
        header.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: 18) }
        let room = 65536 - 18 - 8
        var compressed = libdeflate_deflate_compress(compressor, data, length, out + 18, room)
        if compressed == 0 {
            // Incompressible: store it (level 0 fits: 65,280 + 5 bytes of stored-block header).
            let store = libdeflate_alloc_compressor(0)
            compressed = libdeflate_deflate_compress(store, data, length, out + 18, room)
            libdeflate_free_compressor(store)
            guard compressed > 0 else { throw SeqError(.io, "BGZF block compression failed", position: .init(file: path)) }
        }
        let total = 18 + compressed + 8
        let bsize = total - 1
        out[16] = UInt8(bsize & 0xff)
        out[17] = UInt8(bsize >> 8)
        let crc = libdeflate_crc32(0, data, length)
        var t = out + 18 + compressed
        for v in [crc, UInt32(length)] {
            t[0] = UInt8(v & 0xff); t[1] = UInt8((v >> 8) & 0xff); t[2] = UInt8((v >> 16) & 0xff); t[3] = UInt8(v >> 24)
            t += 4
        }
        try writeAll(out, total)
    }

    private func writeAll(_ p: UnsafePointer<UInt8>, _ n: Int) throws(SeqError) {
        var done = 0
        while done < n {
            let w = Glibc.write(fd, p + done, n - done)
            if w < 0 {
                if errno == EINTR { continue }
                throw SeqError(.io, "write failed: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            done += w
        }
    }

    /// Writes buffered data (and, for BGZF, the EOF block) and closes the file.
    func close() throws(SeqError) {
        guard !closed else { return }
        closed = true
        try flushBuffer()
        if compression == .bgzf {
            try Self.bgzfEOF.withUnsafeBufferPointer { (b) throws(SeqError) in try writeAll(b.baseAddress!, b.count) }
        }
        if ownsDescriptor {
            if Glibc.close(fd) != 0 {
                throw SeqError(.io, "close failed: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            fd = -1
        }
    }
}
