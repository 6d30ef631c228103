extension NIPT {
    /// GC-content correction of bin counts by LOESS, after Chen et al. 2011 as implemented in NIPTeR.
    ///
    /// 1. Over the fitting bins (usable autosomal bins), the count per sequenced base
    ///    `count / (1 − N fraction)` is grouped by GC content rounded to 0.1 %; each group gives its median.
    /// 2. A LOESS (span 0.75, degree 2, weighted by group size) is fitted to the medians against GC.
    /// 3. Each usable bin is scaled: `corrected = count × (global median / fitted(GC))`, the multiplicative form
    ///    used by NIPTeR (SeqFF uses the additive `count + (median − fitted)`, which can turn counts negative).
    public enum GCCorrection {
        /// Corrects counts for GC bias.
        ///
        /// - Parameters:
        ///   - counts: read starts per bin.
        ///   - annotation: GC and N fraction per bin.
        ///   - usable: bins to correct; others come back as `0`.
        ///   - fitBins: bins used to fit the curve (usually the usable autosomal bins).
        ///   - span: LOESS span (default 0.75).
        /// - Returns: corrected counts (bins that are not usable, or whose fitted value is not positive, are 0).
        public static func correct(counts: [UInt32], annotation: BinAnnotation, usable: [Bool], fitBins: [Bool],
                                   span: Double = 0.75) -> [Double] {
            let n = counts.count
            var groups: [Int: [Double]] = [:]
            var densities: [Double] = []
            for b in 0..<n where fitBins[b] && usable[b] {
                let gc = annotation.gcFraction[b]
                guard !gc.isNaN else { continue }
                let density = Double(counts[b]) / max(1e-6, 1 - Double(annotation.nFraction[b]))
                groups[Int((Double(gc) * 1000).rounded()), default: []].append(density)
                densities.append(density)
            }
            var result = [Double](repeating: 0, count: n)
            guard groups.count >= 3, !densities.isEmpty else {
                for b in 0..<n where usable[b] { result[b] = Double(counts[b]) }
                return result
            }
            let globalMedian = median(densities)
            let keys = groups.keys.sorted()
            let x = keys.map { Double($0) / 1000 }
            let y = keys.map { median(groups[$0]!) }
            let w = keys.map { Double(groups[$0]!.count) }
            let fitted = Loess(span: span, degree: 2).fit(x: x, y: y, weights: w)
            for b in 0..<n where usable[b] {
                let gc = annotation.gcFraction[b]
                guard !gc.isNaN else { continue }
                let f = interpolate(x: x, y: fitted, at: Double(gc))
                guard f > globalMedian * 0.05 else { continue }
                result[b] = Double(counts[b]) * globalMedian / f
            }
            return result
        }

        /// Linear interpolation in a sorted table, constant beyond its ends.
        static func interpolate(x: [Double], y: [Double], at value: Double) -> Double {
            if value <= x[0] { return y[0] }
            if value >= x[x.count - 1] { return y[y.count - 1] }
            var lo = 0, hi = x.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if x[mid] <= value { lo = mid } else { hi = mid }
            }
            let t = (value - x[lo]) / (x[hi] - x[lo])
            return y[lo] + t * (y[hi] - y[lo])
        }
    }

    /// The median of a non-empty array (mean of the middle two for even counts).
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
    }

    /// Mean and sample standard deviation.
    static func meanAndSD(_ values: [Double]) -> (mean: Double, sd: Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, .nan) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }
}
