#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A readable byte source: a file descriptor (file or standard input) or bytes held in memory.
///
/// Owns its descriptor and closes it in `deinit`. Supports peeking the first bytes (for format and
/// compression detection) without losing them.
final class InputFile: @unchecked Sendable {
    /// The path as given (`-` for standard input).
    let path: String
    private var fd: Int32
    private let ownsDescriptor: Bool
    private var memory: [UInt8]?
    private var memoryOffset = 0
    private var pushback: [UInt8] = []
    /// Compressed bytes consumed so far (for error offsets).
    private(set) var offset: Int = 0

    /// Opens `path`, or standard input when `path` is `-`.
    init(path: String) throws(SeqError) {
        self.path = path
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else {
                let reason = String(cString: strerror(errno))
                throw SeqError(.io, "cannot open for reading: \(reason)", position: .init(file: path))
            }
            var st = stat()
            if fstat(opened, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(opened)
                throw SeqError(.io, "is a directory, not a file", position: .init(file: path))
            }
            fd = opened
            ownsDescriptor = true
        }
    }

    /// A source over bytes in memory; `name` is used in error messages.
    init(bytes: [UInt8], name: String) {
        path = name
        fd = -1
        ownsDescriptor = false
        memory = bytes
    }

    deinit {
        if ownsDescriptor, fd >= 0 { close(fd) }
    }

    /// Returns up to `count` first bytes without consuming them.
    func peek(_ count: Int) throws(SeqError) -> [UInt8] {
        while pushback.count < count {
            let want = count - pushback.count
            let tmp = UnsafeMutablePointer<UInt8>.allocate(capacity: want)
            defer { tmp.deallocate() }
            let n = try rawRead(tmp, want)
            if n == 0 { break }
            pushback.append(contentsOf: UnsafeBufferPointer(start: tmp, count: n))
        }
        return Array(pushback.prefix(count))
    }

    /// Reads up to `count` bytes into `buffer`; returns 0 only at end of input.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(SeqError) -> Int {
        guard count > 0 else { return 0 }
        if !pushback.isEmpty {
            let n = min(count, pushback.count)
            pushback.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: n) }
            pushback.removeFirst(n)
            offset += n
            return n
        }
        let n = try rawRead(buffer, count)
        offset += n
        return n
    }

    /// Reads until `count` bytes are read or input ends; returns the number read.
    func readFully(into buffer: UnsafeMutableRawPointer, count: Int) throws(SeqError) -> Int {
        var total = 0
        while total < count {
            let n = try read(into: buffer + total, count: count - total)
            if n == 0 { break }
            total += n
        }
        return total
    }

    private func rawRead(_ buffer: UnsafeMutableRawPointer, _ count: Int) throws(SeqError) -> Int {
        if let memory {
            let n = min(count, memory.count - memoryOffset)
            if n > 0 {
                memory.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + memoryOffset, byteCount: n) }
                memoryOffset += n
            }
            return n
        }
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            throw SeqError(.io, "read failed: \(reason)", position: .init(file: path))
        }
    }
}
