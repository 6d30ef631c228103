import Foundation

extension NIPT {
    /// Regions whose bins are left out of every NIPT statistic (centromeres, gaps, known CNV hot spots).
    ///
    /// Read from a BED file: `chrom  start  end` per line, 0-based half-open; further columns are ignored;
    /// `track`, `browser` and `#` lines are skipped. A bin is masked when any of its bases is blacklisted.
    public struct Blacklist: Sendable, Equatable {
        /// The regions: contig name, 0-based start, 0-based exclusive end.
        public var regions: [(contig: String, start: Int, end: Int)]
        /// Lines naming a contig that is not a primary chromosome (kept for the report; such regions mask nothing).
        public var otherContigLines: Int

        /// Creates a blacklist from regions.
        public init(regions: [(contig: String, start: Int, end: Int)] = [], otherContigLines: Int = 0) {
            self.regions = regions; self.otherContigLines = otherContigLines
        }

        public static func == (lhs: Blacklist, rhs: Blacklist) -> Bool {
            lhs.regions.count == rhs.regions.count && zip(lhs.regions, rhs.regions).allSatisfy { $0 == $1 }
        }

        /// Reads a BED file.
        ///
        /// - Throws: ``SeqError`` `.io` when unreadable, `.malformedRecord` naming the line for a bad row
        ///   (fewer than 3 columns, non-numeric or negative coordinates, end before start).
        public static func load(bed path: String) throws -> Blacklist {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SeqError(.io, "cannot read the blacklist BED", position: .init(file: path))
            }
            var regions: [(String, Int, Int)] = []
            var other = 0
            var lineNumber = 0
            for rawLine in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("track") || line.hasPrefix("browser") { continue }
                let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
                guard fields.count >= 3, let start = Int(fields[1]), let end = Int(fields[2]), start >= 0, end >= start else {
                    throw SeqError(.malformedRecord, "a BED line needs `chrom start end` with 0 <= start <= end", position: .init(file: path, line: lineNumber))
                }
                if Chromosome.parse(String(fields[0])) == nil { other += 1 }
                regions.append((String(fields[0]), start, end))
            }
            return Blacklist(regions: regions, otherContigLines: other)
        }

        /// A per-bin mask: `true` for bins that overlap a region.
        public func mask(for layout: BinLayout) -> [Bool] {
            var mask = [Bool](repeating: false, count: layout.binCount)
            for region in regions where region.end > region.start {
                guard let c = layout.contigIndex(named: region.contig) else { continue }
                let length = layout.contigs[c].length
                let start = min(region.start, length), end = min(region.end, length)
                guard end > start else { continue }
                for bin in layout.binIndex(contig: c, position: start)...layout.binIndex(contig: c, position: end - 1) {
                    mask[bin] = true
                }
            }
            return mask
        }
    }
}
