extension NIPT {
    /// Small dense linear algebra for the reference build (no LAPACK dependency).
    enum LinearAlgebra {
        /// Eigen-decomposition of a symmetric matrix (row-major n×n) by cyclic Jacobi rotations.
        /// - Returns: eigenvalues in decreasing order and matching unit eigenvectors (`vectors[k]` has n entries).
        static func symmetricEigen(_ matrix: [Double], n: Int) -> (values: [Double], vectors: [[Double]]) {
            var a = matrix
            var v = [Double](repeating: 0, count: n * n)
            for i in 0..<n { v[i * n + i] = 1 }
            for _ in 0..<100 {
                var off = 0.0
                for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
                if off < 1e-22 { break }
                for p in 0..<n {
                    for q in (p + 1)..<max(p + 1, n) {
                        let apq = a[p * n + q]
                        guard abs(apq) > 1e-300 else { continue }
                        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                        let c = 1 / (t * t + 1).squareRoot(), s = t * c
                        for k in 0..<n {
                            let akp = a[k * n + p], akq = a[k * n + q]
                            a[k * n + p] = c * akp - s * akq
                            a[k * n + q] = s * akp + c * akq
                        }
                        for k in 0..<n {
                            let apk = a[p * n + k], aqk = a[q * n + k]
                            a[p * n + k] = c * apk - s * aqk
                            a[q * n + k] = s * apk + c * aqk
                        }
                        for k in 0..<n {
                            let vkp = v[k * n + p], vkq = v[k * n + q]
                            v[k * n + p] = c * vkp - s * vkq
                            v[k * n + q] = s * vkp + c * vkq
                        }
                    }
                }
            }
            let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
            return (order.map { a[$0 * n + $0] }, order.map { col in (0..<n).map { v[$0 * n + col] } })
        }

        /// Solves a small dense system `A x = b` (row-major n×n) by Gaussian elimination with partial pivoting.
        /// - Returns: `nil` when the matrix is singular.
        static func solve(_ matrix: [Double], _ rhs: [Double], n: Int) -> [Double]? {
            var a = matrix, b = rhs
            for col in 0..<n {
                var pivot = col
                for r in col..<n where abs(a[r * n + col]) > abs(a[pivot * n + col]) { pivot = r }
                guard abs(a[pivot * n + col]) > 1e-12 else { return nil }
                if pivot != col {
                    for k in 0..<n { a.swapAt(col * n + k, pivot * n + k) }
                    b.swapAt(col, pivot)
                }
                for r in (col + 1)..<max(col + 1, n) {
                    let f = a[r * n + col] / a[col * n + col]
                    guard f != 0 else { continue }
                    for k in col..<n { a[r * n + k] -= f * a[col * n + k] }
                    b[r] -= f * b[col]
                }
            }
            var x = [Double](repeating: 0, count: n)
            for r in stride(from: n - 1, through: 0, by: -1) {
                var s = b[r]
                for k in (r + 1)..<max(r + 1, n) { s -= a[r * n + k] * x[k] }
                x[r] = s / a[r * n + r]
            }
            return x
        }
    }
}
