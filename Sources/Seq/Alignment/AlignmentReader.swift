import Foundation
internal import CHTSlib

extension Alignment {
    /// Reads SAM, BAM or CRAM records through htslib (format detected from the content).
    ///
    /// The reader owns htslib's file, header, record, index and iterator handles and frees them in `deinit`.
    /// One `bam1_t` is reused for every record: ``next()`` returns a ``RecordView`` of it that is valid until
    /// the following call. Not `Sendable`: use one reader per thread.
    ///
    /// ```swift
    /// let reader = try Alignment.Reader(path: "sample.bam", threads: 2)
    /// print(reader.header.referenceSequences.map(\.name))
    /// try reader.query("chr1:10,001-10,500")            // 1-based inclusive; needs sample.bam.bai
    /// while let view = try reader.next() { print(view.name, view.alignmentStart + 1) }
    /// ```
    public final class Reader {
        /// Which record fields CRAM decoding must produce (BAM and SAM always decode everything).
        public enum DecodedFields: Sendable {
            /// Every field.
            case all
            /// Only FLAG, reference, position, MAPQ, CIGAR and mate fields: faster counting and statistics on CRAM.
            case core
        }

        /// The path the reader was opened with.
        public let path: String
        /// The detected container format.
        public let format: Format
        /// The file's header.
        public let header: Header
        /// The 1-based number of the last record returned by ``next()`` (0 before the first).
        public private(set) var recordNumber = 0

        private let file: UnsafeMutablePointer<htsFile>
        private let headerHandle: UnsafeMutablePointer<sam_hdr_t>
        private let record: UnsafeMutablePointer<bam1_t>
        private let referencePath: String?
        private var index: OpaquePointer?
        private var iterator: UnsafeMutablePointer<hts_itr_t>?
        private var intervals: [(id: Int32, start: Int64, end: Int64)] = []
        private var intervalIndex = -1
        private var queryMode = false

        /// Opens an alignment file.
        /// - Parameters:
        ///   - path: a SAM (plain, gzip or BGZF), BAM or CRAM file.
        ///   - referencePath: the reference FASTA (with its `.fai`, made if missing and writable) that CRAM
        ///     decoding needs; ignored for SAM/BAM. gx never downloads references: when it is absent and
        ///     `REF_PATH` is unset, a CRAM that needs one fails with `.reference`.
        ///   - threads: total threads for decoding, as `--threads`: 1 decodes on the calling thread,
        ///     `n > 1` adds `n - 1` htslib decompression threads (so `threads: 2` ≈ `samtools -@ 1`).
        ///   - fields: what CRAM must decode (``DecodedFields/all`` by default).
        /// - Throws: ``SeqError`` `.io` (missing/unreadable file), `.unsupportedFormat` (not SAM/BAM/CRAM),
        ///   `.malformedRecord` (bad header), `.reference` (missing reference FASTA).
        public init(path: String, referencePath: String? = nil, threads: Int = 1, fields: DecodedFields = .all) throws(SeqError) {
            _ = htslibLogSilenced
            self.path = path
            self.referencePath = referencePath
            let position = SeqError.Position(file: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw SeqError(.io, "no such file", position: position)
            }
            guard !isDirectory.boolValue else { throw SeqError(.io, "is a directory, not an alignment file", position: position) }
            if let referencePath, !FileManager.default.fileExists(atPath: referencePath) {
                throw SeqError(.reference, "reference FASTA '\(referencePath)' does not exist", position: position)
            }
            guard let file = gx_sam_open(path, "r") else {
                throw SeqError(.io, "cannot open: \(String(cString: strerror(errno)))", position: position)
            }
            let format: Format
            switch gx_hts_format_kind(file) {
            case 1: format = .sam
            case 2: format = .bam
            case 3: format = .cram
            default:
                gx_sam_close(file)
                throw SeqError(.unsupportedFormat, "not a SAM, BAM or CRAM file", position: position)
            }
            if format == .cram {
                if let referencePath {
                    if gx_cram_set_reference(file, referencePath) != 0 {
                        gx_sam_close(file)
                        throw SeqError(.reference, "cannot use reference FASTA '\(referencePath)' (is it indexed or indexable?)", position: position)
                    }
                } else if getenv("REF_PATH") == nil {
                    // Never fetch references from the network (htslib's default is the EBI server).
                    setenv("REF_PATH", "/nonexistent/gx-no-remote-reference/%s", 0)
                }
                _ = fields == .all ? gx_cram_required_all(file) : gx_cram_required_core(file)
            }
            if threads > 1 && hts_set_threads(file, Int32(min(threads - 1, 64))) != 0 {
                gx_sam_close(file)
                throw SeqError(.resourceLimit, "cannot start \(threads - 1) decompression threads", position: position)
            }
            guard let h = sam_hdr_read(file) else {
                let code = gx_hts_bgzf_errcode(file)
                gx_sam_close(file)
                throw SeqError(code != 0 ? .corruptCompression : .malformedRecord,
                               code != 0 ? "corrupt compressed data in the header" : "cannot read the \(format.rawValue) header (corrupt, truncated or not an alignment file)",
                               position: position)
            }
            guard let b = bam_init1() else {
                sam_hdr_destroy(h); gx_sam_close(file)
                throw SeqError(.resourceLimit, "out of memory", position: position)
            }
            var sequences: [Header.ReferenceSequence] = []
            let n = gx_hdr_n_targets(h)
            sequences.reserveCapacity(Int(n))
            for tid in 0..<n {
                sequences.append(.init(name: String(cString: gx_hdr_target_name(h, tid)), length: Int(gx_hdr_target_len(h, tid))))
            }
            let text = sam_hdr_str(h).map { String(cString: $0) } ?? ""
            self.file = file
            self.headerHandle = h
            self.record = b
            self.format = format
            self.header = Header(referenceSequences: sequences, text: text)
        }

        deinit {
            if let iterator { hts_itr_destroy(iterator) }
            if let index { hts_idx_destroy(index) }
            bam_destroy1(record)
            sam_hdr_destroy(headerHandle)
            gx_sam_close(file)
        }

        /// Reads the next record: the next in the file, or the next in the queried regions after ``query(_:)-(String)``.
        /// - Returns: a view of the record (valid until the next call), or `nil` at the end.
        /// - Throws: ``SeqError`` naming the file and the 1-based record number: `.truncated`, `.corruptCompression`,
        ///   `.malformedRecord` (with the SAM line), `.reference` (CRAM without its reference).
        @inline(__always)
        public func next() throws(SeqError) -> RecordView? {
            if queryMode { return try nextInRegions() }
            let status = sam_read1(file, headerHandle, record)
            if status >= 0 {
                recordNumber += 1
                return RecordView(UnsafePointer(record))
            }
            if status == -1 { return nil }
            throw readError(status)
        }

        /// Calls `body` for every remaining record (whole file or queried regions).
        /// - Throws: what ``next()`` or `body` throw.
        public func forEach(_ body: (RecordView) throws -> Void) throws {
            while let view = try next() { try body(view) }
        }

        /// Whether an index (`.bai`, `.csi` or `.crai`) was found for the file.
        public var hasIndex: Bool { (try? loadIndex()) != nil }

        /// Restricts iteration to one region (samtools syntax, **1-based inclusive**, e.g. `chr1:100-200`).
        /// - Throws: ``SeqError`` `.invalidRegion` (bad syntax, unknown sequence), `.missingIndex`.
        public func query(_ region: String) throws(SeqError) { try query([region]) }

        /// Restricts iteration to several regions (samtools syntax, 1-based inclusive). Regions are sorted and
        /// merged; a record overlapping several regions is returned once (as `samtools view -M` does).
        /// - Throws: ``SeqError`` `.invalidRegion`, `.missingIndex`.
        public func query(_ regions: [String]) throws(SeqError) {
            let names = Set(header.referenceSequences.map(\.name))
            var parsed: [Region] = []
            for text in regions { parsed.append(try Region(parsing: text, knownNames: names)) }
            try query(regions: parsed)
        }

        /// Restricts iteration to the given regions (1-based inclusive).
        /// - Throws: ``SeqError`` `.invalidRegion`, `.missingIndex`.
        public func query(regions: [Region]) throws(SeqError) {
            var list: [(id: Int32, start: Int64, end: Int64)] = []
            for region in regions {
                guard let id = header.referenceSequenceID(named: region.referenceName) else {
                    throw SeqError(.invalidRegion, "region '\(region)': unknown reference sequence '\(region.referenceName)'", position: .init(file: path))
                }
                let length = header.referenceSequences[id].length
                let end = min(region.end ?? length, length)
                list.append((Int32(id), Int64(region.start - 1), Int64(max(end, region.start - 1))))
            }
            try setIntervals(list)
        }

        /// Restricts iteration to records overlapping `start..<end` on reference `referenceSequenceID`
        /// (**0-based, half-open**).
        /// - Throws: ``SeqError`` `.invalidRegion`, `.missingIndex`.
        public func query(referenceSequenceID: Int, start: Int, end: Int) throws(SeqError) {
            guard referenceSequenceID >= 0 && referenceSequenceID < header.referenceSequences.count else {
                throw SeqError(.invalidRegion, "reference sequence index \(referenceSequenceID) out of range", position: .init(file: path))
            }
            try setIntervals([(Int32(referenceSequenceID), Int64(max(0, start)), Int64(max(start, end)))])
        }

        // MARK: - internals

        private func loadIndex() throws(SeqError) -> OpaquePointer {
            if let index { return index }
            guard let loaded = gx_sam_index_load(file, path) else {
                let kind = format == .cram ? ".crai" : format == .bam ? ".bai or .csi" : ".csi (bgzip-compressed SAM)"
                throw SeqError(.missingIndex, "no index (\(kind)) found; create one with 'samtools index \(path)'", position: .init(file: path))
            }
            index = loaded
            return loaded
        }

        private func setIntervals(_ list: [(id: Int32, start: Int64, end: Int64)]) throws(SeqError) {
            _ = try loadIndex()
            var sorted = list.sorted { ($0.id, $0.start, $0.end) < ($1.id, $1.start, $1.end) }
            var merged: [(id: Int32, start: Int64, end: Int64)] = []
            for interval in sorted {
                if let last = merged.last, last.id == interval.id, interval.start <= last.end {
                    merged[merged.count - 1].end = max(last.end, interval.end)
                } else {
                    merged.append(interval)
                }
            }
            sorted = merged
            if let iterator { hts_itr_destroy(iterator); self.iterator = nil }
            intervals = sorted
            intervalIndex = -1
            queryMode = true
            recordNumber = 0
        }

        private func nextInRegions() throws(SeqError) -> RecordView? {
            while true {
                if iterator == nil {
                    intervalIndex += 1
                    guard intervalIndex < intervals.count else { return nil }
                    let interval = intervals[intervalIndex]
                    guard let it = gx_sam_itr_queryi(index, interval.id, interval.start, interval.end) else {
                        throw SeqError(.missingIndex, "the index cannot answer region \(header.referenceName(Int(interval.id))):\(interval.start + 1)-\(interval.end)", position: .init(file: path))
                    }
                    iterator = it
                }
                let status = gx_sam_itr_next(file, iterator, record)
                if status >= 0 {
                    // A record overlapping the previous (merged, disjoint) interval was already returned.
                    if intervalIndex > 0 {
                        let previous = intervals[intervalIndex - 1]
                        if previous.id == gx_bam_tid(record) && gx_bam_pos(record) < previous.end && gx_bam_endpos(record) > previous.start {
                            continue
                        }
                    }
                    recordNumber += 1
                    return RecordView(UnsafePointer(record))
                }
                if status == -1 {
                    hts_itr_destroy(iterator); iterator = nil
                    continue
                }
                throw readError(status)
            }
        }

        private func readError(_ status: Int32) -> SeqError {
            let number = recordNumber + 1
            let bgzfError = gx_hts_bgzf_errcode(file)
            switch format {
            case .sam:
                let line = Int(gx_hts_lineno(file))
                if bgzfError != 0 { return SeqError(.corruptCompression, "corrupt compressed data", position: .init(file: path, record: number)) }
                let why = gx_hts_compression_kind(file) == 0 && line > 0 ? AlignmentSAMDiagnosis.problem(path: path, line: line) : nil
                return SeqError(.malformedRecord, "invalid SAM record: " + (why ?? "wrong number of fields, a bad value, or a reference missing from the header"),
                                position: .init(file: path, line: line > 0 ? line : nil, record: number))
            case .bam:
                // A block cut short at the end of the file: the BGZF end-of-file marker is missing too.
                if bgzfError != 0 && gx_hts_check_eof(file) == 0 {
                    return SeqError(.truncated, "file is truncated (no BGZF end-of-file marker); this record is incomplete", position: .init(file: path, record: number))
                }
                if bgzfError & (1 | 2 | 32) != 0 { // BGZF_ERR_ZLIB | BGZF_ERR_HEADER | BGZF_ERR_CRC
                    return SeqError(.corruptCompression, "corrupt BGZF block (bad deflate data, header or CRC)", position: .init(file: path, record: number))
                }
                if bgzfError != 0 || status == -2 || status == -3 {
                    return SeqError(.truncated, "file is truncated; this record is incomplete", position: .init(file: path, record: number))
                }
                return SeqError(.malformedRecord, "invalid BAM record", position: .init(file: path, record: number))
            case .cram:
                if referencePath == nil {
                    return SeqError(.reference, "cannot decode CRAM record; it probably needs its reference FASTA (pass --reference)", position: .init(file: path, record: number))
                }
                return SeqError(.malformedRecord, "cannot decode CRAM record (corrupt data or a reference that does not match)", position: .init(file: path, record: number))
            }
        }
    }
}
