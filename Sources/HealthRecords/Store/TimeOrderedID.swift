import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// New resource ids: UUID version 7 (RFC 9562), whose first 48 bits are the Unix time in milliseconds.
///
/// Ids made later sort later, so the store's B-trees keyed by id (resources, history, search-index owners) grow
/// at their right edge instead of at random pages: an import dirties and rewrites far fewer pages than with
/// random (version 4) ids. Within one millisecond a 12-bit counter (the `rand_a` field, RFC 9562 method 1) keeps
/// the ids of this process increasing; the remaining 62 bits are random.
enum TimeOrderedID {
    private static let state = State()

    /// A new id, lowercase `8-4-4-4-12` hexadecimal.
    static func make() -> String {
        let (milliseconds, counter, tail) = state.next()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * i)) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: counter >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        for i in 0..<8 { bytes[8 + i] = UInt8(truncatingIfNeeded: tail >> (56 - 8 * i)) }
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUIDText.lowercase(bytes)
    }

    /// The last millisecond used, the counter within it, and random bits drawn from the system 512 words at a
    /// time (one `getrandom` call per 512 ids instead of one each).
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var lastMilliseconds: UInt64 = 0
        private var counter: UInt16 = 0
        private var random: [UInt64] = []

        func next() -> (UInt64, UInt16, UInt64) {
            let now = UInt64(Date().timeIntervalSince1970 * 1000)
            lock.lock(); defer { lock.unlock() }
            if random.isEmpty {
                random = [UInt64](repeating: 0, count: 512)
                let filled = random.withUnsafeMutableBytes { Self.readSystemRandom(into: $0) }
                if !filled {
                    var generator = SystemRandomNumberGenerator()
                    random = (0..<512).map { _ in generator.next() }
                }
            }
            let bits = random.removeLast()
            if now > lastMilliseconds {
                lastMilliseconds = now
                counter = 0
            } else if counter < 0x0FFF {
                counter += 1
            } else {
                // 4,096 ids in one millisecond: borrow the next millisecond (stays increasing).
                lastMilliseconds += 1
                counter = 0
            }
            return (lastMilliseconds, counter, bits)
        }

        /// Fills `buffer` from /dev/urandom (the kernel's CSPRNG); false if that is not possible.
        private static func readSystemRandom(into buffer: UnsafeMutableRawBufferPointer) -> Bool {
            let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var done = 0
            while done < buffer.count {
                let n = read(fd, buffer.baseAddress! + done, buffer.count - done)
                if n <= 0 { return false }
                done += n
            }
            return true
        }
    }
}
