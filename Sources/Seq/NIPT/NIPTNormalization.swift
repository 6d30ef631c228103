import Foundation

extension NIPT {
    /// How bin counts are normalized after GC correction. Chosen when the reference set is built.
    ///
    /// - ``withinSample``: WisecondorX's within-sample reference. For each bin, the `k` bins on *other*
    ///   chromosomes whose profiles across the reference samples are most similar are found once; a sample's bin
    ///   is then divided by the mean of its reference bins *in the same sample*, which cancels sample-specific
    ///   biases (GC, library, mappability) without a between-sample model. The default.
    /// - ``pca``: WisecondorX's PCA step alone. The first components of the reference profiles (autosomes) are
    ///   removed: a bin is divided by its reconstruction from the sample's component scores.
    /// - ``gcOnly``: LOESS GC correction and scaling to the autosomal total only: the classic chromosome-fraction
    ///   statistics of Chiu 2008 / NIPTeR.
    public enum Normalization: String, Sendable, Codable, CaseIterable {
        /// Within-sample reference bins (WisecondorX). Default.
        case withinSample = "within-sample"
        /// PCA over the reference set (WisecondorX's first step).
        case pca
        /// GC correction only (NIPTeR chromosome fractions).
        case gcOnly = "gc-only"
    }

    /// A sample's GC-corrected profile, scaled so that the usable autosomal bins average 1.
    struct Profile {
        /// GC-corrected counts (0 outside usable bins).
        var corrected: [Double]
        /// `corrected / mean(corrected over usable autosomal bins)`.
        var relative: [Double]
        /// Mean raw count over usable autosomal bins.
        var meanRawCount: Double

        /// Prepares a profile from counts.
        /// - Parameters:
        ///   - usable: bins kept for autosome and X statistics.
        ///   - yBins: chrY bins usable for the Y statistic (GC-corrected with the autosomal curve too).
        init(counts: BinCounts, annotation: BinAnnotation, usable: [Bool], yBins: [Bool], autosomal: [Bool], gcSpan: Double) {
            var correctable = usable
            for b in 0..<correctable.count where yBins[b] { correctable[b] = true }
            var fit = usable
            for b in 0..<fit.count where !autosomal[b] { fit[b] = false }
            corrected = GCCorrection.correct(counts: counts.counts, annotation: annotation, usable: correctable, fitBins: fit, span: gcSpan)
            var total = 0.0, raw = 0.0, n = 0
            for b in 0..<corrected.count where fit[b] { total += corrected[b]; raw += Double(counts.counts[b]); n += 1 }
            let mean = n > 0 ? total / Double(n) : 0
            meanRawCount = n > 0 ? raw / Double(n) : 0
            relative = corrected.map { mean > 0 ? $0 / mean : 0 }
        }
    }
}
