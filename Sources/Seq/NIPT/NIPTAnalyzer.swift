import Foundation

extension NIPT {
    /// Tests one sample against a ``ReferenceSet``.
    ///
    /// ```swift
    /// let analyzer = NIPT.Analyzer(reference: try NIPT.ReferenceSet.read(from: "ref.gxnipt"))
    /// let result = try analyzer.analyze(counts, source: "S1.bam")
    /// print(result.resultLine)
    /// ```
    public struct Analyzer: Sendable {
        /// Calling thresholds.
        public struct Options: Sendable, Equatable {
            /// |z| at or above which a chromosome is called (default 3, the Chiu 2008 / NIPTeR cut-off).
            public var zThreshold: Double = 3
            /// Fewer counted reads → no call (default 3.5 M unique reads, as in the 1,982-case study cited in
            /// SCREENING-FACTS §2).
            public var minimumReads: Int = 3_500_000
            /// Fetal fraction under this → "no call: low fetal fraction" (default 4 %).
            public var minimumFetalFraction: Double = 0.04
            /// Noise above `factor × reference median noise` → no call (default 1.5).
            public var maximumNoiseFactor: Double = 1.5
            /// chrY-based FF at or above this means a male fetus (default 1 %).
            public var maleFetalFraction: Double = 0.01
            /// Defaults.
            public init() {}
        }

        /// The reference set.
        public let reference: ReferenceSet
        /// Thresholds.
        public var options: Options

        /// Creates an analyzer.
        public init(reference: ReferenceSet, options: Options = .init()) {
            self.reference = reference; self.options = options
        }

        /// Analyzes one sample.
        ///
        /// - Parameters:
        ///   - counts: the sample's bin counts.
        ///   - source: the input file, for messages.
        /// - Returns: the result (a failed QC gives status `no call` with its reasons, not an error).
        /// - Throws: ``SeqError`` when the counts were made on other bins or another reference genome.
        public func analyze(_ counts: BinCounts, source: String) throws -> Result {
            try reference.checkCompatible(with: counts, source: source)
            let header = reference.header
            let layout = header.layout
            let n = layout.binCount
            let usable = reference.usable, yBins = reference.yInformative, autosomal = reference.autosomal
            let profile = Profile(counts: counts, annotation: reference.annotation, usable: usable, yBins: yBins,
                                  autosomal: autosomal, gcSpan: header.parameters.gcSpan)
            let normalized = reference.normalize(profile.relative)
            var log2Ratios = [Float](repeating: .nan, count: n)
            var ratios = [Double](repeating: .nan, count: n)
            for b in 0..<n where usable[b] && reference.binMean[b] > 0 {
                ratios[b] = normalized[b] / Double(reference.binMean[b])
                log2Ratios[b] = ratios[b] > 0 ? Float(log2(ratios[b])) : .nan
            }
            let totals = ReferenceBuilder.chromosomeTotals(profile.corrected, layout: layout, usable: usable)
            var chromosomes: [Result.ChromosomeResult] = []
            var nullRatioSD = [Double](repeating: .nan, count: 24)
            for c in Chromosome.all {
                let bins = layout.bins(of: c)
                let raw = bins.reduce(0) { $0 + Int(counts.counts[$1]) }
                guard let null = reference.null(of: c) else {
                    let yReads = bins.filter { yBins[$0] }.reduce(0.0) { $0 + profile.corrected[$1] }
                    let autosomalTotal = totals.reads[0..<22].reduce(0, +)
                    chromosomes.append(.init(chromosome: c, reads: raw, fraction: autosomalTotal > 0 ? yReads / autosomalTotal : 0,
                                             fractionZ: nil, ncv: nil, ratio: nil, z: nil, bins: bins.filter { yBins[$0] }.count))
                    continue
                }
                let values = bins.compactMap { b -> Double? in ratios[b].isNaN ? nil : ratios[b] }
                let ratio = values.isEmpty ? Double.nan : values.reduce(0, +) / Double(values.count)
                func z(_ x: Double, _ m: Double, _ sd: Double) -> Double? { sd > 0 && x.isFinite ? (x - m) / sd : nil }
                let usableReads = bins.reduce(0) { usable[$1] ? $0 + Int(counts.counts[$1]) : $0 }
                let sd = null.depthAdjustedSDs(reads: usableReads)
                nullRatioSD[c.index] = sd.ratio
                chromosomes.append(.init(
                    chromosome: c, reads: raw, fraction: totals.fraction[c.index],
                    fractionZ: z(totals.fraction[c.index], null.fractionMean, sd.fraction),
                    ncv: z(ReferenceBuilder.ncvRatio(totals.reads, c, null.ncvDenominators), null.ncvMean, sd.ncv),
                    ratio: ratio.isFinite ? ratio : nil, z: z(ratio, null.ratioMean, sd.ratio), bins: values.count))
            }

            // chrY: fetal sex and chrY fetal fraction.
            let informative = (0..<n).filter { yBins[$0] }
            let yCoverage = informative.isEmpty ? 0 : informative.reduce(0) { $0 + profile.relative[$1] } / Double(informative.count)
            let ffY = (header.yModel.calibration ?? 1) * 2 * (yCoverage - header.yModel.backgroundMean)
            let isMale = !informative.isEmpty && ffY >= options.maleFetalFraction
            let fetalSex = informative.isEmpty ? "unknown" : (isMale ? "male" : "female")

            // Fetal fraction.
            var ff = Result.FetalFraction(value: nil, method: "none", chrY: isMale ? ffY : nil, fragmentSize: nil, fragmentSizeExpectedSD: nil, fromTrisomy: nil)
            if let model = header.fragmentModel, let short = counts.shortFragmentFraction {
                ff.fragmentSize = model.intercept + model.slope * short
                ff.fragmentSizeExpectedSD = model.residualSD
            }
            let threshold = options.zThreshold
            var trisomy: [String: String] = [:]
            var positives: [Chromosome] = []
            for c in [Chromosome.chr13, .chr18, .chr21] {
                guard let r = chromosomes[c.index].z else { trisomy[c.name] = "no call"; continue }
                if r >= threshold { trisomy[c.name] = "high risk"; positives.append(c) }
                else if r <= -threshold { trisomy[c.name] = "atypical (loss)" }
                else { trisomy[c.name] = "negative" }
            }
            if let strongest = positives.max(by: { (chromosomes[$0.index].z ?? 0) < (chromosomes[$1.index].z ?? 0) }),
               let ratio = chromosomes[strongest.index].ratio {
                ff.fromTrisomy = 2 * (ratio - 1)
            }
            if isMale { ff.value = ffY; ff.method = "chrY" }
            else if let f = ff.fragmentSize { ff.value = max(0, f); ff.method = "fragment-size" }
            else if let f = ff.fromTrisomy { ff.value = f; ff.method = "trisomy-ratio" }

            // Sex chromosomes.
            var sexChromosomes = "no call"
            let xSD = nullRatioSD[Chromosome.x.index]
            if let xNull = reference.null(of: .x), let xRatio = chromosomes[Chromosome.x.index].ratio, xSD > 0 {
                let zX = (xRatio - xNull.ratioMean) / xSD
                if isMale {
                    ff.chrX = 2 * (1 - xRatio / xNull.ratioMean)
                    let zMale = (xRatio - xNull.ratioMean * (1 - ffY / 2)) / xSD
                    sexChromosomes = zMale >= threshold && zX > -threshold ? "XXY" : "XY"
                } else if fetalSex == "female" {
                    sexChromosomes = zX <= -threshold ? "XO" : (zX >= threshold ? "XXX" : "XX")
                    if sexChromosomes == "XO" && ff.value == nil { ff.value = 2 * (1 - xRatio / xNull.ratioMean); ff.method = "chrX-ratio" }
                }
            }
            let otherFindings = Chromosome.autosomes.filter { ![Chromosome.chr13, .chr18, .chr21].contains($0) }.compactMap { c -> String? in
                guard let z = chromosomes[c.index].z, abs(z) >= threshold else { return nil }
                return "\(c) \(z > 0 ? "gain" : "loss") (z = \(String(format: "%.1f", z)))"
            }

            // QC.
            var reasons: [String] = []
            if counts.statistics.counted < options.minimumReads {
                reasons.append("too few reads (\(counts.statistics.counted) < \(options.minimumReads))")
            }
            let medians = (0..<n).compactMap { b -> Double? in autosomal[b] && !ratios[b].isNaN ? ratios[b] : nil }
            let noise = robustSD(medians) * profile.meanRawCount.squareRoot()
            let maximumNoise = header.noiseMedian * options.maximumNoiseFactor
            if !(noise <= maximumNoise) {
                reasons.append("noisy profile (noise \(String(format: "%.2f", noise)) > \(String(format: "%.2f", maximumNoise)))")
            }
            if let value = ff.value, value < options.minimumFetalFraction {
                reasons.append("low fetal fraction (\(String(format: "%.1f", value * 100))% < \(String(format: "%.0f", options.minimumFetalFraction * 100))%)")
            }
            let qc = Result.QC(passed: reasons.isEmpty, reasons: reasons, uniqueReads: counts.statistics.counted, minimumReads: options.minimumReads,
                               noiseRatio: noise, maximumNoiseRatio: maximumNoise)
            if !qc.passed {
                for key in trisomy.keys { trisomy[key] = "no call" }
                sexChromosomes = "no call"
            }

            let status: String
            var line: String
            let ffText = ff.value.map { "fetal fraction \(String(format: "%.1f", $0 * 100))% (\(ff.method))" } ?? "fetal fraction not estimated (female fetus, no paired-end fragment sizes)"
            if !qc.passed {
                status = "no call"
                line = "No call: \(reasons.joined(separator: "; ")). A new sample is needed."
            } else {
                let names = ["13": "Patau syndrome", "18": "Edwards syndrome", "21": "Down syndrome"]
                let highRisk = [Chromosome.chr21, .chr18, .chr13].filter { trisomy[$0.name] == "high risk" }
                let sexAneuploidy = ["XO", "XXX", "XXY"].contains(sexChromosomes)
                status = highRisk.isEmpty && !sexAneuploidy ? "low risk" : "high risk"
                if highRisk.isEmpty {
                    line = "Low risk for trisomy 21, 18 and 13"
                } else {
                    line = "HIGH RISK: " + highRisk.map { "trisomy \($0.name) (\(names[$0.name]!), z = \(String(format: "%.1f", chromosomes[$0.index].z ?? 0)))" }.joined(separator: ", ")
                }
                if sexAneuploidy {
                    let names = ["XO": "45,X (Turner syndrome)", "XXX": "47,XXX", "XXY": "47,XXY (Klinefelter syndrome)"]
                    line += "; HIGH RISK sex-chromosome aneuploidy \(names[sexChromosomes]!)"
                }
                line += "; fetal sex \(fetalSex) (\(sexChromosomes)); \(ffText)."
                if !otherFindings.isEmpty { line += " Other autosome findings: \(otherFindings.joined(separator: ", "))." }
                if highRisk.isEmpty == false || sexAneuploidy { line += " Screening result: confirm by diagnostic testing (amniocentesis or CVS)." }
            }
            var result = Result(sample: counts.sample, source: source, status: status, resultLine: line, trisomy: trisomy,
                                otherFindings: otherFindings, sexChromosomes: sexChromosomes, fetalSex: fetalSex, chrYCoverage: yCoverage,
                                fetalFraction: ff, qc: qc, zThreshold: threshold, normalization: header.parameters.normalization,
                                chromosomes: chromosomes, readStatistics: counts.statistics)
            result.binLog2Ratios = log2Ratios
            return result
        }
    }
}
