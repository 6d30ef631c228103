import Foundation

extension Screening {
    /// Genotypes a panel from an indexed BAM/CRAM, and the counts go through ``GenotypeModel``.
    ///
    /// SNV sites are read from ``Alignment/Pileup`` columns (htslib-style: an overlapping mate pair counts once).
    /// Indel and MNV sites need each read judged over the whole span the event can slide in (a deletion in a
    /// repeat may be placed anywhere in it by the aligner), which a column cannot tell: for them every read of an
    /// index query over the span is classified from its CIGAR, and when both mates cover the span the first seen
    /// counts.
    ///
    /// Reads are skipped when unmapped, secondary, QC-fail or duplicate (as `bcftools mpileup`); reads below the
    /// model's MAPQ or base-quality minimum are counted as filtered.
    public struct AlignmentGenotyper: Sendable {
        /// The prepared panel.
        public let prepared: PreparedPanel
        /// The genotype model.
        public let model: GenotypeModel

        /// Creates a genotyper.
        public init(prepared: PreparedPanel, model: GenotypeModel = GenotypeModel()) {
            self.prepared = prepared; self.model = model
        }

        /// Screens one sample from an indexed BAM/CRAM.
        /// - Parameters:
        ///   - sampleID: the sample id.
        ///   - path: the BAM/CRAM (with `.bai`/`.csi`/`.crai`).
        ///   - referencePath: the FASTA for CRAM decoding (optional for BAM).
        /// - Returns: the result.
        /// - Throws: `SeqError` when the file cannot be read, has no index, lacks a panel contig, or its contig
        ///   lengths belong to another build.
        public func screen(sampleID: String, alignments path: String, referencePath: String? = nil) throws -> SampleResult {
            let started = Date()
            let reader = try Alignment.Reader(path: path, referencePath: referencePath)
            guard reader.hasIndex else {
                throw SeqError(.missingIndex, "no index (.bai/.csi/.crai) for \(path); run: samtools index \(path)", position: .init(file: path))
            }
            var contigIDs: [String: Int] = [:]
            for site in prepared.panel.sites where contigIDs[site.chromosome] == nil {
                guard let id = Self.contigID(for: site.chromosome, in: reader.header) else {
                    let names = reader.header.referenceSequences.prefix(8).map(\.name).joined(separator: ", ")
                    throw SeqError(.reference, "\(path) has no contig \(site.chromosome) (or its alias) for panel site \(site.id); contigs: \(names)…", position: .init(file: path))
                }
                let contig = reader.header.referenceSequences[id]
                if let why = GenomeBuild.mismatch(chromosome: contig.name, length: contig.length, build: prepared.panel.build) {
                    throw SeqError(.reference, "\(path) is not \(prepared.panel.build): \(why)", position: .init(file: path))
                }
                contigIDs[site.chromosome] = id
            }
            var evidence = [SiteEvidence](repeating: SiteEvidence(), count: prepared.sites.count)
            var reads = 0
            // SNVs: one pileup column per site (htslib-style: an overlapping mate pair counts once).
            let snvIndices = prepared.sites.indices.filter { prepared.sites[$0].site.kind == .snv }
            if !snvIndices.isEmpty {
                var filter = Alignment.PileupFilter(minimumBaseQuality: model.minimumBaseQuality, minimumMappingQuality: 0)
                filter.collectReads = true
                let pileup = Alignment.Pileup(reader: reader, filter: filter)
                let loci = snvIndices.map { index in
                    Alignment.Locus(referenceName: reader.header.referenceSequences[contigIDs[prepared.sites[index].site.chromosome]!].name,
                                    position: prepared.sites[index].site.position)
                }
                let columns = try pileup.columns(at: loci)
                for (index, column) in zip(snvIndices, columns) {
                    evidence[index] = Self.evidence(from: column, site: prepared.sites[index].site, model: model)
                    reads += column.reads.count + column.lowBaseQualityCount
                }
            }
            // Indels and MNVs: each read is judged over the whole span the event can slide in.
            for (index, site) in prepared.sites.enumerated() where site.site.kind != .snv {
                var e = SiteEvidence()
                let span = site.informativeSpan
                try reader.query(referenceSequenceID: contigIDs[site.site.chromosome]!, start: span.lowerBound - 1, end: span.upperBound)
                var seen = Set<String>()
                while let read = try reader.next() {
                    reads += 1
                    let flags = read.flags
                    if !flags.isDisjoint(with: Alignment.Flags.pileupDefaultExcluded) { continue }
                    guard let (allele, baseQuality) = Self.classify(read, at: site) else { continue }
                    if flags.contains(.paired) {
                        let name = read.name
                        if seen.contains(name) { continue }
                        seen.insert(name)
                    }
                    if Int(read.mappingQuality) < model.minimumMappingQuality || baseQuality < model.minimumBaseQuality {
                        e.filteredCount += 1
                        continue
                    }
                    e.add(allele, quality: model.readQuality(baseQuality: baseQuality, mappingQuality: Int(read.mappingQuality)),
                          reverseStrand: flags.contains(.reverseStrand))
                }
                evidence[index] = e
            }
            var result = SampleResult(sampleID: sampleID, panel: prepared.panel, method: "bam", inputs: [path], model: model,
                                      evidence: evidence, readsProcessed: reads, seconds: Date().timeIntervalSince(started))
            result.contigLengths = Dictionary(uniqueKeysWithValues: contigIDs.map { ($0.key, reader.header.referenceSequences[$0.value].length) })
            return result
        }

        /// The evidence at an SNV site from its pileup column: each read's base is REF, ALT or other; reads below
        /// the MAPQ minimum and bases below the BQ minimum (including the zeroed base of an overlapping mate) are
        /// counted as filtered.
        static func evidence(from column: Alignment.PileupColumn, site: Site, model: GenotypeModel) -> SiteEvidence {
            var e = SiteEvidence()
            e.filteredCount = column.lowBaseQualityCount
            let reference = site.reference.utf8.first!, alternate = site.alternate.utf8.first!
            for read in column.reads {
                if Int(read.mappingQuality) < model.minimumMappingQuality { e.filteredCount += 1; continue }
                let base = read.base & 0xDF
                let allele: ReadAllele = base == reference ? .reference : base == alternate ? .alternate : .other
                let quality = read.base == UInt8(ascii: "*") ? model.minimumBaseQuality : Int(read.baseQuality)
                e.add(allele, quality: model.readQuality(baseQuality: quality, mappingQuality: Int(read.mappingQuality)),
                      reverseStrand: read.isReverseStrand)
            }
            return e
        }

        /// The header index of a contig, trying the `chr`-prefixed and unprefixed names and `MT`/`chrM`.
        static func contigID(for chromosome: String, in header: Alignment.Header) -> Int? {
            if let id = header.referenceSequenceID(named: chromosome) { return id }
            let bare = GenomeBuild.canonicalName(chromosome)
            let aliases = bare == "M" ? ["chrM", "MT", "M", "chrMT"] : [bare, "chr" + bare]
            for alias in aliases { if let id = header.referenceSequenceID(named: alias) { return id } }
            return nil
        }

        /// Classifies one read at one site: the allele it supports and the base quality that weighs it, or `nil`
        /// when the read does not cover what it must (not informative).
        static func classify(_ read: Alignment.RecordView, at site: PreparedPanel.PreparedSite) -> (ReadAllele, Int)? {
            // Work in 1-based reference coordinates.
            var referencePosition = read.alignmentStart + 1
            var queryPosition = 0
            let span = site.informativeSpan
            let firstAligned = referencePosition
            var lastAligned = referencePosition - 1
            var events: [(isDeletion: Bool, position: Int, length: Int, queryStart: Int)] = []
            // query index of each reference position in the span (-1: deleted)
            var spanQuery = [Int](repeating: -2, count: span.count)
            for i in 0..<read.cigarCount {
                let op = read.cigarOperation(at: i)
                switch op.kind {
                case .match, .sequenceMatch, .sequenceMismatch:
                    for j in 0..<op.length {
                        let r = referencePosition + j
                        if span.contains(r) { spanQuery[r - span.lowerBound] = queryPosition + j }
                    }
                    referencePosition += op.length; queryPosition += op.length
                    lastAligned = referencePosition - 1
                case .deletion, .skip:
                    for j in 0..<op.length {
                        let r = referencePosition + j
                        if span.contains(r) { spanQuery[r - span.lowerBound] = -1 }
                    }
                    if op.kind == .deletion && referencePosition > span.lowerBound && referencePosition <= span.upperBound {
                        events.append((true, referencePosition, op.length, queryPosition))
                    }
                    referencePosition += op.length
                    lastAligned = referencePosition - 1
                case .insertion:
                    if referencePosition > span.lowerBound && referencePosition <= span.upperBound {
                        events.append((false, referencePosition, op.length, queryPosition))
                    }
                    queryPosition += op.length
                case .softClip:
                    queryPosition += op.length
                case .hardClip, .padding:
                    break
                }
            }
            guard firstAligned <= span.lowerBound && lastAligned >= span.upperBound else { return nil }
            func quality(_ q: Int) -> Int { q >= 0 && q < read.sequenceLength ? Int(read.qualityScore(at: q)) : 0 }
            switch site.site.kind {
            case .snv, .mnv:
                guard spanQuery.allSatisfy({ $0 >= 0 }) else { return (.other, quality(spanQuery.first { $0 >= 0 } ?? -1)) }
                let bases = spanQuery.map { read.base(at: $0) & 0xDF }
                let q = spanQuery.map(quality).min() ?? 0
                if bases.elementsEqual(site.site.reference.utf8) { return (.reference, q) }
                if bases.elementsEqual(site.site.alternate.utf8) { return (.alternate, q) }
                return (.other, q)
            case .deletion, .insertion:
                let isDeletion = site.site.kind == .deletion
                if events.isEmpty {
                    // REF: the base after the anchor weighs the read.
                    let q = spanQuery.count > 1 && spanQuery[1] >= 0 ? quality(spanQuery[1]) : quality(spanQuery[0])
                    return (.reference, q)
                }
                guard events.count == 1, let event = events.first, event.isDeletion == isDeletion,
                      event.length == site.eventBases.count, site.eventStarts.contains(event.position) else {
                    return (.other, quality(events[0].queryStart))
                }
                if isDeletion {
                    return (.alternate, min(quality(event.queryStart - 1), quality(event.queryStart)))
                }
                // Insertion: the inserted bases must be the event rotated by the shift.
                let shift = event.position - site.eventStarts.lowerBound
                let n = site.eventBases.count
                var matches = true
                var q = 99
                for j in 0..<n {
                    let expected = site.eventBases[(j + shift) % n]
                    if read.base(at: event.queryStart + j) & 0xDF != expected { matches = false }
                    q = min(q, quality(event.queryStart + j))
                }
                return (matches ? .alternate : .other, q)
            }
        }
    }
}
