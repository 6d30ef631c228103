import Foundation

extension NIPT {
    /// Per-bin GC content and N fraction of a reference genome, for one ``BinLayout``.
    ///
    /// Computed once from the reference FASTA in one streaming pass and cached in a small text table
    /// (`REF.fa.gxnipt-gc-50000.tsv` beside the FASTA, or in the cache folder) so that later runs skip the scan.
    /// The table is also the input format for simulated genomes that have no FASTA (see `Fixtures/nipt/`).
    ///
    /// Table format (tab-separated; `#` lines are the header):
    /// ```
    /// #gxnipt-gc	1
    /// #bin_size	50000
    /// #source	/path/ref.fa	3273481150	1700000000        (FASTA size in bytes and modification time; optional)
    /// #contig	chr1	248956422
    /// chr1	0	0.00000	1.00000                             (contig, 0-based bin start, GC fraction or NA, N fraction)
    /// ```
    public struct BinAnnotation: Sendable {
        /// The bins.
        public var layout: BinLayout
        /// GC fraction of the A/C/G/T bases in each bin; `.nan` when the bin has no A/C/G/T base.
        public var gcFraction: [Float]
        /// Fraction of each bin's bases that are not A/C/G/T (N and other IUPAC codes).
        public var nFraction: [Float]

        /// Creates an annotation from arrays (one value per bin of `layout`).
        public init(layout: BinLayout, gcFraction: [Float], nFraction: [Float]) {
            precondition(gcFraction.count == layout.binCount && nFraction.count == layout.binCount)
            self.layout = layout; self.gcFraction = gcFraction; self.nFraction = nFraction
        }

        /// The table's format version.
        public static let formatVersion = 1

        /// Computes the annotation from an uncompressed FASTA in one streaming pass.
        ///
        /// - Parameters:
        ///   - path: the reference FASTA (plain text; `.gz` is refused with a clear error).
        ///   - binSize: bin width in bases.
        /// - Throws: ``SeqError`` `.io` when unreadable, `.unsupportedFormat` for compressed or non-FASTA input,
        ///   `.reference` when primary chromosomes are missing.
        public static func compute(fasta path: String, binSize: Int) throws -> BinAnnotation {
            guard let file = fopen(path, "rb") else {
                throw SeqError(.io, "cannot open the reference FASTA: \(String(cString: strerror(errno)))", position: .init(file: path))
            }
            defer { fclose(file) }
            // Per-byte class: 0 ignore (line ends), 1 A/T, 2 G/C, 3 other (N, IUPAC).
            var table = [UInt8](repeating: 3, count: 256)
            for c in "\n\r".utf8 { table[Int(c)] = 0 }
            for c in "ATWatw".utf8 { table[Int(c)] = 1 }
            for c in "GCSgcs".utf8 { table[Int(c)] = 2 }

            var sequences: [(name: String, length: Int)] = []
            var perSequenceBins: [String: (gc: [Int32], at: [Int32], other: [Int32])] = [:]
            var currentName: String? = nil
            var keepCurrent = false
            var position = 0
            var gc: [Int32] = [], at: [Int32] = [], other: [Int32] = []
            var binGC: Int32 = 0, binAT: Int32 = 0, binOther: Int32 = 0
            var nextBoundary = binSize
            var inHeader = false
            var header: [UInt8] = []
            var lineNumber = 1
            var sawFirstByte = false

            func finishSequence() {
                guard let name = currentName else { return }
                if keepCurrent {
                    if position > nextBoundary - binSize { gc.append(binGC); at.append(binAT); other.append(binOther) }
                    perSequenceBins[name] = (gc, at, other)
                }
                sequences.append((name, position))
            }

            let capacity = 1 << 22
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { buffer.deallocate() }
            while true {
                let n = fread(buffer, 1, capacity, file)
                if n == 0 {
                    if ferror(file) != 0 { throw SeqError(.io, "read error in the reference FASTA", position: .init(file: path)) }
                    break
                }
                if !sawFirstByte {
                    sawFirstByte = true
                    if n >= 2 && buffer[0] == 0x1f && buffer[1] == 0x8b {
                        throw SeqError(.unsupportedFormat, "the reference FASTA is compressed; give the uncompressed FASTA (e.g. `bgzip -d`)", position: .init(file: path))
                    }
                    if buffer[0] != UInt8(ascii: ">") {
                        throw SeqError(.unsupportedFormat, "not a FASTA file: the first byte is not '>'", position: .init(file: path, line: 1))
                    }
                }
                var i = 0
                while i < n {
                    let byte = buffer[i]
                    if inHeader {
                        if byte == UInt8(ascii: "\n") {
                            inHeader = false
                            lineNumber += 1
                            finishSequence()
                            var nameBytes = header
                            if let space = nameBytes.firstIndex(where: { $0 == 32 || $0 == 9 }) { nameBytes = Array(nameBytes[..<space]) }
                            if nameBytes.last == 13 { nameBytes.removeLast() }
                            let name = String(decoding: nameBytes, as: UTF8.self)
                            guard !name.isEmpty else {
                                throw SeqError(.malformedRecord, "empty sequence name", position: .init(file: path, line: lineNumber - 1))
                            }
                            currentName = name
                            keepCurrent = Chromosome.parse(name) != nil
                            position = 0; gc = []; at = []; other = []
                            binGC = 0; binAT = 0; binOther = 0; nextBoundary = binSize
                            header.removeAll(keepingCapacity: true)
                        } else {
                            header.append(byte)
                        }
                        i += 1
                        continue
                    }
                    if byte == UInt8(ascii: ">") && (i > 0 ? buffer[i - 1] == 10 : true) {
                        inHeader = true
                        i += 1
                        continue
                    }
                    let cls = table[Int(byte)]
                    if cls == 0 {
                        if byte == 10 { lineNumber += 1 }
                        i += 1
                        continue
                    }
                    if keepCurrent {
                        if position == nextBoundary {
                            gc.append(binGC); at.append(binAT); other.append(binOther)
                            binGC = 0; binAT = 0; binOther = 0
                            nextBoundary += binSize
                        }
                        switch cls {
                        case 1: binAT += 1
                        case 2: binGC += 1
                        default: binOther += 1
                        }
                    }
                    position += 1
                    i += 1
                }
            }
            if inHeader { throw SeqError(.truncated, "the FASTA ends inside a header line", position: .init(file: path, line: lineNumber)) }
            finishSequence()

            let layout = try BinLayout(binSize: binSize, sequences: sequences)
            var gcFraction = [Float](repeating: .nan, count: layout.binCount)
            var nFraction = [Float](repeating: 1, count: layout.binCount)
            for (c, contig) in layout.contigs.enumerated() {
                guard let bins = perSequenceBins[contig.name] else { continue }
                for k in 0..<bins.gc.count where layout.binOffsets[c] + k < layout.binOffsets[c + 1] {
                    let acgt = Float(bins.gc[k] + bins.at[k])
                    let total = acgt + Float(bins.other[k])
                    let g = layout.binOffsets[c] + k
                    gcFraction[g] = acgt > 0 ? Float(bins.gc[k]) / acgt : .nan
                    nFraction[g] = total > 0 ? Float(bins.other[k]) / total : 1
                }
            }
            return BinAnnotation(layout: layout, gcFraction: gcFraction, nFraction: nFraction)
        }

        /// Returns the annotation for a FASTA, from the cache when it is up to date, else computed and cached.
        ///
        /// The cache is `<fasta>.gxnipt-gc-<binSize>.tsv` beside the FASTA; when that folder is not writable,
        /// `cacheDirectory` (default `$XDG_CACHE_HOME/gx` or `~/.cache/gx`). A cache is used only when the FASTA's
        /// size and modification time match those recorded in it.
        /// - Throws: as ``compute(fasta:binSize:)``.
        public static func cached(fasta path: String, binSize: Int, cacheDirectory: String? = nil) throws -> BinAnnotation {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard let attributes else {
                throw SeqError(.io, "cannot open the reference FASTA (no such file?)", position: .init(file: path))
            }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let mtime = Int64(((attributes[.modificationDate] as? Date) ?? .distantPast).timeIntervalSince1970)
            let fileName = URL(fileURLWithPath: path).lastPathComponent + ".gxnipt-gc-\(binSize).tsv"
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
            let fallback = cacheDirectory ?? ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].map { $0 + "/gx" } ?? home + "/.cache/gx"
            let candidates = [path + ".gxnipt-gc-\(binSize).tsv", fallback + "/" + fileName]
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
                if let table = try? load(table: candidate), table.source?.size == size, table.source?.mtime == mtime,
                   table.annotation.layout.binSize == binSize {
                    return table.annotation
                }
            }
            let annotation = try compute(fasta: path, binSize: binSize)
            let text = annotation.tableText(source: (absolute, size, mtime))
            for candidate in candidates {
                let folder = URL(fileURLWithPath: candidate).deletingLastPathComponent().path
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                if (try? text.write(toFile: candidate, atomically: true, encoding: .utf8)) != nil { break }
            }
            return annotation
        }

        /// The table text (see the type's documentation for the format).
        public func tableText(source: (path: String, size: Int64, mtime: Int64)? = nil) -> String {
            var out = "#gxnipt-gc\t\(Self.formatVersion)\n#bin_size\t\(layout.binSize)\n"
            if let source { out += "#source\t\(source.path)\t\(source.size)\t\(source.mtime)\n" }
            for contig in layout.contigs { out += "#contig\t\(contig.name)\t\(contig.length)\n" }
            for (c, contig) in layout.contigs.enumerated() {
                for g in layout.bins(ofContig: c) {
                    let gc = gcFraction[g].isNaN ? "NA" : String(format: "%.5f", gcFraction[g])
                    out += "\(contig.name)\t\((g - layout.binOffsets[c]) * layout.binSize)\t\(gc)\t\(String(format: "%.5f", nFraction[g]))\n"
                }
            }
            return out
        }

        /// Loads a GC table written by ``tableText(source:)`` (or by the simulator).
        ///
        /// - Returns: the annotation and, when recorded, the FASTA it was computed from.
        /// - Throws: ``SeqError`` `.io` or `.malformedRecord` naming the line.
        public static func load(table path: String) throws -> (annotation: BinAnnotation, source: (path: String, size: Int64, mtime: Int64)?) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SeqError(.io, "cannot read the GC table", position: .init(file: path))
            }
            var binSize: Int?
            var sequences: [(name: String, length: Int)] = []
            var source: (String, Int64, Int64)?
            var layout: BinLayout?
            var gc: [Float] = [], nf: [Float] = []
            var lineNumber = 0
            var versionSeen = false
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.isEmpty { continue }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                func bad(_ message: String) -> SeqError { SeqError(.malformedRecord, message, position: .init(file: path, line: lineNumber)) }
                if line.hasPrefix("#") {
                    switch fields[0] {
                    case "#gxnipt-gc":
                        guard fields.count == 2, Int(fields[1]) == formatVersion else {
                            throw bad("unsupported GC table version \(fields.dropFirst().joined()) (this gx reads version \(formatVersion))")
                        }
                        versionSeen = true
                    case "#bin_size":
                        guard fields.count == 2, let size = Int(fields[1]) else { throw bad("bad #bin_size line") }
                        binSize = size
                    case "#source":
                        guard fields.count == 4, let s = Int64(fields[2]), let m = Int64(fields[3]) else { throw bad("bad #source line") }
                        source = (String(fields[1]), s, m)
                    case "#contig":
                        guard fields.count == 3, let length = Int(fields[2]) else { throw bad("bad #contig line") }
                        sequences.append((String(fields[1]), length))
                    default: break
                    }
                    continue
                }
                guard versionSeen else { throw bad("not a gx GC table (no #gxnipt-gc header)") }
                if layout == nil {
                    guard let binSize else { throw bad("#bin_size is missing") }
                    layout = try BinLayout(binSize: binSize, sequences: sequences)
                    gc.reserveCapacity(layout!.binCount); nf.reserveCapacity(layout!.binCount)
                }
                guard fields.count == 4 else { throw bad("expected 4 tab-separated fields, found \(fields.count)") }
                let g: Float = fields[2] == "NA" ? .nan : (Float(fields[2]) ?? -1)
                guard let n = Float(fields[3]), g.isNaN || (0...1).contains(g), (0...1).contains(n) else {
                    throw bad("GC and N fractions must be numbers between 0 and 1 (or NA)")
                }
                gc.append(g); nf.append(n)
            }
            guard let layout else { throw SeqError(.malformedRecord, "the GC table has no bins", position: .init(file: path)) }
            guard gc.count == layout.binCount else {
                throw SeqError(.malformedRecord, "the GC table has \(gc.count) bins but its contigs need \(layout.binCount)", position: .init(file: path))
            }
            return (BinAnnotation(layout: layout, gcFraction: gc, nFraction: nf), source)
        }
    }
}
