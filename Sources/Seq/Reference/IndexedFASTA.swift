import Foundation
internal import CHTSlib

/// Random access to a FASTA file through its faidx index (`.fai`), as `samtools faidx` does.
///
/// Works on plain and BGZF-compressed FASTA (`bgzip`, with its `.gzi`). The `.fai` is built beside the file when
/// it is missing and the folder is writable. Sequences are returned as upper-case ASCII bases.
///
/// Coordinates: ``fetch(_:start:end:)`` takes **1-based, inclusive** positions (as `samtools faidx chr:start-end`);
/// ``fetch(referenceName:range:)`` takes a **0-based, half-open** range.
///
/// The class owns htslib's `faidx_t` and frees it in `deinit`. Fetches are serialised by a lock, so one
/// instance may be shared between threads.
///
/// ```swift
/// let reference = try IndexedFASTA(path: "GRCh38.fa")
/// let bases = try reference.fetch("chr13", start: 20_189_546, end: 20_189_547)   // [UInt8] "AC"
/// print(reference.sequences.first?.name ?? "", reference.length(of: "chrM") ?? 0)
/// ```
public final class IndexedFASTA: @unchecked Sendable {
    /// One sequence listed in the index.
    public struct Sequence: Sendable, Equatable {
        /// The sequence name (the FASTA header up to the first white space).
        public var name: String
        /// The length in bases.
        public var length: Int
        /// Creates an entry.
        public init(name: String, length: Int) { self.name = name; self.length = length }
    }

    /// The FASTA path the index was opened for.
    public let path: String
    /// Every sequence in index (file) order.
    public let sequences: [Sequence]

    private let handle: OpaquePointer
    private let lengthByName: [String: Int]
    private let lock = NSLock()

    /// Opens an indexed FASTA, building the `.fai` when it is missing.
    /// - Parameter path: a plain or BGZF-compressed FASTA file.
    /// - Throws: ``SeqError`` `.io` when the file is missing, `.missingIndex` when no index exists and none can be
    ///   built (for example a gzip, not BGZF, file or a read-only folder), `.malformedRecord` for a malformed FASTA.
    public init(path: String) throws(SeqError) {
        _ = htslibLogSilenced
        self.path = path
        let position = SeqError.Position(file: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw SeqError(.io, "reference FASTA does not exist", position: position)
        }
        guard let handle = fai_load(path) else {
            let hasIndex = FileManager.default.fileExists(atPath: path + ".fai")
            throw SeqError(hasIndex ? .malformedRecord : .missingIndex,
                           hasIndex ? "cannot load the FASTA index (.fai) — is it stale or corrupt?"
                                    : "no .fai index and none could be built (is the FASTA valid, plain or bgzip-compressed, and its folder writable?); run 'samtools faidx \(path)'",
                           position: position)
        }
        var list: [Sequence] = []
        var byName: [String: Int] = [:]
        let count = faidx_nseq(handle)
        list.reserveCapacity(Int(count))
        for i in 0..<count {
            guard let namePointer = faidx_iseq(handle, i) else { continue }
            let name = String(cString: namePointer)
            let length = Int(faidx_seq_len(handle, namePointer))
            list.append(Sequence(name: name, length: length))
            byName[name] = length
        }
        self.handle = handle
        self.sequences = list
        self.lengthByName = byName
    }

    deinit { fai_destroy(handle) }

    /// The length of sequence `name`, or `nil` when the index does not list it.
    public func length(of name: String) -> Int? { lengthByName[name] }

    /// Whether the index lists sequence `name`.
    public func contains(_ name: String) -> Bool { lengthByName[name] != nil }

    /// The upper-case bases of `name:start-end`, **1-based inclusive**. The end is clipped to the sequence length.
    /// - Throws: ``SeqError`` `.invalidRegion` for an unknown name, `start < 1`, `end < start` or a start past the
    ///   end of the sequence; `.io` when the file cannot be read.
    public func fetch(_ name: String, start: Int, end: Int) throws(SeqError) -> [UInt8] {
        guard start >= 1, end >= start else {
            throw SeqError(.invalidRegion, "invalid range \(name):\(start)-\(end) (1-based, inclusive)", position: .init(file: path))
        }
        return try fetch(referenceName: name, range: (start - 1)..<end)
    }

    /// The upper-case bases of a samtools-style region `chr`, `chr:start` or `chr:start-end` (1-based inclusive).
    /// - Throws: ``SeqError`` `.invalidRegion` (syntax, unknown name), `.io`.
    public func fetch(_ region: String) throws(SeqError) -> [UInt8] {
        let parsed = try Alignment.Region(parsing: region, knownNames: Set(lengthByName.keys))
        guard let length = lengthByName[parsed.referenceName] else {
            throw SeqError(.invalidRegion, "region '\(region)': unknown sequence '\(parsed.referenceName)'", position: .init(file: path))
        }
        return try fetch(parsed.referenceName, start: parsed.start, end: min(parsed.end ?? length, length))
    }

    /// The upper-case bases of `range` on sequence `name`, **0-based, half-open**; the end is clipped to the length.
    /// - Throws: ``SeqError`` `.invalidRegion` for an unknown name or a range outside the sequence, `.io` on a read error.
    public func fetch(referenceName name: String, range: Range<Int>) throws(SeqError) -> [UInt8] {
        guard let length = lengthByName[name] else {
            throw SeqError(.invalidRegion, "unknown sequence '\(name)' (not in \(path).fai)", position: .init(file: path))
        }
        guard range.lowerBound >= 0, range.lowerBound < length else {
            throw SeqError(.invalidRegion, "position \(range.lowerBound + 1) is outside \(name) (length \(length))", position: .init(file: path))
        }
        let end = min(range.upperBound, length)
        if end <= range.lowerBound { return [] }
        lock.lock(); defer { lock.unlock() }
        var fetched: Int64 = 0
        // faidx_fetch_seq64 takes 0-based inclusive coordinates.
        guard let pointer = faidx_fetch_seq64(handle, name, Int64(range.lowerBound), Int64(end - 1), &fetched), fetched >= 0 else {
            throw SeqError(.io, "cannot read \(name):\(range.lowerBound + 1)-\(end) (truncated FASTA or stale .fai?)", position: .init(file: path))
        }
        defer { free(pointer) }
        let count = Int(fetched)
        guard count == end - range.lowerBound else {
            throw SeqError(.io, "read \(count) bases for \(name):\(range.lowerBound + 1)-\(end), expected \(end - range.lowerBound) (stale .fai?)", position: .init(file: path))
        }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let source = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
            for i in 0..<count {
                let b = source[i]
                buffer[i] = b >= 97 && b <= 122 ? b - 32 : b
            }
            initialized = count
        }
    }
}

/// htslib prints its own messages to stderr; gx reports every failure as a `SeqError` instead.
let htslibLogSilenced: Void = { gx_hts_quiet() }()
