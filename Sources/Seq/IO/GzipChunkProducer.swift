#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CISAL

/// Inflates a gzip stream (one or more members) with ISA-L's igzip, streaming.
///
/// Each member's header is parsed here (RFC 1952: magic, method, optional extra field, name,
/// comment and header CRC), so it may straddle input buffers; ISA-L then inflates the raw deflate
/// data and verifies the trailer's CRC-32 (`ISAL_GZIP_NO_HDR_VER`), and the ISIZE is checked here.
/// Input that ends inside a member is reported as truncated; bytes after the last member that are
/// not another member are reported as corrupt (trailing zero padding, which some tools write, is
/// accepted). Data inflated before an error is handed to the parser first, so the error comes with
/// the position the parser reached.
final class GzipChunkProducer: ChunkProducer, @unchecked Sendable {
    private let input: InputFile
    private let state: UnsafeMutablePointer<inflate_state>
    private let inCapacity = 1 << 20
    private let inBuffer: UnsafeMutablePointer<UInt8>
    private var inputEnded = false
    private var memberNumber = 0
    private var memberOutput: UInt32 = 0

    init(input: InputFile) {
        self.input = input
        state = .allocate(capacity: 1)
        // isal_inflate_init does not set every field; start from zeros so no garbage is read.
        state.initialize(to: inflate_state())
        inBuffer = .allocate(capacity: inCapacity)
    }

    deinit {
        state.deallocate()
        inBuffer.deallocate()
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

    /// Unconsumed input bytes.
    private var available: Int { Int(state.pointee.avail_in) }

    /// Makes at least `count` input bytes available at `next_in` (compacting, then reading).
    ///
    /// - Returns: false if the input ended first (what there is stays available).
    private func ensureInput(_ count: Int) throws(SeqError) -> Bool {
        var have = available
        if have >= count { return true }
        if have > 0, let next = state.pointee.next_in, next != inBuffer { memmove(inBuffer, next, have) }
        while have < count && !inputEnded {
            let n = try input.readFully(into: inBuffer + have, count: inCapacity - have)
            if n == 0 { inputEnded = true }
            have += n
        }
        state.pointee.next_in = inBuffer
        state.pointee.avail_in = UInt32(have)
        return have >= count
    }

    private func consume(_ count: Int) {
        state.pointee.next_in! += count
        state.pointee.avail_in -= UInt32(count)
    }

    /// Parses and skips a member header, then readies ISA-L for its deflate data.
    private func startMember() throws(SeqError) {
        memberNumber += 1
        memberOutput = 0
        let member = memberNumber
        func need(_ count: Int) throws(SeqError) -> UnsafeMutablePointer<UInt8> {
            guard count <= inCapacity, try ensureInput(count) else {
                throw error(.truncated, "gzip stream is truncated inside the header of member \(member)")
            }
            return state.pointee.next_in!
        }
        var p = try need(10)
        guard p[0] == 0x1f, p[1] == 0x8b else {
            throw error(.corruptCompression, "corrupt gzip stream: member \(member) does not start with the gzip magic bytes")
        }
        guard p[2] == 8 else {
            throw error(.corruptCompression, "corrupt gzip stream: member \(member) uses compression method \(p[2]), not deflate (8)")
        }
        let flags = p[3]
        var length = 10
        if flags & 4 != 0 {  // FEXTRA
            p = try need(length + 2)
            length += 2 + (Int(p[length]) | Int(p[length + 1]) << 8)
            _ = try need(length)
        }
        for flag: UInt8 in [8, 16] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while true {
                p = try need(length + 1)
                length += 1
                if p[length - 1] == 0 { break }
            }
        }
        if flags & 2 != 0 {  // FHCRC
            length += 2
            _ = try need(length)
        }
        consume(length)
        let (nextIn, availIn) = (state.pointee.next_in, state.pointee.avail_in)
        state.pointee = inflate_state()
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR_VER)
        state.pointee.hist_bits = 0
        state.pointee.next_in = nextIn
        state.pointee.avail_in = availIn
    }

    /// After a member: true if another member follows, false at the clean end of the stream.
    private func nextMemberFollows() throws(SeqError) -> Bool {
        while true {
            guard try ensureInput(1) else { return false }
            let next = state.pointee.next_in!
            if next[0] == 0x1f { return true }
            guard next[0] == 0 else {
                throw error(.corruptCompression, "unexpected data after gzip member \(memberNumber): not a gzip header (at compressed byte \(input.offset - available))")
            }
            // Zero padding after the last member: consume it all, but nothing may follow.
            var i = 0
            let n = available
            while i < n && next[i] == 0 { i += 1 }
            if i < n {
                throw error(.corruptCompression, "unexpected data after gzip member \(memberNumber) (at compressed byte \(input.offset - n + i))")
            }
            consume(n)
        }
    }

    private func inflateAll(into channel: ChunkChannel) throws(SeqError) {
        try startMember()
        var inMember = true
        while let chunk = channel.takeFree() {
            var produced = 0
            do throws(SeqError) {
                while produced < chunk.bodyCapacity {
                    if !inMember {
                        guard try nextMemberFollows() else { break }
                        try startMember()
                        inMember = true
                    }
                    if available == 0 && !inputEnded { _ = try ensureInput(1) }
                    let before = available
                    let stateBefore = state.pointee.block_state
                    state.pointee.next_out = chunk.body + produced
                    state.pointee.avail_out = UInt32(chunk.bodyCapacity - produced)
                    let status = isal_inflate(state)
                    let written = (chunk.bodyCapacity - produced) - Int(state.pointee.avail_out)
                    produced += written
                    memberOutput &+= UInt32(truncatingIfNeeded: written)
                    if status != ISAL_DECOMP_OK {
                        let what: String
                        switch status {
                        case ISAL_INCORRECT_CHECKSUM: what = "CRC-32 mismatch (data corrupt)"
                        case ISAL_NEED_DICT: what = "stream needs a preset dictionary"
                        default: what = "invalid deflate data (code \(status))"
                        }
                        throw error(.corruptCompression, "corrupt gzip stream in member \(memberNumber): \(what)")
                    }
                    if state.pointee.block_state == ISAL_BLOCK_FINISH {
                        // ISA-L consumed the 8-byte trailer; check ISIZE when it is still in the buffer.
                        if let next = state.pointee.next_in, next - inBuffer >= 4 {
                            let p = next - 4
                            let isize = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
                            if isize != memberOutput {
                                throw error(.corruptCompression, "corrupt gzip stream in member \(memberNumber): length \(memberOutput) differs from the recorded size \(isize)")
                            }
                        }
                        inMember = false
                        continue
                    }
                    if written == 0 && available == before && state.pointee.block_state == stateBefore {
                        // With all input consumed, ISA-L may still hold bits of the last block; only a
                        // call that changes nothing means the member really ended early.
                        if inputEnded && available == 0 {
                            throw error(.truncated, "gzip stream is truncated: member \(memberNumber) ends before its end-of-stream marker")
                        }
                        if available > 0 {
                            throw error(.corruptCompression, "corrupt gzip stream in member \(memberNumber): the inflater made no progress")
                        }
                    }
                }
            } catch {
                chunk.count = produced
                if produced > 0 { channel.publish(chunk) } else { channel.giveBack(chunk) }
                throw error
            }
            chunk.count = produced
            if produced == 0 {
                channel.giveBack(chunk)
                return
            }
            channel.publish(chunk)
            if produced < chunk.bodyCapacity { return }
        }
    }
}
