import Foundation

extension NIPT {
    /// A batch of NIPT samples: a name and an input file (BAM, CRAM or `.gxbins`) per sample.
    ///
    /// File format: tab-separated text, one sample per line, `#` lines and blank lines ignored. An optional header
    /// line starts with `sample`. Columns: `sample` (the name used in the outputs) and `path` (relative paths are
    /// resolved against the sheet's folder).
    /// ```
    /// sample	path
    /// P001	bams/P001.bam
    /// P002	/data/run7/P002.cram
    /// ```
    public struct SampleSheet: Sendable, Equatable {
        /// One sample.
        public struct Entry: Sendable, Equatable {
            /// The sample name (overrides the BAM read group's `SM`).
            public var sample: String?
            /// The input file.
            public var path: String
            /// Creates an entry.
            public init(sample: String?, path: String) { self.sample = sample; self.path = path }
        }

        /// The samples, in sheet order.
        public var entries: [Entry]

        /// Creates a sheet from entries.
        public init(entries: [Entry]) { self.entries = entries }

        /// Reads a sample sheet.
        ///
        /// - Throws: ``SeqError`` `.io` when unreadable; `.malformedRecord` with the line number for a line without
        ///   two columns, an empty name or path, or a sample name given twice.
        public static func read(from path: String) throws -> SampleSheet {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SeqError(.io, "cannot read the sample sheet", position: .init(file: path))
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            var entries: [Entry] = []
            var seen: [String: Int] = [:]
            var lineNumber = 0
            for rawLine in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
                if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                if entries.isEmpty && fields.first?.lowercased() == "sample" { continue }
                guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                    throw SeqError(.malformedRecord, "a sample sheet line needs two tab-separated columns: sample and path",
                                   position: .init(file: path, line: lineNumber))
                }
                if let first = seen[fields[0]] {
                    throw SeqError(.malformedRecord, "sample \(fields[0]) is listed twice (first on line \(first))",
                                   position: .init(file: path, line: lineNumber))
                }
                seen[fields[0]] = lineNumber
                let file = fields[1].hasPrefix("/") ? fields[1] : folder.appendingPathComponent(fields[1]).path
                entries.append(Entry(sample: fields[0], path: file))
            }
            guard !entries.isEmpty else { throw SeqError(.malformedRecord, "the sample sheet lists no samples", position: .init(file: path)) }
            return SampleSheet(entries: entries)
        }
    }

    /// Loads one sample's bin counts: counts a BAM/CRAM on `layout`, or reads a `.gxbins` file.
    ///
    /// - Parameters:
    ///   - path: a coordinate-sorted indexed BAM/CRAM, or a `.gxbins` file.
    ///   - sample: a name that overrides the one in the file.
    ///   - layout: the bins to count on (from the reference set or the reference FASTA).
    ///   - filter: the read filter.
    ///   - referencePath: the FASTA for CRAM decoding.
    ///   - threads: decompression threads.
    ///   - progress: called with the number of records read so far.
    /// - Throws: what ``BinCounter/count(path:referencePath:threads:requireIndex:progress:)`` and
    ///   ``BinCounts/read(from:)`` throw.
    public static func loadCounts(path: String, sample: String? = nil, layout: BinLayout, filter: ReadFilter,
                                  referencePath: String? = nil, threads: Int = 1,
                                  progress: ((Int) -> Void)? = nil) throws -> BinCounts {
        var counts: BinCounts
        if path.hasSuffix(".gxbins") {
            counts = try BinCounts.read(from: path)
        } else {
            counts = try BinCounter(layout: layout, filter: filter).count(path: path, referencePath: referencePath, threads: threads, progress: progress)
        }
        if let sample { counts.sample = sample }
        return counts
    }
}
