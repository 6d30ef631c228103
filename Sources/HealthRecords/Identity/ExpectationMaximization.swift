import Foundation

/// Unsupervised estimation of the Fellegi–Sunter m and u probabilities by expectation–maximization over the
/// comparison vectors of blocked candidate pairs (no truth labels needed).
///
/// ```swift
/// let estimated = ExpectationMaximization.estimate(records: records, start: .defaults)
/// ```
public enum ExpectationMaximization {
    /// The result of an estimation.
    public struct Result: Sendable {
        /// The estimated parameters (thresholds copied from the start).
        public var parameters: MatchParameters
        /// The estimated share of candidate pairs that are matches.
        public var matchProportion: Double
        /// Iterations run.
        public var iterations: Int
        /// Candidate pairs used.
        public var pairCount: Int
    }

    /// Estimates m/u from the candidate pairs of `records`, starting from `start`.
    public static func estimate(records: [PatientIndexRecord], start: MatchParameters = .defaults,
                                maximumIterations: Int = 50, tolerance: Double = 1e-5) -> Result {
        let comparisons = MatchComparison.allCases
        let pairs = PatientIndex.candidatePairs(records)
        // Distinct comparison vectors with their multiplicities keep the E step small.
        var patterns: [[Int]: Int] = [:]
        for (a, b) in pairs {
            let vector = comparisons.map { $0.level(records[a], records[b]) ?? -1 }
            patterns[vector, default: 0] += 1
        }
        let vectors = Array(patterns.keys), counts = vectors.map { Double(patterns[$0]!) }
        var m = start.m
        // u from random pairs (almost all non-matches), as Splink does: fixing u keeps EM from swapping the classes.
        let u = randomPairU(records: records, comparisons: comparisons, fallback: start.u)
        var p = 0.1
        var iterations = 0
        for iteration in 1...max(1, maximumIterations) {
            iterations = iteration
            var mSum: [MatchComparison: [Double]] = [:], uSum: [MatchComparison: [Double]] = [:]
            for c in comparisons { mSum[c] = Array(repeating: 1e-9, count: c.levelCount); uSum[c] = Array(repeating: 1e-9, count: c.levelCount) }
            var matchTotal = 0.0, total = 0.0
            for (vector, count) in zip(vectors, counts) {
                var lm = log(p), lu = log(1 - p)
                for (c, level) in zip(comparisons, vector) where level >= 0 {
                    lm += log(max(m[c]![level], 1e-12)); lu += log(max(u[c]![level], 1e-12))
                }
                let g = 1 / (1 + exp(lu - lm))
                matchTotal += g * count; total += count
                for (c, level) in zip(comparisons, vector) where level >= 0 {
                    mSum[c]![level] += g * count; uSum[c]![level] += (1 - g) * count
                }
            }
            var change = 0.0
            for c in comparisons {
                let ms = mSum[c]!.reduce(0, +), us = uSum[c]!.reduce(0, +)
                _ = us
                let newM = mSum[c]!.map { $0 / ms }
                change = max(change, zip(newM, m[c]!).map { abs($0 - $1) }.max() ?? 0)
                m[c] = newM
            }
            let newP = total > 0 ? min(max(matchTotal / total, 1e-6), 1 - 1e-6) : p
            change = max(change, abs(newP - p))
            p = newP
            if change < tolerance { break }
        }
        let parameters = MatchParameters(m: m, u: u, linkThreshold: start.linkThreshold, reviewThreshold: start.reviewThreshold)
        return Result(parameters: parameters, matchProportion: p, iterations: iterations, pairCount: pairs.count)
    }

    /// u probabilities from up to `samples` random record pairs (a pair of distinct records drawn at random is almost
    /// never a match); levels never seen get a small floor. Deterministic (fixed-seed generator).
    static func randomPairU(records: [PatientIndexRecord], comparisons: [MatchComparison], fallback: [MatchComparison: [Double]],
                            samples: Int = 50_000) -> [MatchComparison: [Double]] {
        guard records.count >= 2 else { return fallback }
        var counts: [MatchComparison: [Double]] = [:]
        for c in comparisons { counts[c] = Array(repeating: 0.5, count: c.levelCount) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: (state >> 33) % UInt64(records.count))
        }
        for _ in 0..<samples {
            let a = next(), b = next()
            guard a != b else { continue }
            for c in comparisons { if let level = c.level(records[a], records[b]) { counts[c]![level] += 1 } }
        }
        var u: [MatchComparison: [Double]] = [:]
        for c in comparisons {
            let total = counts[c]!.reduce(0, +)
            u[c] = counts[c]!.map { $0 / total }
        }
        return u
    }
}
