internal import CISAL

/// Inflates a gzip stream (one or more members) with ISA-L's igzip, streaming.
///
/// Each member's CRC-32 is verified by ISA-L (`ISAL_GZIP` mode) and its ISIZE by us; at a member's
/// end the state is reset for the next member. Input that ends inside a member is reported as
/// truncated; bytes after the last member that are not another member are reported as corrupt
/// (trailing zero padding, which some tools write, is accepted).
final class GzipChunkProducer: ChunkProducer, @unchecked Sendable {
    private let input: InputFile
    private let state: UnsafeMutablePointer<inflate_state>
    private let inCapacity = 1 << 20
    private let inBuffer: UnsafeMutablePointer<UInt8>

    init(input: InputFile) {
        self.input = input
        state = .allocate(capacity: 1)
        inBuffer = .allocate(capacity: inCapacity)
        Self.reset(state)
    }

    deinit {
        state.deallocate()
        inBuffer.deallocate()
    }

    private static func reset(_ state: UnsafeMutablePointer<inflate_state>) {
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        state.pointee.hist_bits = 0
    }

    private func error(_ code: SeqError.Code, _ message: String) -> SeqError {
        SeqError(code, message, position: .init(file: input.path))
    }

    func run(into channel: ChunkChannel) {
        do {
            try inflateAll(into: channel)
            channel.finish()
        } catch {
            channel.finish(error)
        }
    }

    private func refillInput() throws(SeqError) -> Bool {
        let n = try input.read(into: inBuffer, count: inCapacity)
        state.pointee.next_in = inBuffer
        state.pointee.avail_in = UInt32(n)
        return n > 0
    }

    private func inflateAll(into channel: ChunkChannel) throws(SeqError) {
        var inputEnded = false
        var memberOutput: UInt32 = 0
        var memberNumber = 1
        var memberStarted = false
        // Set when a member ended: the next bytes must begin another member (or be zero padding).
        var betweenMembers = false
        var chunk = channel.takeFree()
        while let current = chunk {
            var produced = current.count
            while produced < current.bodyCapacity {
                if state.pointee.avail_in == 0 && !inputEnded {
                    if try !refillInput() { inputEnded = true }
                }
                if betweenMembers {
                    if state.pointee.avail_in == 0 {
                        if inputEnded { break }
                        continue
                    }
                    let next = state.pointee.next_in!
                    if next[0] == 0 {
                        // Zero padding after the last member: consume it all, but nothing may follow.
                        var i = 0
                        let n = Int(state.pointee.avail_in)
                        while i < n && next[i] == 0 { i += 1 }
                        if i < n {
                            throw error(.corruptCompression, "unexpected data after gzip member \(memberNumber) (at compressed byte \(input.offset - n + i))")
                        }
                        state.pointee.next_in = next + n
                        state.pointee.avail_in = 0
                        continue
                    }
                    if next[0] != 0x1f {
                        throw error(.corruptCompression, "unexpected data after gzip member \(memberNumber): not a gzip header (at compressed byte \(input.offset - Int(state.pointee.avail_in)))")
                    }
                    let (nextIn, availIn) = (state.pointee.next_in, state.pointee.avail_in)
                    Self.reset(state)
                    state.pointee.next_in = nextIn
                    state.pointee.avail_in = availIn
                    betweenMembers = false
                    memberNumber += 1
                    memberOutput = 0
                    memberStarted = false
                }
                if state.pointee.avail_in == 0 && inputEnded {
                    if memberStarted || memberNumber == 1 {
                        throw error(.truncated, "gzip stream is truncated: member \(memberNumber) ends before its end-of-stream marker")
                    }
                    break
                }
                memberStarted = true
                let before = state.pointee.avail_in
                state.pointee.next_out = current.body + produced
                state.pointee.avail_out = UInt32(current.bodyCapacity - produced)
                let status = isal_inflate(state)
                let written = (current.bodyCapacity - produced) - Int(state.pointee.avail_out)
                produced += written
                memberOutput &+= UInt32(truncatingIfNeeded: written)
                if status != ISAL_DECOMP_OK {
                    let what: String
                    switch status {
                    case ISAL_INCORRECT_CHECKSUM: what = "CRC-32 mismatch (data corrupt)"
                    case ISAL_INVALID_WRAPPER: what = "invalid gzip header"
                    case ISAL_UNSUPPORTED_METHOD: what = "unsupported compression method"
                    case ISAL_NEED_DICT: what = "stream needs a preset dictionary"
                    default: what = "invalid deflate data (code \(status))"
                    }
                    throw error(.corruptCompression, "corrupt gzip stream in member \(memberNumber): \(what)")
                }
                if state.pointee.block_state == ISAL_BLOCK_FINISH {
                    // ISIZE: the last 4 bytes consumed, when they are still in the input buffer.
                    let consumed = state.pointee.next_in! - inBuffer
                    if consumed >= 8 {
                        let p = state.pointee.next_in! - 4
                        let isize = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
                        if isize != memberOutput {
                            throw error(.corruptCompression, "corrupt gzip stream in member \(memberNumber): length \(memberOutput) differs from the recorded size \(isize)")
                        }
                    }
                    betweenMembers = true
                    continue
                }
                if written == 0 && state.pointee.avail_in == before && state.pointee.avail_in > 0 {
                    throw error(.corruptCompression, "corrupt gzip stream in member \(memberNumber): the inflater made no progress")
                }
            }
            current.count = produced
            if produced == 0 {
                channel.giveBack(current)
                return
            }
            channel.publish(current)
            if produced < current.bodyCapacity { return }
            chunk = channel.takeFree()
        }
    }
}
