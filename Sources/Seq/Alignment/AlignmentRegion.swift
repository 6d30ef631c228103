extension Alignment {
    /// A genomic region as samtools writes it: `chr`, `chr:start`, or `chr:start-end`.
    ///
    /// ``start`` and ``end`` are **1-based, inclusive**; commas in numbers are allowed (`chr1:1,000-2,000`).
    /// A name that itself contains `:` (e.g. `HLA-A*01:01`) is matched whole against the header first, and may be
    /// quoted in braces as htslib allows: `{chr1:100}:1-10`.
    public struct Region: Sendable, Hashable, CustomStringConvertible {
        /// The reference sequence name.
        public var referenceName: String
        /// The first position, **1-based inclusive** (1 when the region names a whole sequence).
        public var start: Int
        /// The last position, **1-based inclusive**, or `nil` for "to the end of the sequence".
        public var end: Int?

        /// Creates a region; positions are 1-based inclusive.
        public init(referenceName: String, start: Int = 1, end: Int? = nil) {
            self.referenceName = referenceName; self.start = start; self.end = end
        }

        /// Parses `chr`, `chr:start`, `chr:start-end` (1-based inclusive).
        /// - Parameter knownNames: when given and the whole text is a known name, the whole text is the name.
        /// - Throws: ``SeqError`` (`.invalidRegion`) for empty names, non-numbers, start < 1 or end < start.
        public init(parsing text: String, knownNames: Set<String> = []) throws(SeqError) {
            if text.isEmpty { throw SeqError(.invalidRegion, "empty region") }
            if knownNames.contains(text) { self.init(referenceName: text); return }
            let name: String
            let range: String
            if text.hasPrefix("{"), let close = text.firstIndex(of: "}") {
                // htslib's quoting for names containing ':' — `{chr1:100}:1-10`.
                name = String(text[text.index(after: text.startIndex)..<close])
                let rest = text[text.index(after: close)...]
                if rest.isEmpty { self.init(referenceName: name); return }
                guard rest.hasPrefix(":") else { throw SeqError(.invalidRegion, "region '\(text)': expected ':' after '}'") }
                range = rest.dropFirst().filter { $0 != "," }
            } else {
                guard let colon = text.lastIndex(of: ":") else { self.init(referenceName: text); return }
                name = String(text[..<colon])
                range = text[text.index(after: colon)...].filter { $0 != "," }
            }
            guard !name.isEmpty else { throw SeqError(.invalidRegion, "region '\(text)' has no sequence name") }
            let parts = range.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard let first = parts.first, let start = Int(first), start >= 1 else {
                throw SeqError(.invalidRegion, "region '\(text)': start must be a positive 1-based position")
            }
            var end: Int? = nil
            if parts.count == 2 {
                if parts[1].isEmpty { end = nil }
                else {
                    guard let e = Int(parts[1]) else { throw SeqError(.invalidRegion, "region '\(text)': end is not a number") }
                    guard e >= start else { throw SeqError(.invalidRegion, "region '\(text)': end \(e) is before start \(start)") }
                    end = e
                }
            }
            self.init(referenceName: name, start: start, end: end)
        }

        /// `chr:start-end` (1-based inclusive).
        public var description: String {
            if let end { return "\(referenceName):\(start)-\(end)" }
            return start == 1 ? referenceName : "\(referenceName):\(start)"
        }
    }
}

extension Alignment.Region {
    /// Reads the intervals of a BED file as regions. BED is **0-based, half-open**; the regions returned are
    /// **1-based, inclusive** (BED `chr1 99 200` → `chr1:100-200`). `track`, `browser` and `#` lines are skipped.
    /// - Throws: ``SeqError`` `.io` when the file cannot be read, `.malformedRecord` with the line number for a line
    ///   with fewer than three fields, non-numeric coordinates or end ≤ start.
    public static func regions(bedPath path: String) throws(SeqError) -> [Alignment.Region] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SeqError(.io, "cannot read BED file: \(error.localizedDescription)", position: .init(file: path))
        }
        var regions: [Alignment.Region] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("track") || trimmed.hasPrefix("browser") { continue }
            let fields = trimmed.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, let start = Int(fields[1]), let end = Int(fields[2]), start >= 0, end > start, !fields[0].isEmpty else {
                throw SeqError(.malformedRecord, "BED line needs 'chrom<TAB>start<TAB>end' with 0 <= start < end", position: .init(file: path, line: lineNumber))
            }
            regions.append(.init(referenceName: String(fields[0]), start: start + 1, end: end))
        }
        return regions
    }
}
