import Foundation

extension NIPT {
    /// Output formats for NIPT results: JSON, a TSV row per sample, an SVG genome plot and an HTML report.
    public enum Report {
        /// The result as pretty-printed JSON.
        public static func json(_ result: Result) throws -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            return try encoder.encode(result)
        }

        /// The TSV header line (no newline).
        public static let tsvHeader = [
            "sample", "status", "qc", "t21", "t18", "t13", "sex_chromosomes", "fetal_sex", "fetal_fraction", "ff_method",
            "z13", "z18", "z21", "zX", "ncv13", "ncv18", "ncv21", "fraction_z13", "fraction_z18", "fraction_z21",
            "unique_reads", "noise", "result",
        ].joined(separator: "\t")

        /// One TSV row (no newline).
        public static func tsvRow(_ r: Result) -> String {
            func f(_ v: Double?, _ digits: Int = 2) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "NA" }
            let c = { (chromosome: Chromosome) in r.chromosome(chromosome) }
            return [
                r.sample, r.status, r.qc.passed ? "pass" : "fail: " + r.qc.reasons.joined(separator: "; "),
                r.trisomy["21"] ?? "NA", r.trisomy["18"] ?? "NA", r.trisomy["13"] ?? "NA", r.sexChromosomes, r.fetalSex,
                f(r.fetalFraction.value.map { $0 * 100 }, 1), r.fetalFraction.method,
                f(c(.chr13)?.z), f(c(.chr18)?.z), f(c(.chr21)?.z), f(c(.x)?.z),
                f(c(.chr13)?.ncv), f(c(.chr18)?.ncv), f(c(.chr21)?.ncv),
                f(c(.chr13)?.fractionZ), f(c(.chr18)?.fractionZ), f(c(.chr21)?.fractionZ),
                String(r.qc.uniqueReads), f(r.qc.noiseRatio), r.resultLine.replacingOccurrences(of: "\t", with: " "),
            ].joined(separator: "\t")
        }

        /// An SVG figure: top, the log2 bin ratios along the genome (grey points, chromosome medians in colour);
        /// bottom, the chromosome z-scores as bars with the ±threshold lines.
        public static func svg(_ r: Result, layout: BinLayout) -> String {
            let width = 1200.0, top = 40.0, plotHeight = 260.0, gap = 70.0, barHeight = 220.0, left = 60.0, right = 20.0
            let height = top + plotHeight + gap + barHeight + 50
            let plotWidth = width - left - right
            var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"Helvetica,Arial,sans-serif\" font-size=\"11\">\n"
            s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            s += "<text x=\"\(left)\" y=\"22\" font-size=\"15\" font-weight=\"bold\">\(escape(r.sample)): \(escape(r.status.uppercased()))</text>\n"
            // Bin ratio panel.
            // The axis spans the 99th percentile of |log2 ratio| (at least ±0.1, at most ±1), so that a 4–8 %
            // fetal trisomy (log2 ratio 0.03–0.06) stays visible at any depth.
            let magnitudes = r.binLog2Ratios.filter(\.isFinite).map { abs(Double($0)) }.sorted()
            let p99 = magnitudes.isEmpty ? 0.5 : magnitudes[min(magnitudes.count - 1, Int(Double(magnitudes.count) * 0.99))]
            let yMax = min(1, max(0.1, (p99 * 1.2 * 10).rounded(.up) / 10))
            func yOf(_ v: Double) -> Double { top + plotHeight / 2 - max(-yMax, min(yMax, v)) / yMax * (plotHeight / 2) }
            let total = Double(max(1, layout.binCount))
            func xOf(_ bin: Int) -> Double { left + Double(bin) / total * plotWidth }
            s += "<text x=\"\(left)\" y=\"\(top - 4)\">log2 ratio of each \(layout.binSize / 1000)-kb bin to the reference set (points) and chromosome mean (line)</text>\n"
            for v in [-yMax, -yMax / 2, 0, yMax / 2, yMax] {
                s += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\(q(yOf(v))) y2=\(q(yOf(v))) stroke=\"\(v == 0 ? "#888" : "#ddd")\"/>"
                s += "<text x=\"\(left - 6)\" y=\(q(yOf(v) + 4)) text-anchor=\"end\">\(String(format: "%.2f", v))</text>\n"
            }
            // Down-sample points to at most ~6000 for a readable, small file.
            let step = max(1, layout.binCount / 6000)
            var points = ""
            for (c, contig) in layout.contigs.enumerated() {
                let bins = layout.bins(ofContig: c)
                if c % 2 == 1 {
                    s += "<rect x=\(q(xOf(bins.lowerBound))) y=\"\(top)\" width=\(q(xOf(bins.upperBound) - xOf(bins.lowerBound))) height=\"\(plotHeight)\" fill=\"#f4f4f4\"/>\n"
                }
                s += "<text x=\(q((xOf(bins.lowerBound) + xOf(bins.upperBound)) / 2)) y=\(q(top + plotHeight + 14)) text-anchor=\"middle\">\(contig.chromosome.name)</text>\n"
                var b = bins.lowerBound
                while b < bins.upperBound {
                    let v = r.binLog2Ratios.indices.contains(b) ? Double(r.binLog2Ratios[b]) : .nan
                    if v.isFinite { points += "M\(q(xOf(b), quoted: false)) \(q(yOf(v), quoted: false))h1" }
                    b += step
                }
            }
            s += "<path d=\"\(points)\" stroke=\"#9aa\" stroke-width=\"1.6\" stroke-linecap=\"round\"/>\n"
            for (c, contig) in layout.contigs.enumerated() {
                guard let ratio = r.chromosome(contig.chromosome)?.ratio, ratio > 0 else { continue }
                let bins = layout.bins(ofContig: c)
                let z = r.chromosome(contig.chromosome)?.z ?? 0
                let color = abs(z) >= r.zThreshold ? "#d62728" : "#1f77b4"
                s += "<line x1=\(q(xOf(bins.lowerBound))) x2=\(q(xOf(bins.upperBound))) y1=\(q(yOf(log2(ratio)))) y2=\(q(yOf(log2(ratio)))) stroke=\"\(color)\" stroke-width=\"3\"/>\n"
            }
            // z-score panel.
            let barTop = top + plotHeight + gap
            let zMax = max(6, (r.chromosomes.compactMap { $0.z.map(abs) }.max() ?? 0) * 1.1)
            func zy(_ z: Double) -> Double { barTop + barHeight / 2 - max(-zMax, min(zMax, z)) / zMax * (barHeight / 2) }
            s += "<text x=\"\(left)\" y=\(q(barTop - 8))>chromosome z-score (\(r.normalization.rawValue)); dashed: call threshold ±\(r.zThreshold)</text>\n"
            s += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\(q(zy(0))) y2=\(q(zy(0))) stroke=\"#888\"/>\n"
            for t in [r.zThreshold, -r.zThreshold] {
                s += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\(q(zy(t))) y2=\(q(zy(t))) stroke=\"#d62728\" stroke-dasharray=\"5,4\"/>\n"
            }
            for v in [-zMax, 0, zMax] { s += "<text x=\"\(left - 6)\" y=\(q(zy(v) + 4)) text-anchor=\"end\">\(String(format: "%.0f", v))</text>\n" }
            let slot = plotWidth / 23
            for (i, c) in r.chromosomes.filter({ $0.chromosome != .y }).enumerated() {
                let x = left + Double(i) * slot
                let z = c.z ?? 0
                let color = abs(z) >= r.zThreshold ? "#d62728" : ([Chromosome.chr13, .chr18, .chr21].contains(c.chromosome) ? "#ff7f0e" : "#1f77b4")
                s += "<rect x=\(q(x + slot * 0.15)) y=\(q(min(zy(z), zy(0)))) width=\(q(slot * 0.7)) height=\(q(max(0.5, abs(zy(z) - zy(0))))) fill=\"\(color)\"><title>\(c.chromosome): z = \(String(format: "%.2f", z))</title></rect>\n"
                s += "<text x=\(q(x + slot / 2)) y=\(q(barTop + barHeight + 14)) text-anchor=\"middle\">\(c.chromosome.name)</text>\n"
            }
            s += "<text x=\"\(left)\" y=\(q(height - 10))>\(escape(r.resultLine))</text>\n"
            s += "</svg>\n"
            return s
        }

        /// A self-contained HTML report (result line, QC, table of chromosomes, the SVG plot).
        public static func html(_ r: Result, layout: BinLayout) -> String {
            func f(_ v: Double?, _ d: Int = 2) -> String { v.map { String(format: "%.\(d)f", $0) } ?? "–" }
            var h = "<!doctype html><html><head><meta charset=\"utf-8\"><title>NIPT \(escape(r.sample))</title>"
            h += "<style>body{font-family:Helvetica,Arial,sans-serif;margin:24px}td,th{padding:2px 8px;text-align:right}th{background:#eee}.hi{color:#d62728;font-weight:bold}</style></head><body>"
            h += "<h1>NIPT report: \(escape(r.sample))</h1>"
            h += "<p style=\"font-size:1.2em\" class=\"\(r.status == "high risk" ? "hi" : "")\">\(escape(r.resultLine))</p>"
            h += "<p>Status: <b>\(escape(r.status))</b>. QC: \(r.qc.passed ? "passed" : "failed (" + escape(r.qc.reasons.joined(separator: "; ")) + ")"); "
            h += "\(r.qc.uniqueReads) unique reads (minimum \(r.qc.minimumReads)); noise \(f(r.qc.noiseRatio)) (limit \(f(r.qc.maximumNoiseRatio))). "
            h += "Fetal sex: \(escape(r.fetalSex)); sex chromosomes: \(escape(r.sexChromosomes)). Fetal fraction: \(f(r.fetalFraction.value.map { $0 * 100 }, 1))% (\(escape(r.fetalFraction.method))"
            if let sd = r.fetalFraction.fragmentSizeExpectedSD, r.fetalFraction.method == "fragment-size" { h += ", expected error ±\(f(sd * 100, 1)) points" }
            h += "). Normalization: \(r.normalization.rawValue); call threshold |z| ≥ \(r.zThreshold).</p>"
            h += Report.svg(r, layout: layout)
            h += "<h2>Chromosomes</h2><table><tr><th>chromosome</th><th>reads</th><th>fraction %</th><th>ratio</th><th>z</th><th>fraction z</th><th>NCV</th><th>bins</th></tr>"
            for c in r.chromosomes {
                let hi = (c.z.map { abs($0) >= r.zThreshold } ?? false) ? " class=\"hi\"" : ""
                h += "<tr\(hi)><td>\(c.chromosome)</td><td>\(c.reads)</td><td>\(f(c.fraction * 100, 3))</td><td>\(f(c.ratio, 4))</td><td>\(f(c.z))</td><td>\(f(c.fractionZ))</td><td>\(f(c.ncv))</td><td>\(c.bins)</td></tr>"
            }
            h += "</table><p style=\"color:#666\">Screening test: a high-risk result must be confirmed by diagnostic testing. Generated by gx \(SeqLibrary.version).</p></body></html>\n"
            return h
        }

        static func q(_ v: Double, quoted: Bool = true) -> String {
            let text = String(format: "%.1f", v)
            return quoted ? "\"\(text)\"" : text
        }

        static func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
    }
}
