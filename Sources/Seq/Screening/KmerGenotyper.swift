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
        ///
        /// With two files (R1, R2) the mates are paired by their order in the files, and a pair whose two mates
        /// both cover a site counts once there (as bcftools counts an overlapping pair once): its allele is the one
        /// both mates support (`other` when they disagree), weighed by the better mate's quality.
        /// - Parameters:
        ///   - sampleID: the sample id.
        ///   - paths: one file (single-end) or two (R1, R2); plain, gzip or BGZF.
        ///   - threads: threads to use (the two files are scanned concurrently when ≥ 2).
        /// - Returns: the result.
        /// - Throws: `SeqError` when a file cannot be read or is malformed (with file, line and record), or when
        ///   the two files hold different numbers of reads.
        public func screen(sampleID: String, fastq paths: [String], threads: Int = 1) throws -> SampleResult {
            guard paths.count == 1 || paths.count == 2 else {
                throw SeqError(.invalidArgument, "sample \(sampleID): give one FASTQ file or two (R1, R2), not \(paths.count)")
            }
            let started = Date()
            let scans: [FileScan]
            if paths.count == 2 && threads > 1 {
                scans = try ParallelMap.map(paths, width: 2) { path in try self.scan(path: path, decompressionThreads: max(1, threads / 2)) }
            } else {
                scans = try paths.map { try scan(path: $0, decompressionThreads: threads) }
            }
            if scans.count == 2 && scans[0].reads != scans[1].reads {
                throw SeqError(.pairing, "\(paths[0]) holds \(scans[0].reads) reads but \(paths[1]) holds \(scans[1].reads): mate files must pair read for read",
                               position: .init(file: paths[1]))
            }
            var total = [SiteEvidence](repeating: SiteEvidence(), count: prepared.sites.count)
            func count(_ hit: ReadHit) {
                let site = Int(hit.site)
                let allele: ReadAllele = hit.referenceHits > 0 && hit.alternateHits > 0 ? .other : hit.referenceHits > 0 ? .reference : .alternate
                if Int(hit.quality) < model.minimumBaseQuality {
                    total[site].filteredCount += 1
                } else {
                    total[site].add(allele, quality: model.readQuality(baseQuality: Int(hit.quality), mappingQuality: nil),
                                    reverseStrand: hit.reverseStrand)
                }
            }
            if scans.count == 1 {
                scans[0].hits.forEach(count)
            } else {
                // Both lists are sorted by (read, site): merge, joining a pair's two hits at the same site.
                let first = scans[0].hits, second = scans[1].hits
                var i = 0, j = 0
                while i < first.count || j < second.count {
                    if j == second.count || (i < first.count && first[i].precedes(second[j])) { count(first[i]); i += 1; continue }
                    if i == first.count || second[j].precedes(first[i]) { count(second[j]); j += 1; continue }
                    var joined = first[i]
                    joined.referenceHits &+= second[j].referenceHits
                    joined.alternateHits &+= second[j].alternateHits
                    joined.quality = max(joined.quality, second[j].quality)
                    count(joined)
                    i += 1; j += 1
                }
            }
            return SampleResult(sampleID: sampleID, panel: prepared.panel, method: "fastq", inputs: paths, model: model,
                                evidence: total, readsProcessed: scans.reduce(0) { $0 + $1.reads },
                                seconds: Date().timeIntervalSince(started))
        }

        /// One read's support at one site.
        struct ReadHit: Sendable {
            /// The 0-based read number in its file (the pair number for paired files).
            var read: Int
            /// The site index.
            var site: Int32
            /// Allele-specific k-mers of REF and ALT found in the read.
            var referenceHits: UInt16
            var alternateHits: UInt16
            /// The best (over k-mers) lowest base quality over the bases where the alleles differ.
            var quality: UInt8
            /// True when the read is the reverse complement of the plus strand.
            var reverseStrand: Bool

            func precedes(_ other: ReadHit) -> Bool { read != other.read ? read < other.read : site < other.site }
        }

        /// The hits of one file, sorted by (read, site), and the number of reads.
        struct FileScan: Sendable {
            var hits: [ReadHit]
            var reads: Int
        }

        /// Streams one FASTQ file through the k-mer set.
        func scan(path: String, decompressionThreads: Int) throws -> FileScan {
            let reader = try SequenceReader(path: path, threads: decompressionThreads)
            let siteCount = prepared.sites.count
            let kmers = prepared.kmers
            let k = prepared.k
            let set = querySet
            var hits: [ReadHit] = []
            var hitSites: [Int] = []
            var refHits = [Int](repeating: 0, count: siteCount)
            var altHits = [Int](repeating: 0, count: siteCount)
            var quality = [Int](repeating: 0, count: siteCount)
            var reverse = [Bool](repeating: false, count: siteCount)
            var reads = 0
            while try reader.withNextRecord({ view in
                let readIndex = reads
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
                    if qualities.count > hi { for i in lo...hi { q = min(q, Int(qualities[i]) &- 33) } } else { q = 30 }
                    if refHits[site] == 0 && altHits[site] == 0 {
                        hitSites.append(site); quality[site] = q; reverse[site] = match.isReverseComplement
                    } else {
                        quality[site] = max(quality[site], q)
                    }
                    if entry.payload & 1 == 0 { refHits[site] += 1 } else { altHits[site] += 1 }
                }
                if hitSites.isEmpty { return }
                if hitSites.count > 1 { hitSites.sort() }
                for site in hitSites {
                    hits.append(ReadHit(read: readIndex, site: Int32(site), referenceHits: UInt16(min(refHits[site], 65_535)),
                                        alternateHits: UInt16(min(altHits[site], 65_535)), quality: UInt8(max(0, min(quality[site], 255))),
                                        reverseStrand: reverse[site]))
                    refHits[site] = 0; altHits[site] = 0
                }
                hitSites.removeAll(keepingCapacity: true)
            }) != nil {}
            return FileScan(hits: hits, reads: reads)
        }
    }
}
