extension NIPT {
    /// Locally weighted polynomial regression (LOESS; Cleveland 1979), as R's `loess(y ~ x, span = 0.75)`
    /// with `degree = 2` and `family = "gaussian"`: at each point the nearest `span × n` points are weighted by
    /// the tricube of their distance (times any prior weight) and a weighted least-squares polynomial is fitted.
    public struct Loess: Sendable {
        /// Fraction of points in each local fit (0 < span ≤ 1).
        public var span: Double
        /// Local polynomial degree (1 or 2).
        public var degree: Int

        /// Creates a LOESS smoother.
        public init(span: Double = 0.75, degree: Int = 2) {
            self.span = span; self.degree = degree
        }

        /// Fits the smoother and returns the fitted value at every input `x`.
        ///
        /// - Parameters:
        ///   - x: predictor values.
        ///   - y: responses (same count).
        ///   - weights: prior weights (same count), or `nil` for equal weights.
        /// - Returns: fitted values, in the order of `x`.
        public func fit(x: [Double], y: [Double], weights: [Double]? = nil) -> [Double] {
            let n = x.count
            precondition(y.count == n && (weights?.count ?? n) == n)
            guard n > 0 else { return [] }
            let q = max(min(n, Int((span * Double(n)).rounded(.up))), min(n, degree + 2))
            var distances = [Double](repeating: 0, count: n)
            var result = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let x0 = x[i]
                for j in 0..<n { distances[j] = abs(x[j] - x0) }
                var sorted = distances
                sorted.sort()
                var h = sorted[q - 1]
                if q == n && span > 1 { h *= span }
                if h <= 0 { h = 1e-12 }
                // Weighted sums for a polynomial in (x - x0).
                var s = [Double](repeating: 0, count: 5)
                var t = [Double](repeating: 0, count: 3)
                for j in 0..<n {
                    let u = distances[j] / h
                    guard u < 1 else { continue }
                    let tri = (1 - u * u * u)
                    var w = tri * tri * tri
                    if let weights { w *= weights[j] }
                    guard w > 0 else { continue }
                    let dx = x[j] - x0
                    var p = w
                    for k in 0..<5 {
                        s[k] += p
                        if k < 3 { t[k] += p * y[j] }
                        p *= dx
                    }
                }
                result[i] = Self.solveIntercept(s: s, t: t, degree: degree) ?? (s[0] > 0 ? t[0] / s[0] : y[i])
            }
            return result
        }

        /// Solves the local normal equations for the intercept (the fitted value at x0).
        static func solveIntercept(s: [Double], t: [Double], degree: Int) -> Double? {
            if degree >= 2 {
                // | s0 s1 s2 | |a|   |t0|
                // | s1 s2 s3 | |b| = |t1|
                // | s2 s3 s4 | |c|   |t2|
                let det = s[0] * (s[2] * s[4] - s[3] * s[3]) - s[1] * (s[1] * s[4] - s[3] * s[2]) + s[2] * (s[1] * s[3] - s[2] * s[2])
                let scale = max(abs(s[0] * s[2] * s[4]), 1e-300)
                if abs(det) > 1e-10 * scale {
                    let detA = t[0] * (s[2] * s[4] - s[3] * s[3]) - s[1] * (t[1] * s[4] - s[3] * t[2]) + s[2] * (t[1] * s[3] - s[2] * t[2])
                    return detA / det
                }
            }
            let det = s[0] * s[2] - s[1] * s[1]
            if abs(det) > 1e-10 * max(abs(s[0] * s[2]), 1e-300) {
                return (t[0] * s[2] - s[1] * t[1]) / det
            }
            return nil
        }
    }
}
