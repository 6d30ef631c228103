import Foundation

extension Screening {
    /// Genotypes a panel straight from FASTQ, without alignment.
    ///
    /// Every read is streamed once through a ``Kmer/QuerySet`` holding the allele-specific k-mers of all sites
    /// (both strands). A read supports an allele at a site when it contains k-mers of that allele only; a read with
    /// k-mers of both alleles counts as "other". The read's quality is the lowest base quality over the bases
    /// where the alleles differ (no MAPQ), and the counts go through the same ``GenotypeModel`` as the BAM path.
    /// Paired files are read in parallel (one thread per file).
    public struct KmerGenotyper: Sendable {
        /// The prepared panel.
        public let prepared: PreparedPanel
        /// The genotype model.
        public let model: GenotypeModel
        let querySet: Kmer.QuerySet

        /// Builds the k-mer query set of a prepared panel.
        /// - Throws: `SeqError` when a site has no allele-specific k-mers.
        public init(prepared: PreparedPanel, model: GenotypeModel = GenotypeModel()) throws {
            try prepared.requireKmers()
            self.prepared = prepared; self.model = model
            querySet = try Kmer.QuerySet(k: prepared.k, canonical: true,
                                         entries: prepared.kmers.enumerated().map { ($0.element.kmer, UInt32($0.offset)) },
                                         duplicates: .reject)
        }

        /// Screens one sample from its FASTQ file(s).
        /// - Parameters:
        ///   - sampleID: the sample id.
        ///   - paths: one file (single-end or interleaved) or two (R1, R2); plain, gzip or BGZF.
        ///   - threads: threads to use (paired files are read concurrently when ≥ 2).
        /// - Returns: the result.
        /// - Throws: `SeqError` when a file cannot be read or is malformed (with file, line and record).
        public func screen(sampleID: String, fastq paths: [String], threads: Int = 1) throws -> SampleResult {
            let started = Date()
            var total = [SiteEvidence](repeating: SiteEvidence(), count: prepared.sites.count)
            var reads = 0
            if paths.count > 1 && threads > 1 {
                let results = try ConcurrentRuns.map(paths, width: min(threads, paths.count)) { path in
                    try self.scan(path: path, decompressionThreads: 1)
                }
                for (evidence, count) in results {
                    for i in total.indices { total[i].merge(evidence[i]) }
                    reads += count
                }
            } else {
                for path in paths {
                    let (evidence, count) = try scan(path: path, decompressionThreads: max(1, threads))
                    for i in total.indices { total[i].merge(evidence[i]) }
                    reads += count
                }
            }
            return SampleResult(sampleID: sampleID, panel: prepared.panel, method: "fastq", inputs: paths, model: model,
                                evidence: total, readsProcessed: reads, seconds: Date().timeIntervalSince(started))
        }

        /// Counts allele support in one FASTQ file.
        func scan(path: String, decompressionThreads: Int) throws -> ([SiteEvidence], Int) {
            let reader = try SequenceReader(path: path, threads: decompressionThreads)
            var evidence = [SiteEvidence](repeating: SiteEvidence(), count: prepared.sites.count)
            let kmers = prepared.kmers
            let k = prepared.k
            let set = querySet
            let model = self.model
            // Per-read hits: site index -> (ref hits, alt hits, quality, reverse)
            var hitSites: [Int] = []
            var refHits = [Int](repeating: 0, count: prepared.sites.count)
            var altHits = [Int](repeating: 0, count: prepared.sites.count)
            var quality = [Int](repeating: 0, count: prepared.sites.count)
            var reverse = [Bool](repeating: false, count: prepared.sites.count)
            var reads = 0
            while try reader.withNextRecord({ view in
                reads += 1
                let qualities = view.qualityScores
                set.forEachMatch(in: view.sequence) { match in
                    let entry = kmers[Int(match.payload)]
                    let site = Int(entry.payload >> 1)
                    let lo: Int, hi: Int
                    if match.isReverseComplement {
                        lo = match.position + k - 1 - entry.differenceEnd; hi = match.position + k - 1 - entry.differenceStart
                    } else {
                        lo = match.position + entry.differenceStart; hi = match.position + entry.differenceEnd
                    }
                    var q = 255
                    if qualities.count > hi { for i in lo...hi { q = min(q, Int(qualities[i]) - 33) } } else { q = 30 }
                    if refHits[site] == 0 && altHits[site] == 0 {
                        hitSites.append(site); quality[site] = q; reverse[site] = match.isReverseComplement
                    } else {
                        quality[site] = max(quality[site], q)
                    }
                    if entry.payload & 1 == 0 { refHits[site] += 1 } else { altHits[site] += 1 }
                }
                if hitSites.isEmpty { return }
                for site in hitSites {
                    let allele: ReadAllele = refHits[site] > 0 && altHits[site] > 0 ? .other : refHits[site] > 0 ? .reference : .alternate
                    if quality[site] < model.minimumBaseQuality {
                        evidence[site].filteredCount += 1
                    } else {
                        evidence[site].add(allele, quality: model.readQuality(baseQuality: quality[site], mappingQuality: nil),
                                           reverseStrand: reverse[site])
                    }
                    refHits[site] = 0; altHits[site] = 0
                }
                hitSites.removeAll(keepingCapacity: true)
            }) != nil {}
            return (evidence, reads)
        }
    }

    /// Runs work items on a fixed number of threads, keeping input order in the results.
    enum ConcurrentRuns {
        static func map<T: Sendable, R: Sendable>(_ items: [T], width: Int, _ body: @escaping @Sendable (T) throws -> R) throws -> [R] {
            let box = ResultBox<R>(count: items.count)
            let queue = DispatchQueue(label: "gx.screening.runs", attributes: .concurrent)
            let group = DispatchGroup()
            let semaphore = DispatchSemaphore(value: max(1, width))
            for (index, item) in items.enumerated() {
                semaphore.wait()
                group.enter()
                queue.async {
                    defer { semaphore.signal(); group.leave() }
                    box.set(index, Result { try body(item) })
                }
            }
            group.wait()
            return try box.values().map { try $0.get() }
        }

        final class ResultBox<R: Sendable>: @unchecked Sendable {
            private let lock = NSLock()
            private var storage: [Result<R, any Error>?]
            init(count: Int) { storage = Array(repeating: nil, count: count) }
            func set(_ index: Int, _ value: Result<R, any Error>) { lock.lock(); storage[index] = value; lock.unlock() }
            func values() -> [Result<R, any Error>] { lock.lock(); defer { lock.unlock() }; return storage.map { $0! } }
        }
    }
}
