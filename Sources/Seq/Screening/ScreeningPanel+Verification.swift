extension Screening {
    /// The outcome of checking a panel against reference sequence.
    public struct PanelVerification: Sendable, Codable {
        /// One site's outcome.
        public struct SiteOutcome: Sendable, Codable {
            /// The site id.
            public var siteID: String
            /// The reference bases found at the site's REF span (empty when the chromosome or range is missing).
            public var observedReference: String
            /// Problems found; empty when the site is verified.
            public var problems: [String]
            /// True when the site matched and is left-aligned.
            public var verified: Bool { problems.isEmpty }
        }
        /// The panel name.
        public var panel: String
        /// Where the reference came from.
        public var reference: String
        /// Per-site outcomes, in panel order.
        public var sites: [SiteOutcome]
        /// Problems between sites (overlapping indels, duplicates).
        public var panelProblems: [String]
        /// True when every site is verified and there are no panel problems.
        public var isValid: Bool { panelProblems.isEmpty && sites.allSatisfy(\.verified) }

        /// All problems, one sentence each, prefixed by the site id.
        public var problems: [String] {
            panelProblems + sites.flatMap { s in s.problems.map { "\(s.siteID): \($0)" } }
        }

        /// Throws when the panel did not verify.
        /// - Throws: `SeqError` `.invalidPanel` listing every problem.
        public func throwIfInvalid() throws {
            guard isValid else {
                throw SeqError(.invalidPanel, "panel '\(panel)' disagrees with \(reference): " + problems.joined(separator: "; "))
            }
        }
    }
}

extension Screening.Panel {
    /// Checks every site against reference sequence: the chromosome exists (and has the build's length when known),
    /// REF equals the reference bases, indels are left-aligned (the suggested left-aligned form is given when not),
    /// and no two sites overlap where one is an indel.
    /// - Parameter reference: the reference to check against.
    /// - Returns: the per-site outcome (never throws for a disagreeing panel; call `throwIfInvalid()`).
    /// - Throws: `SeqError` only when the reference cannot be read.
    public func verify(against reference: some Screening.ReferenceSource) throws -> Screening.PanelVerification {
        var outcomes: [Screening.PanelVerification.SiteOutcome] = []
        for site in sites {
            var problems: [String] = []
            var observed = ""
            if !reference.contains(chromosome: site.chromosome) {
                problems.append("unknown chromosome \(site.chromosome) (not in \(reference.sourceName))")
            } else {
                if let length = reference.length(of: site.chromosome),
                   let why = Screening.GenomeBuild.mismatch(chromosome: site.chromosome, length: length, build: site.build) {
                    problems.append(why)
                }
                let span = site.reference.utf8.count
                if let fetched = try reference.fetch(chromosome: site.chromosome, start: site.position, end: site.referenceEnd),
                   fetched.start == site.position, fetched.bases.count == span {
                    observed = String(decoding: fetched.bases, as: UTF8.self)
                    if observed != site.reference {
                        problems.append("REF \(site.reference) disagrees with the reference \(observed) at \(site.chromosome):\(site.position)")
                    } else if let leftAligned = try leftAlignedForm(of: site, reference: reference),
                              leftAligned.position != site.position {
                        problems.append("indel is not left-aligned: the left-aligned form is \(site.chromosome):\(leftAligned.position) \(leftAligned.reference)>\(leftAligned.alternate)")
                    }
                } else {
                    problems.append("\(site.chromosome):\(site.position)-\(site.referenceEnd) is outside the sequence held by \(reference.sourceName)")
                }
            }
            outcomes.append(.init(siteID: site.id, observedReference: observed, problems: problems))
        }
        return Screening.PanelVerification(panel: name, reference: reference.sourceName, sites: outcomes,
                                           panelProblems: overlapProblems())
    }

    /// Problems between sites: identical sites, and any overlap of reference spans where one site is an indel
    /// (their haplotypes cannot be told apart independently).
    public func overlapProblems() -> [String] {
        var problems: [String] = []
        let sorted = sites.sorted { ($0.chromosome, $0.position) < ($1.chromosome, $1.position) }
        for i in sorted.indices {
            for j in sorted.indices where j > i {
                let a = sorted[i], b = sorted[j]
                guard a.chromosome == b.chromosome else { continue }
                if b.position > a.referenceEnd + 1 { break }
                if a.position == b.position && a.reference == b.reference && a.alternate == b.alternate {
                    problems.append("sites \(a.id) and \(b.id) are the same variant")
                    continue
                }
                let isIndel = a.kind == .deletion || a.kind == .insertion || b.kind == .deletion || b.kind == .insertion
                // Spans exclude the shared anchor base of indels: an event starts after its anchor.
                let aStart = a.kind == .snv || a.kind == .mnv ? a.position : a.position + 1
                let bStart = b.kind == .snv || b.kind == .mnv ? b.position : b.position + 1
                let aEnd = max(a.referenceEnd, aStart), bEnd = max(b.referenceEnd, bStart)
                if isIndel && aStart <= bEnd && bStart <= aEnd {
                    problems.append("overlapping indels: \(a.id) (\(a.chromosome):\(a.position)-\(a.referenceEnd)) and \(b.id) (\(b.chromosome):\(b.position)-\(b.referenceEnd))")
                }
            }
        }
        return problems
    }

    /// The left-aligned form of an indel site (shifting left while the haplotype is unchanged), or `nil` for SNVs/MNVs.
    func leftAlignedForm(of site: Screening.Site, reference: some Screening.ReferenceSource) throws
        -> (position: Int, reference: String, alternate: String)? {
        guard site.kind == .deletion || site.kind == .insertion else { return nil }
        let windowStart = max(1, site.position - 500)
        guard let fetched = try reference.fetch(chromosome: site.chromosome, start: windowStart, end: site.position),
              fetched.bases.count == site.position - fetched.start + 1 else { return nil }
        let left = fetched.bases   // left[k] is position fetched.start + k; last is the anchor
        var event = Array((site.kind == .deletion ? site.reference : site.alternate).utf8.dropFirst())
        var anchorIndex = left.count - 1
        // Shift left while the anchor base equals the event's last base (rotate the event).
        while anchorIndex > 0 && left[anchorIndex] == event[event.count - 1] {
            event.insert(event.removeLast(), at: 0)
            anchorIndex -= 1
        }
        let position = fetched.start + anchorIndex
        let anchor = String(UnicodeScalar(left[anchorIndex]))
        let eventText = String(decoding: event, as: UTF8.self)
        return site.kind == .deletion ? (position, anchor + eventText, anchor) : (position, anchor, anchor + eventText)
    }
}
