import Foundation

extension Screening {
    /// A source of reference bases for panel verification and k-mer construction.
    ///
    /// Positions are 1-based and inclusive. Implementations: ``Screening/SequenceSegments`` (small FASTA files held
    /// in memory, such as the flanks bundled with the panel) and ``Screening/IndexedFASTAReference`` (a user's
    /// faidx-indexed FASTA).
    public protocol ReferenceSource {
        /// A short description for messages (a file path, or `bundled flanks`).
        var sourceName: String { get }
        /// The full length of a chromosome when known (from a .fai or a whole-contig record), else `nil`.
        func length(of chromosome: String) -> Int?
        /// True when the source has any sequence for the chromosome.
        func contains(chromosome: String) -> Bool
        /// Uppercase bases of `chromosome:start-end` (1-based, inclusive), clipped to the sequence the source holds.
        /// - Returns: the first position actually returned and the bases, or `nil` when nothing of the range is held.
        /// - Throws: `SeqError` `.io`/`.reference` when the source cannot be read.
        func fetch(chromosome: String, start: Int, end: Int) throws -> (start: Int, bases: [UInt8])?
        /// Calls `body` with every piece of sequence the source holds (uppercase), one contig or segment at a time:
        /// used to check that the FASTQ path's k-mers are unique in the genome.
        /// - Throws: `SeqError` when the source cannot be read, or what `body` throws.
        func forEachContig(_ body: (_ name: String, _ bases: [UInt8]) throws -> Void) throws
        /// The number of bases the source holds (all contigs or segments).
        var heldLength: Int { get }
    }

    /// Reference sequence held in memory as segments: FASTA records named `chrom` (the whole contig, starting at
    /// position 1) or `chrom:start-end` (a piece of a contig whose first base is 1-based `start`).
    ///
    /// Used for the flanks bundled with the panel (GJB2 exon 2, rCRS) and for small test references. Not meant for
    /// whole genomes: use ``Screening/IndexedFASTAReference``.
    public struct SequenceSegments: ReferenceSource, Sendable {
        /// One contiguous piece of a chromosome.
        public struct Segment: Sendable {
            /// The chromosome name.
            public var chromosome: String
            /// The 1-based position of the first base.
            public var start: Int
            /// Uppercase bases.
            public var bases: [UInt8]
            /// True when the record is the whole chromosome (its length is then known).
            public var isWholeChromosome: Bool
            /// The 1-based position of the last base.
            public var end: Int { start + bases.count - 1 }
        }

        /// The segments, in file order.
        public var segments: [Segment]
        /// Where they came from.
        public var sourceName: String

        /// Creates segments directly.
        public init(segments: [Segment], sourceName: String) {
            self.segments = segments; self.sourceName = sourceName
        }

        /// Reads a small FASTA file whose record names are `chrom` or `chrom:start-end` (text after the first space is ignored).
        /// - Parameter url: the FASTA file.
        /// - Throws: `SeqError` `.io` if unreadable, `.malformedRecord` naming the line of a bad record.
        public init(fastaAt url: URL) throws {
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw SeqError(.io, "cannot read reference: \(error.localizedDescription)", position: .init(file: url.path))
            }
            var segments: [Segment] = []
            var current: Segment? = nil
            var lineNumber = 0
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                var bytes = Array(line)
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                if bytes.first == UInt8(ascii: ">") {
                    if let current { segments.append(current) }
                    let name = String(decoding: bytes.dropFirst().prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }, as: UTF8.self)
                    guard !name.isEmpty else {
                        throw SeqError(.malformedRecord, "FASTA header without a name", position: .init(file: url.path, line: lineNumber))
                    }
                    current = Self.segment(named: name)
                    continue
                }
                if bytes.isEmpty { continue }
                guard current != nil else {
                    throw SeqError(.malformedRecord, "sequence before the first '>' header", position: .init(file: url.path, line: lineNumber))
                }
                for b in bytes {
                    let upper = b & 0xDF
                    guard (upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z")) || b == UInt8(ascii: "*") || b == UInt8(ascii: "-") else {
                        throw SeqError(.malformedRecord, "unexpected character '\(Character(UnicodeScalar(b)))' in sequence", position: .init(file: url.path, line: lineNumber))
                    }
                    current!.bases.append(upper)
                }
            }
            if let current { segments.append(current) }
            guard !segments.isEmpty else {
                throw SeqError(.malformedRecord, "no FASTA records", position: .init(file: url.path))
            }
            self.init(segments: segments, sourceName: url.path)
        }

        private static func segment(named name: String) -> Segment {
            if let colon = name.lastIndex(of: ":") {
                let range = name[name.index(after: colon)...].split(separator: "-")
                if range.count == 2, let start = Int(range[0]), Int(range[1]) != nil, start >= 1 {
                    return Segment(chromosome: String(name[..<colon]), start: start, bases: [], isWholeChromosome: false)
                }
            }
            return Segment(chromosome: name, start: 1, bases: [], isWholeChromosome: true)
        }

        public func length(of chromosome: String) -> Int? {
            segments.first { $0.chromosome == chromosome && $0.isWholeChromosome }?.bases.count
        }

        public func contains(chromosome: String) -> Bool {
            segments.contains { $0.chromosome == chromosome }
        }

        public func forEachContig(_ body: (_ name: String, _ bases: [UInt8]) throws -> Void) throws {
            for segment in segments { try body(segment.chromosome, segment.bases) }
        }

        public var heldLength: Int { segments.reduce(0) { $0 + $1.bases.count } }

        public func fetch(chromosome: String, start: Int, end: Int) throws -> (start: Int, bases: [UInt8])? {
            for segment in segments where segment.chromosome == chromosome {
                let from = max(start, segment.start), to = min(end, segment.end)
                if from <= to && start <= segment.end && end >= segment.start {
                    return (from, Array(segment.bases[(from - segment.start)...(to - segment.start)]))
                }
            }
            return nil
        }
    }

    /// The reference flanks bundled with the panels: GRCh38 chr13:20187470-20189603 (GJB2 exon 2) and the whole
    /// rCRS chrM (NC_012920.1). Sources are named in `Resources/panels/SOURCES.md`.
    public enum BundledReference {
        /// Loads the bundled GRCh38 flanks.
        /// - Throws: `SeqError` if the resource is missing or damaged.
        public static func grch38() throws -> SequenceSegments {
            var segments = try SequenceSegments(fastaAt: Screening.Panel.bundledDirectory.appendingPathComponent("flanks.GRCh38.fa"))
            segments.sourceName = "bundled GRCh38 flanks (GJB2 exon 2, rCRS chrM)"
            return segments
        }
    }
}

extension Screening {
    /// Opens the reference a panel is checked against: the FASTA at `path`, or the bundled GRCh38 flanks when
    /// `path` is `nil`.
    ///
    /// A FASTA whose records are whole contigs is opened through its faidx index (``IndexedFASTA``, the `.fai`
    /// is built when missing); a small FASTA of pieces named `chrom:start-end` is read into memory.
    /// - Parameter path: a FASTA file, or `nil`.
    /// - Returns: the reference.
    /// - Throws: `SeqError` when the file cannot be read or is not FASTA.
    public static func openReference(path: String?) throws -> any ReferenceSource {
        guard let path else { return try BundledReference.grch38() }
        let indexed = try IndexedFASTA(path: path)
        if indexed.sequences.contains(where: { $0.name.contains(":") && $0.name.contains("-") }) {
            return try SequenceSegments(fastaAt: URL(fileURLWithPath: path))
        }
        return indexed
    }
}
