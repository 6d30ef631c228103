extension Alignment {
    /// A genomic region as samtools writes it: `chr`, `chr:start`, or `chr:start-end`.
    ///
    /// ``start`` and ``end`` are **1-based, inclusive**; commas in numbers are allowed (`chr1:1,000-2,000`).
    /// A name that itself contains `:` (e.g. `HLA-A*01:01`) is matched whole against the header first.
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
            guard let colon = text.lastIndex(of: ":") else { self.init(referenceName: text); return }
            let name = String(text[..<colon])
            let range = text[text.index(after: colon)...].filter { $0 != "," }
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
