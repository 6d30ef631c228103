import Foundation

extension NIPT {
    /// Builds a ``ReferenceSet`` from euploid samples (`gxtool nipt reference`).
    ///
    /// Steps: mask bins (blacklist, N fraction, GC unknown, coverage under 5 % of the median as WisecondorX);
    /// GC-correct every sample; leave out samples with too few reads, an autosome whose fraction is an outlier
    /// against the others (leave-one-out |z| above ``ReferenceSet/Parameters/outlierZ``), or an unusually noisy
    /// profile (noise above median + 5 MAD); split fetal sex from chrY; fit the chosen ``Normalization``; and
    /// tabulate the null distributions (autosomes from all samples, chrX from female pregnancies only).
    public enum ReferenceBuilder {
        /// Builds the reference set.
        ///
        /// - Parameters:
        ///   - samples: bin counts of the euploid reference samples (same bins as `annotation`).
        ///   - sources: a name per sample for messages (file paths).
        ///   - annotation: GC / N fraction per bin of the reference genome.
        ///   - blacklist: regions to mask, if any.
        ///   - parameters: build parameters.
        ///   - threads: worker threads for the neighbour search.
        ///   - progress: called with a short status line.
        /// - Throws: ``SeqError`` `.invalidPanel` when fewer than 10 samples remain after QC or fewer than 3
        ///   female pregnancies are left for chrX, `.reference`/`.invalidPanel` for samples counted on other bins.
        public static func build(samples: [BinCounts], sources: [String], annotation: BinAnnotation, blacklist: Blacklist?,
                                 parameters: ReferenceSet.Parameters, threads: Int = 1,
                                 progress: ((String) -> Void)? = nil) throws -> ReferenceSet {
            let layout = annotation.layout
            let n = layout.binCount
            for (i, sample) in samples.enumerated() {
                guard sample.layout.binSize == layout.binSize else {
                    throw SeqError(.invalidPanel, "sample counted in \(sample.layout.binSize)-bp bins, the reference uses \(layout.binSize)-bp bins", position: .init(file: sources[i]))
                }
                try layout.checkSameReference(as: sample.layout.contigs.map { ($0.name, $0.length) }, source: sources[i], expected: "the reference FASTA")
            }
            let chromosomeOfBin = layout.chromosomeOfBin
            let isAutosome = chromosomeOfBin.map(\.isAutosome)
            let blacklisted = blacklist?.mask(for: layout) ?? [Bool](repeating: false, count: n)
            let basic = (0..<n).map { b in
                !blacklisted[b] && Double(annotation.nFraction[b]) <= parameters.maximumNFraction && !annotation.gcFraction[b].isNaN
            }
            var usable = (0..<n).map { basic[$0] && chromosomeOfBin[$0] != .y }
            let yCandidates = (0..<n).map { basic[$0] && chromosomeOfBin[$0] == .y }

            var qc: [ReferenceSet.SampleQC] = samples.map {
                .init(sample: $0.sample, reads: $0.statistics.counted, included: true, reason: "", fetalSex: "unknown",
                      fetalFractionY: nil, noiseRatio: .nan, maximumAbsoluteZ: .nan, maximumZChromosome: "")
            }
            for i in samples.indices where samples[i].statistics.counted < parameters.minimumReads {
                qc[i].included = false
                qc[i].reason = "too few reads (\(samples[i].statistics.counted) < \(parameters.minimumReads))"
            }
            func profiles(_ indices: [Int]) -> [Profile] {
                indices.map { Profile(counts: samples[$0], annotation: annotation, usable: usable, yBins: yCandidates, autosomal: isAutosome, gcSpan: parameters.gcSpan) }
            }
            progress?("GC correction of \(samples.count) samples")
            var included = samples.indices.filter { qc[$0].included }
            guard included.count >= 10 else {
                throw SeqError(.invalidPanel, "only \(included.count) reference samples have enough reads; a reference set needs at least 10 (WisecondorX advises 50 or more)")
            }
            // Coverage mask from a first pass.
            var firstPass = profiles(included)
            for b in 0..<n where usable[b] {
                let med = median(firstPass.map { $0.relative[b] })
                if !(med >= 0.05) { usable[b] = false }
            }
            firstPass = profiles(included)

            // Sex from chrY: median-based first guess, then informative bins, then coverage.
            let yBinsAll = (0..<n).filter { yCandidates[$0] }
            func yMedian(_ p: Profile) -> Double { yBinsAll.isEmpty ? 0 : median(yBinsAll.map { p.relative[$0] }) }
            var male = Dictionary(uniqueKeysWithValues: zip(included, firstPass.map { yMedian($0) >= parameters.maleYCoverage }))
            var yInformative = [Bool](repeating: false, count: n)
            func chooseYBins(_ profs: [Int: Profile]) {
                let females = included.filter { male[$0] == false }, males = included.filter { male[$0] == true }
                var maleMeans: [Double] = []
                for b in yBinsAll { maleMeans.append(males.isEmpty ? 0 : males.reduce(0) { $0 + profs[$1]!.relative[b] } / Double(males.count)) }
                let typicalMale = males.isEmpty ? 0 : median(maleMeans)
                for (i, b) in yBinsAll.enumerated() {
                    let femaleMean = females.isEmpty ? 0 : females.reduce(0) { $0 + profs[$1]!.relative[b] } / Double(females.count)
                    var ok = femaleMean < 0.02
                    if !males.isEmpty && typicalMale > 0 { ok = ok && maleMeans[i] >= 0.25 * typicalMale && maleMeans[i] <= 3 * typicalMale }
                    yInformative[b] = ok
                }
            }
            var profileByIndex = Dictionary(uniqueKeysWithValues: zip(included, firstPass))
            chooseYBins(profileByIndex)
            let yBins = (0..<n).filter { yInformative[$0] }
            func yCoverage(_ p: Profile) -> Double { yBins.isEmpty ? 0 : yBins.reduce(0) { $0 + p.relative[$1] } / Double(yBins.count) }
            for i in included { male[i] = yCoverage(profileByIndex[i]!) >= parameters.maleYCoverage }

            // Sample QC: leave-one-out autosome fraction z and noise; two rounds.
            for round in 0..<2 {
                progress?("reference QC round \(round + 1): \(included.count) samples")
                let fractions = included.map { chromosomeTotals(profileByIndex[$0]!.corrected, layout: layout, usable: usable) }
                var flagged: [Int] = []
                let medianProfile = (0..<n).map { b in usable[b] ? median(included.map { profileByIndex[$0]!.relative[b] }) : 0 }
                var noise: [Double] = []
                for (row, i) in included.enumerated() {
                    let p = profileByIndex[i]!
                    let ratios = (0..<n).compactMap { b -> Double? in usable[b] && isAutosome[b] && medianProfile[b] > 0 ? p.relative[b] / medianProfile[b] : nil }
                    noise.append(robustSD(ratios) * p.meanRawCount.squareRoot())
                    qc[i].noiseRatio = noise[row]
                    qc[i].fetalSex = male[i]! ? "male" : "female"
                    qc[i].fetalFractionY = male[i]! ? 2 * yCoverage(p) : nil
                    var worst = 0.0, worstChromosome = ""
                    for c in Chromosome.autosomes {
                        let others = fractions.enumerated().filter { $0.offset != row }.map { $0.element.fraction[c.index] }
                        let (m, sd) = meanAndSD(others)
                        guard sd > 0 else { continue }
                        let z = (fractions[row].fraction[c.index] - m) / sd
                        if abs(z) > abs(worst) { worst = z; worstChromosome = c.description }
                    }
                    qc[i].maximumAbsoluteZ = abs(worst)
                    qc[i].maximumZChromosome = worstChromosome
                    if abs(worst) > parameters.outlierZ {
                        flagged.append(i)
                        qc[i].reason = "outlier: \(worstChromosome) fraction z = \(String(format: "%.2f", worst)) against the other references"
                    }
                }
                let noiseMedian = median(noise), noiseMAD = median(noise.map { abs($0 - noiseMedian) }) * 1.4826
                for (row, i) in included.enumerated() where noise[row] > max(noiseMedian + 5 * noiseMAD, noiseMedian * 1.2) && !flagged.contains(i) {
                    flagged.append(i)
                    qc[i].reason = "noisy profile: noise \(String(format: "%.2f", noise[row])) vs reference median \(String(format: "%.2f", noiseMedian))"
                }
                if flagged.isEmpty { break }
                for i in flagged { qc[i].included = false }
                included.removeAll { flagged.contains($0) }
            }
            guard included.count >= 10 else {
                throw SeqError(.invalidPanel, "only \(included.count) reference samples passed QC; a reference set needs at least 10")
            }
            profileByIndex = profileByIndex.filter { included.contains($0.key) }
            let females = included.filter { male[$0] == false }
            let males = included.filter { male[$0] == true }
            guard females.count >= 3 else {
                throw SeqError(.invalidPanel, "only \(females.count) reference samples carry a female fetus; chrX statistics need at least 3 (WisecondorX needs 5) — add female pregnancies to the reference set")
            }
            let relatives = included.map { profileByIndex[$0]!.relative }
            let femaleRows = included.enumerated().filter { male[$0.element] == false }.map(\.offset)

            // Normalization model.
            let autosomalBins = (0..<n).filter { usable[$0] && isAutosome[$0] }
            let xBins = (0..<n).filter { usable[$0] && chromosomeOfBin[$0] == .x }
            var neighbours: [UInt32] = [], directions: [Float] = [], loadings: [Float] = []
            var width = 0
            switch parameters.normalization {
            case .gcOnly:
                break
            case .withinSample:
                var perChromosome = [Int](repeating: 0, count: 24)
                for b in autosomalBins { perChromosome[chromosomeOfBin[b].index] += 1 }
                width = min(parameters.neighbours, autosomalBins.count - (perChromosome.max() ?? 0))
                guard width >= 1 else { throw SeqError(.invalidPanel, "too few usable bins for the within-sample reference") }
                progress?("within-sample reference: \(width) reference bins for each of \(autosomalBins.count + xBins.count) bins")
                neighbours = [UInt32](repeating: 0, count: n * width)
                NeighbourSearch.find(profiles: relatives, targets: autosomalBins, candidates: autosomalBins, chromosomeOfBin: chromosomeOfBin,
                                     k: width, threads: threads, into: &neighbours, binCount: n)
                NeighbourSearch.find(profiles: femaleRows.map { relatives[$0] }, targets: xBins, candidates: autosomalBins,
                                     chromosomeOfBin: chromosomeOfBin, k: width, threads: threads, into: &neighbours, binCount: n)
            case .pca:
                width = min(parameters.components, included.count - 2)
                progress?("PCA: \(width) components over \(autosomalBins.count) bins")
                (directions, loadings) = fitPCA(relatives: relatives, femaleRows: femaleRows, autosomalBins: autosomalBins, xBins: xBins, components: width, binCount: n)
            }
            var set = ReferenceSet(
                header: .init(layout: layout, referenceFingerprint: layout.referenceFingerprint, build: layout.buildName, parameters: parameters,
                              samples: qc, chromosomes: [], yModel: .init(informativeBins: yBins.count, backgroundMean: 0, backgroundSD: 0, calibration: nil, calibrationSamples: nil),
                              fragmentModel: nil, noiseMedian: 0, noiseMAD: 0, modelWidth: width),
                flags: (0..<n).map { b in UInt8((usable[b] ? 1 : 0) | (yInformative[b] ? 2 : 0) | (isAutosome[b] ? 4 : 0)) },
                gcFraction: annotation.gcFraction, nFraction: annotation.nFraction,
                binMean: [Float](repeating: 0, count: n), binSD: [Float](repeating: 0, count: n),
                neighbours: neighbours, pcaDirections: directions, pcaLoadings: loadings)

            // Per-bin nulls (autosomes: all; X: female pregnancies), leave-one-out chromosome ratios.
            progress?("null distributions")
            let normalized = relatives.map { set.normalize($0) }
            var binMean = [Double](repeating: 0, count: n), binSD = [Double](repeating: 0, count: n)
            for b in 0..<n where usable[b] {
                let rows = isAutosome[b] ? Array(0..<included.count) : femaleRows
                let (m, sd) = meanAndSD(rows.map { normalized[$0][b] })
                binMean[b] = m; binSD[b] = sd.isNaN ? 0 : sd
            }
            set.binMean = binMean.map(Float.init)
            set.binSD = binSD.map(Float.init)
            let totals = included.map { chromosomeTotals(profileByIndex[$0]!.corrected, layout: layout, usable: usable) }
            var nulls: [ReferenceSet.ChromosomeNull] = []
            for c in Chromosome.all where c != .y {
                let rows = c.isAutosome ? Array(0..<included.count) : femaleRows
                let bins = layout.bins(of: c).filter { usable[$0] }
                let ratios = rows.map { row -> Double in
                    let size = Double(rows.count)
                    let values = bins.compactMap { b -> Double? in
                        let looMean = (binMean[b] * size - normalized[row][b]) / (size - 1)
                        return looMean > 0 ? normalized[row][b] / looMean : nil
                    }
                    return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
                }
                let ratio = meanAndSD(ratios)
                let fraction = meanAndSD(rows.map { totals[$0].fraction[c.index] })
                let denominators = ncvDenominators(for: c, totals: rows.map { totals[$0].reads })
                let ncv = meanAndSD(rows.map { ncvRatio(totals[$0].reads, c, denominators) })
                var null = ReferenceSet.ChromosomeNull(chromosome: c, ratioMean: ratio.mean, ratioSD: ratio.sd, fractionMean: fraction.mean, fractionSD: fraction.sd,
                                                       ncvDenominators: denominators, ncvMean: ncv.mean, ncvSD: ncv.sd, bins: bins.count, samples: rows.count)
                let readsPerSample = rows.map { row in bins.reduce(0) { $0 + Int(samples[included[row]].counts[$1]) } }
                null.countingVariance = readsPerSample.reduce(0.0) { $0 + ReferenceSet.ChromosomeNull.countingVariance(reads: $1) } / Double(max(1, rows.count))
                nulls.append(null)
            }
            set.header.chromosomes = nulls
            let background = meanAndSD(females.map { yCoverage(profileByIndex[$0]!) })
            // chrY calibration against the chrX-based fetal fraction of the male references.
            var calibration: Double? = nil
            let maleRows = included.enumerated().filter { male[$0.element] == true }
            if let xNull = nulls.first(where: { $0.chromosome == .x }), xNull.ratioMean > 0, maleRows.count >= 3 {
                var sxy = 0.0, sxx = 0.0
                for (row, i) in maleRows {
                    let values = xBins.compactMap { b -> Double? in binMean[b] > 0 ? normalized[row][b] / binMean[b] : nil }
                    guard !values.isEmpty else { continue }
                    let ffX = 2 * (1 - values.reduce(0, +) / Double(values.count) / xNull.ratioMean)
                    let raw = 2 * (yCoverage(profileByIndex[i]!) - background.mean)
                    sxy += ffX * raw; sxx += raw * raw
                }
                if sxx > 0, (0.3...3).contains(sxy / sxx) { calibration = sxy / sxx }
            }
            set.header.yModel = .init(informativeBins: yBins.count, backgroundMean: background.mean, backgroundSD: background.sd.isNaN ? 0 : background.sd,
                                      calibration: calibration, calibrationSamples: calibration == nil ? nil : maleRows.count)
            for i in included { qc[i].fetalFractionY = male[i]! ? (calibration ?? 1) * 2 * (yCoverage(profileByIndex[i]!) - background.mean) : nil }
            set.header.samples = qc
            let noise = included.map { qc[$0].noiseRatio }
            set.header.noiseMedian = median(noise)
            set.header.noiseMAD = median(noise.map { abs($0 - set.header.noiseMedian) }) * 1.4826

            // Fragment-size fetal-fraction model from male pregnancies.
            let training = males.compactMap { i -> (Double, Double)? in
                guard let short = samples[i].shortFragmentFraction, let ff = qc[i].fetalFractionY else { return nil }
                return (short, ff)
            }
            if training.count >= 8 { set.header.fragmentModel = fitLine(training) }
            return set
        }

        /// Per-chromosome GC-corrected totals and fractions of the autosomal total.
        static func chromosomeTotals(_ corrected: [Double], layout: BinLayout, usable: [Bool]) -> (reads: [Double], fraction: [Double]) {
            var reads = [Double](repeating: 0, count: 24)
            for (c, contig) in layout.contigs.enumerated() {
                for b in layout.bins(ofContig: c) where usable[b] { reads[contig.chromosome.index] += corrected[b] }
            }
            let autosomal = reads[0..<22].reduce(0, +)
            return (reads, reads.map { autosomal > 0 ? $0 / autosomal : 0 })
        }

        /// `reads[c] / Σ reads[denominators]`.
        static func ncvRatio(_ reads: [Double], _ c: Chromosome, _ denominators: [Chromosome]) -> Double {
            let denominator = denominators.reduce(0) { $0 + reads[$1.index] }
            return denominator > 0 ? reads[c.index] / denominator : .nan
        }

        /// Greedy forward selection (up to 6 chromosomes) of the denominator set with the lowest CV of the ratio,
        /// among autosomes other than 13, 18, 21 and the target (NIPTeR searches exhaustively; greedy is close and fast).
        static func ncvDenominators(for c: Chromosome, totals: [[Double]]) -> [Chromosome] {
            let pool = Chromosome.autosomes.filter { ![Chromosome.chr13, .chr18, .chr21, c].contains($0) }
            var chosen: [Chromosome] = []
            var best = Double.infinity
            while chosen.count < 6 {
                var candidateBest: (Chromosome, Double)? = nil
                for d in pool where !chosen.contains(d) {
                    let (m, sd) = meanAndSD(totals.map { ncvRatio($0, c, chosen + [d]) })
                    let cv = sd / m
                    if cv.isFinite, cv < (candidateBest?.1 ?? .infinity) { candidateBest = (d, cv) }
                }
                guard let (d, cv) = candidateBest, cv < best else { break }
                chosen.append(d); best = cv
            }
            return chosen.isEmpty ? pool : chosen
        }

        /// Fits PCA over the autosomal bins and per-bin loadings (autosomes: all samples; X: female pregnancies).
        static func fitPCA(relatives: [[Double]], femaleRows: [Int], autosomalBins: [Int], xBins: [Int], components: Int, binCount n: Int) -> ([Float], [Float]) {
            let s = relatives.count
            var mean = [Double](repeating: 0, count: n)
            for b in autosomalBins { mean[b] = relatives.reduce(0) { $0 + $1[b] } / Double(s) }
            var gram = [Double](repeating: 0, count: s * s)
            for i in 0..<s {
                for j in i..<s {
                    var sum = 0.0
                    for b in autosomalBins { sum += (relatives[i][b] - mean[b]) * (relatives[j][b] - mean[b]) }
                    gram[i * s + j] = sum; gram[j * s + i] = sum
                }
            }
            let eigen = LinearAlgebra.symmetricEigen(gram, n: s)
            let k = max(0, min(components, eigen.values.filter { $0 > 1e-12 }.count))
            var directions = [Float](repeating: 0, count: k * n)
            for c in 0..<k {
                let scale = 1 / eigen.values[c].squareRoot()
                for b in autosomalBins {
                    var sum = 0.0
                    for i in 0..<s { sum += eigen.vectors[c][i] * (relatives[i][b] - mean[b]) }
                    directions[c * n + b] = Float(sum * scale)
                }
            }
            // Scores of each reference sample.
            let scores = (0..<s).map { i in (0..<k).map { c in autosomalBins.reduce(0.0) { $0 + Double(directions[c * n + $1]) * (relatives[i][$1] - mean[$1]) } } }
            var loadings = [Float](repeating: 0, count: n * (k + 1))
            func regress(bins: [Int], rows: [Int]) {
                let m = k + 1
                var xtx = [Double](repeating: 0, count: m * m)
                for r in rows {
                    let z = [1.0] + scores[r]
                    for a in 0..<m { for b in 0..<m { xtx[a * m + b] += z[a] * z[b] } }
                }
                for b in bins {
                    var xty = [Double](repeating: 0, count: m)
                    for r in rows {
                        let z = [1.0] + scores[r]
                        for a in 0..<m { xty[a] += z[a] * relatives[r][b] }
                    }
                    let beta = LinearAlgebra.solve(xtx, xty, n: m) ?? ([rows.reduce(0) { $0 + relatives[$1][b] } / Double(rows.count)] + [Double](repeating: 0, count: k))
                    for a in 0..<m { loadings[b * m + a] = Float(beta[a]) }
                }
            }
            regress(bins: autosomalBins, rows: Array(0..<s))
            regress(bins: xBins, rows: femaleRows)
            return (directions, loadings)
        }

        /// Least-squares line y = a + b·x with its leave-one-out residual SD.
        static func fitLine(_ points: [(Double, Double)]) -> ReferenceSet.FragmentModel? {
            func fit(_ p: [(Double, Double)]) -> (Double, Double)? {
                let n = Double(p.count)
                let mx = p.reduce(0) { $0 + $1.0 } / n, my = p.reduce(0) { $0 + $1.1 } / n
                let sxx = p.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
                guard sxx > 0 else { return nil }
                let b = p.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
                return (my - b * mx, b)
            }
            guard let (a, b) = fit(points) else { return nil }
            var squared = 0.0
            for i in points.indices {
                var rest = points; rest.remove(at: i)
                guard let (ai, bi) = fit(rest) else { return nil }
                let residual = points[i].1 - (ai + bi * points[i].0)
                squared += residual * residual
            }
            return .init(intercept: a, slope: b, residualSD: (squared / Double(points.count)).squareRoot(), samples: points.count)
        }
    }

    /// 1.4826 × the median absolute deviation.
    static func robustSD(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let m = median(values)
        return 1.4826 * median(values.map { abs($0 - m) })
    }
}

extension NIPT.ReferenceSet {
    /// The normalized bin values of a relative profile under this set's method (0 where undefined).
    func normalize(_ relative: [Double]) -> [Double] {
        let n = relative.count
        var result = [Double](repeating: 0, count: n)
        let width = header.modelWidth
        switch header.parameters.normalization {
        case .gcOnly:
            for b in 0..<n where flags[b] & 1 != 0 { result[b] = relative[b] }
        case .withinSample:
            for b in 0..<n where flags[b] & 1 != 0 {
                var sum = 0.0
                for i in 0..<width { sum += relative[Int(neighbours[b * width + i])] }
                let reference = sum / Double(width)
                result[b] = reference > 0 ? relative[b] / reference : 0
            }
        case .pca:
            let m = width + 1
            var scores = [Double](repeating: 0, count: width)
            for c in 0..<width {
                var sum = 0.0
                for b in 0..<n where flags[b] & 5 == 5 { sum += Double(pcaDirections[c * n + b]) * (relative[b] - Double(pcaLoadings[b * m])) }
                scores[c] = sum
            }
            for b in 0..<n where flags[b] & 1 != 0 {
                var reconstruction = Double(pcaLoadings[b * m])
                for c in 0..<width { reconstruction += Double(pcaLoadings[b * m + 1 + c]) * scores[c] }
                result[b] = reconstruction > 0 ? relative[b] / reconstruction : 0
            }
        }
        return result
    }
}
