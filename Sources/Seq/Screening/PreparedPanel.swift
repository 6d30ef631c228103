extension Screening {
    /// A panel checked against reference sequence and prepared for genotyping: for every site, the reference span a
    /// read must cover to be informative (indels: the whole repeat the event can slide in), and the allele-specific
    /// k-mers for the FASTQ path. Immutable and `Sendable`: prepare once, genotype many samples in parallel.
    public struct PreparedPanel: Sendable {
        /// One prepared site.
        public struct PreparedSite: Sendable {
            /// The panel site.
            public var site: Site
            /// For indels, the 1-based reference positions at which the event may start in an alignment (the first
            /// deleted base, or the base after which the insertion sits plus one); for SNV/MNV the site position.
            public var eventStarts: ClosedRange<Int>
            /// The deleted or inserted bases in left-aligned form (empty for SNV/MNV).
            public var eventBases: [UInt8]
            /// 1-based inclusive reference span a read must cover, with no other event inside, to count as REF.
            public var informativeSpan: ClosedRange<Int>
            /// The reference haplotype around the site (for k-mers) and its first 1-based position.
            public var referenceHaplotype: [UInt8]
            /// The alternative haplotype around the site.
            public var alternateHaplotype: [UInt8]
            /// The 1-based position of the first haplotype base.
            public var haplotypeStart: Int
            /// The number of allele-specific k-mers kept for REF and ALT.
            public var kmerCounts: (reference: Int, alternate: Int)
        }

        /// The panel.
        public var panel: Panel
        /// The prepared sites, in panel order.
        public var sites: [PreparedSite]
        /// The verification against the reference.
        public var verification: PanelVerification
        /// The k-mer length of the FASTQ path.
        public var k: Int
        /// The allele-specific k-mers: packed k-mer, payload (`siteIndex * 2 + allele`, allele 0 = REF, 1 = ALT) and
        /// the 0-based span (inclusive) of the k-mer, in its given orientation, that differs between the alleles.
        public var kmers: [(kmer: UInt64, payload: UInt32, differenceStart: Int, differenceEnd: Int)]
        /// Where the reference came from.
        public var referenceName: String
        /// Bases of reference scanned to check that the k-mers are unique (all the sequence the source holds).
        public var genomeScanned: Int = 0

        /// Prepares a panel: verifies it against the reference (throwing if it disagrees), computes the informative
        /// spans and selects allele-specific k-mers unique in the region.
        /// - Parameters:
        ///   - panel: the panel.
        ///   - reference: the reference (a FASTA or the bundled flanks).
        ///   - k: the k-mer length (≤ 32).
        ///   - flank: bases of reference taken on each side of a site for the k-mer haplotypes and uniqueness check.
        ///   - selectKmers: select the FASTQ path's k-mers (a scan of all the reference's sequence); the BAM path
        ///     does not need them.
        /// - Throws: `SeqError` `.invalidPanel` when the panel disagrees with the reference or a site has no usable k-mer.
        public init(panel: Panel, reference: some ReferenceSource, k: Int = 31, flank: Int = 500, selectKmers: Bool = true) throws {
            let verification = try panel.verify(against: reference)
            try verification.throwIfInvalid()
            self.panel = panel; self.verification = verification; self.k = k; self.referenceName = reference.sourceName
            var prepared: [PreparedSite] = []
            for site in panel.sites {
                guard let fetched = try reference.fetch(chromosome: site.chromosome, start: max(1, site.position - flank),
                                                        end: site.referenceEnd + flank) else {
                    throw SeqError(.invalidPanel, "site \(site.id): no reference sequence around \(site.chromosome):\(site.position)")
                }
                prepared.append(Self.prepare(site: site, window: fetched.bases, windowStart: fetched.start, k: k))
            }
            guard selectKmers else {
                kmers = []
                sites = prepared
                return
            }
            // Allele-specific k-mers: in one allele's haplotype and not the other's, once only in it, and not shared
            // between sites; then, over every contig the reference holds (both strands: canonical), a REF k-mer must
            // occur exactly once (its own place) and an ALT k-mer nowhere, so that reads from elsewhere in the genome
            // cannot support either allele.
            var candidates: [(UInt64, UInt64, UInt32, Int, Int)] = []   // canonical, as-given, payload, diff span
            var owners: [UInt64: Set<UInt32>] = [:]
            for (index, site) in prepared.enumerated() {
                let refKmers = Self.canonicalKmers(site.referenceHaplotype, k: k)
                let altKmers = Self.canonicalKmers(site.alternateHaplotype, k: k)
                let refSet = Dictionary(refKmers.map { ($0.canonical, 1) }, uniquingKeysWith: +)
                let altSet = Dictionary(altKmers.map { ($0.canonical, 1) }, uniquingKeysWith: +)
                let (diffRef, diffAlt) = Self.differenceSpans(site)
                for (allele, list, own, other, diff) in [(0, refKmers, refSet, altSet, diffRef), (1, altKmers, altSet, refSet, diffAlt)] {
                    for kmer in list where own[kmer.canonical] == 1 && other[kmer.canonical] == nil {
                        let payload = UInt32(index * 2 + allele)
                        let start = max(0, diff.lowerBound - kmer.position), end = min(k - 1, diff.upperBound - kmer.position)
                        guard start <= end else { continue }
                        candidates.append((kmer.canonical, kmer.forward, payload, start, end))
                        owners[kmer.canonical, default: []].insert(UInt32(index))
                    }
                }
            }
            let genomeCounts = try Self.genomeOccurrences(of: candidates.map(\.0), k: k, in: reference)
            candidates = candidates.filter { candidate in
                let expected: UInt32 = candidate.2 & 1 == 0 ? 1 : 0
                return owners[candidate.0]!.count == 1 && genomeCounts[candidate.0, default: 0] == expected
            }
            genomeScanned = genomeCounts.isEmpty ? 0 : reference.heldLength
            kmers = candidates.map { ($0.1, $0.2, $0.3, $0.4) }
            for index in prepared.indices {
                let refCount = kmers.filter { $0.payload == UInt32(index * 2) }.count
                let altCount = kmers.filter { $0.payload == UInt32(index * 2 + 1) }.count
                prepared[index].kmerCounts = (refCount, altCount)
            }
            sites = prepared
        }

        /// Throws unless every site has allele-specific k-mers for both alleles (needed by the FASTQ path).
        /// - Throws: `SeqError` `.invalidPanel` naming the sites without k-mers.
        public func requireKmers() throws {
            let missing = sites.filter { $0.kmerCounts.reference == 0 || $0.kmerCounts.alternate == 0 }.map(\.site.id)
            guard missing.isEmpty else {
                throw SeqError(.invalidPanel, "no \(k)-mers unique in the region for site(s) \(missing.joined(separator: ", ")); the FASTQ path cannot genotype them (use --bam)")
            }
        }

        /// Counts, over all sequence the reference holds (both strands), how often each canonical k-mer occurs.
        static func genomeOccurrences(of canonical: [UInt64], k: Int, in reference: some ReferenceSource) throws
            -> [UInt64: UInt32] {
            let distinct = Array(Set(canonical))
            guard !distinct.isEmpty else { return [:] }
            let set = try Kmer.QuerySet(k: k, canonical: true, entries: distinct.enumerated().map { ($0.element, UInt32($0.offset)) },
                                        duplicates: .reject)
            var counts = [UInt32](repeating: 0, count: distinct.count)
            try reference.forEachContig { _, bases in
                _ = set.countMatches(in: bases, into: &counts)
            }
            var out: [UInt64: UInt32] = [:]
            for (index, kmer) in distinct.enumerated() { out[kmer] = counts[index] }
            return out
        }

        static func canonicalKmers(_ bases: [UInt8], k: Int) -> [(position: Int, forward: UInt64, canonical: UInt64)] {
            var out: [(position: Int, forward: UInt64, canonical: UInt64)] = []
            guard bases.count >= k else { return out }
            for start in 0...(bases.count - k) {
                guard let forward = Kmer.encode(bases[start..<(start + k)]) else { continue }
                out.append((start, forward, Kmer.canonical(forward, k: k)))
            }
            return out
        }

        /// The 0-based haplotype spans where REF and ALT differ (for per-read base quality lookup).
        static func differenceSpans(_ site: PreparedSite) -> (ClosedRange<Int>, ClosedRange<Int>) {
            let offset = site.site.position - site.haplotypeStart
            switch site.site.kind {
            case .snv, .mnv:
                let span = offset...(offset + site.site.reference.utf8.count - 1)
                return (span, span)
            case .deletion:
                // REF: the deleted bases; ALT: the two bases either side of the junction.
                let n = site.eventBases.count
                let slide = site.eventStarts.upperBound - site.eventStarts.lowerBound
                return ((offset + 1)...(offset + n + slide), offset...(offset + 1 + slide))
            case .insertion:
                let n = site.eventBases.count
                let slide = site.eventStarts.upperBound - site.eventStarts.lowerBound
                return (offset...(offset + 1 + slide), (offset + 1)...(offset + n + slide))
            }
        }

        static func prepare(site: Site, window: [UInt8], windowStart: Int, k: Int) -> PreparedSite {
            let offset = site.position - windowStart
            let refLength = site.reference.utf8.count
            var alt = Array(window[..<offset])
            alt += Array(site.alternate.utf8)
            alt += Array(window[(offset + refLength)...])
            func base(_ position: Int) -> UInt8? {
                let i = position - windowStart
                return i >= 0 && i < window.count ? window[i] : nil
            }
            switch site.kind {
            case .snv, .mnv:
                return PreparedSite(site: site, eventStarts: site.position...site.position, eventBases: [],
                                    informativeSpan: site.position...site.referenceEnd, referenceHaplotype: window,
                                    alternateHaplotype: alt, haplotypeStart: windowStart, kmerCounts: (0, 0))
            case .deletion, .insertion:
                let event = Array((site.kind == .deletion ? site.reference : site.alternate).utf8.dropFirst())
                let n = event.count
                // Slide right while the rotated event still gives the same haplotype.
                var slide = 0
                var rotated = event
                while true {
                    let next = site.position + 1 + slide + (site.kind == .deletion ? n : 0)
                    guard let b = base(next), b == rotated[0] else { break }
                    rotated.append(rotated.removeFirst())
                    slide += 1
                }
                let eventStart = site.position + 1
                let spanEnd = site.kind == .deletion ? site.position + n + slide + 1 : site.position + slide + 1
                return PreparedSite(site: site, eventStarts: eventStart...(eventStart + slide), eventBases: event,
                                    informativeSpan: site.position...spanEnd, referenceHaplotype: window,
                                    alternateHaplotype: alt, haplotypeStart: windowStart, kmerCounts: (0, 0))
            }
        }
    }
}
