extension HL7v2 {
    /// Minimal Lower Layer Protocol framing: `0x0B` + message + `0x1C 0x0D`.
    ///
    /// ``frame(_:)`` wraps a message for sending; ``Deframer`` recovers messages from a byte stream that arrives
    /// in arbitrary pieces (a frame split across reads, several frames in one read).
    public enum MLLP {
        /// Start block (VT).
        public static let startBlock: UInt8 = 0x0B
        /// End block (FS).
        public static let endBlock: UInt8 = 0x1C
        /// Carriage return that follows the end block.
        public static let carriageReturn: UInt8 = 0x0D

        /// Wraps ER7 bytes in an MLLP frame.
        public static func frame(_ message: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [startBlock]
            out.reserveCapacity(message.count + 3)
            out.append(contentsOf: message)
            out.append(endBlock)
            out.append(carriageReturn)
            return out
        }

        /// Incremental MLLP decoder for a socket or pipe.
        ///
        /// ```swift
        /// var deframer = HL7v2.MLLP.Deframer()
        /// for chunk in chunks {
        ///     for payload in try deframer.append(chunk) { handle(payload) }
        /// }
        /// try deframer.finish()   // throws if a frame was left open
        /// ```
        public struct Deframer: Sendable {
            private var buffer: [UInt8] = []
            private var inFrame = false
            private var awaitingCR = false
            /// Total bytes consumed, for error positions.
            public private(set) var offset = 0
            /// The largest accepted frame in bytes (default 16 MiB); longer frames are an error.
            public var maximumFrameSize: Int

            /// Creates a deframer.
            public init(maximumFrameSize: Int = 16 << 20) { self.maximumFrameSize = maximumFrameSize }

            /// Consumes bytes and returns every message completed by them.
            ///
            /// Whitespace between frames is ignored. The CR after the end block is optional (some senders omit it).
            /// - Throws: ``HealthRecordsError`` (`invalid_hl7v2`) on data outside a frame, a start block inside a
            ///   frame, or a frame larger than ``maximumFrameSize``.
            public mutating func append<C: Sequence>(_ bytes: C) throws(HealthRecordsError) -> [[UInt8]] where C.Element == UInt8 {
                var completed: [[UInt8]] = []
                for byte in bytes {
                    defer { offset += 1 }
                    if awaitingCR {
                        awaitingCR = false
                        if byte == carriageReturn { continue }
                    }
                    if !inFrame {
                        if byte == startBlock { inFrame = true; buffer.removeAll(keepingCapacity: true); continue }
                        if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
                        throw HealthRecordsError(.invalidHL7v2, "MLLP: byte 0x\(String(byte, radix: 16, uppercase: true)) at offset \(offset) is outside a frame (expected start block 0x0B)",
                                                 position: .init(location: "byte \(offset)"))
                    }
                    if byte == endBlock {
                        completed.append(buffer)
                        buffer.removeAll(keepingCapacity: true)
                        inFrame = false
                        awaitingCR = true
                        continue
                    }
                    if byte == startBlock {
                        throw HealthRecordsError(.invalidHL7v2, "MLLP: start block 0x0B at offset \(offset) inside an open frame (missing end block 0x1C)",
                                                 position: .init(location: "byte \(offset)"))
                    }
                    buffer.append(byte)
                    if buffer.count > maximumFrameSize {
                        throw HealthRecordsError(.invalidHL7v2, "MLLP: frame exceeds \(maximumFrameSize) bytes without an end block",
                                                 position: .init(location: "byte \(offset)"))
                    }
                }
                return completed
            }

            /// True when a frame has started but not ended.
            public var hasOpenFrame: Bool { inFrame }

            /// Checks that the stream ended between frames.
            /// - Throws: ``HealthRecordsError`` when a frame is still open.
            public func finish() throws(HealthRecordsError) {
                if inFrame {
                    throw HealthRecordsError(.invalidHL7v2, "MLLP: the stream ended inside a frame (\(buffer.count) bytes after the last start block, no end block 0x1C)",
                                             position: .init(location: "byte \(offset)"))
                }
            }
        }
    }
}
