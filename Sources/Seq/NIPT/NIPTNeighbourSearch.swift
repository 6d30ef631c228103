import Foundation

extension NIPT {
    /// Finds, for each target bin, the `k` most similar bins on other chromosomes (WisecondorX's within-sample
    /// reference). Similarity is the squared Euclidean distance between the bins' profiles across the reference
    /// samples, computed on the profiles' first 8 principal components (sample space), which keeps the build at
    /// O(bins² × 8) instead of O(bins² × samples); the dropped components are mostly counting noise.
    enum NeighbourSearch {
        /// - Parameters:
        ///   - profiles: relative profile per reference sample (all the same length).
        ///   - targets: bins to find neighbours for.
        ///   - candidates: bins that may serve as neighbours.
        ///   - chromosomeOfBin: chromosome per bin (a bin's neighbours are on other chromosomes).
        ///   - k: neighbours per bin.
        ///   - threads: worker threads.
        /// - Returns: `k` neighbour indices per bin, row-major over all bins (rows of non-targets are zero).
        static func find(profiles: [[Double]], targets: [Int], candidates: [Int], chromosomeOfBin: [Chromosome],
                         k: Int, threads: Int, into table: inout [UInt32], binCount: Int) {
            let s = profiles.count
            guard s > 0, !targets.isEmpty, candidates.count >= k else { return }
            // Sample-space principal directions over the candidate bins.
            var means = [Double](repeating: 0, count: s)
            for i in 0..<s { means[i] = candidates.reduce(0) { $0 + profiles[i][$1] } / Double(candidates.count) }
            var covariance = [Double](repeating: 0, count: s * s)
            for i in 0..<s {
                for j in i..<s {
                    var sum = 0.0
                    for b in candidates { sum += (profiles[i][b] - means[i]) * (profiles[j][b] - means[j]) }
                    covariance[i * s + j] = sum; covariance[j * s + i] = sum
                }
            }
            let eigen = LinearAlgebra.symmetricEigen(covariance, n: s)
            let d = min(8, s)
            var features = [SIMD8<Float>](repeating: .zero, count: binCount)
            let allBins = Set(targets).union(candidates)
            for b in allBins {
                var f = SIMD8<Float>.zero
                for c in 0..<d {
                    var sum = 0.0
                    for i in 0..<s { sum += eigen.vectors[c][i] * profiles[i][b] }
                    f[c] = Float(sum)
                }
                features[b] = f
            }
            let targetFeatures = features
            // Candidates grouped by chromosome, so a target skips its own chromosome's run.
            let sortedCandidates = candidates.sorted()
            let candidateFeatures = sortedCandidates.map { features[$0] }
            let candidateChromosome = sortedCandidates.map { chromosomeOfBin[$0].index }
            let workers = max(1, min(threads, targets.count))
            let rows = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: binCount * k)
            rows.initialize(repeating: 0)
            defer { rows.deallocate() }
            nonisolated(unsafe) let output = rows
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var heapDistance = [Float](repeating: 0, count: k)
                var heapIndex = [Int32](repeating: 0, count: k)
                var t = worker
                while t < targets.count {
                    let target = targets[t]
                    let own = chromosomeOfBin[target].index
                    let f = targetFeatures[target]
                    var filled = 0
                    for j in 0..<candidateFeatures.count where candidateChromosome[j] != own {
                        let diff = candidateFeatures[j] - f
                        let distance = (diff * diff).sum()
                        if filled < k {
                            // Sift up into a max-heap.
                            var i = filled
                            heapDistance[i] = distance; heapIndex[i] = Int32(j)
                            filled += 1
                            while i > 0 {
                                let parent = (i - 1) / 2
                                if heapDistance[parent] >= heapDistance[i] { break }
                                heapDistance.swapAt(parent, i); heapIndex.swapAt(parent, i)
                                i = parent
                            }
                        } else if distance < heapDistance[0] {
                            heapDistance[0] = distance; heapIndex[0] = Int32(j)
                            var i = 0
                            while true {
                                let l = 2 * i + 1, r = l + 1
                                var largest = i
                                if l < k && heapDistance[l] > heapDistance[largest] { largest = l }
                                if r < k && heapDistance[r] > heapDistance[largest] { largest = r }
                                if largest == i { break }
                                heapDistance.swapAt(largest, i); heapIndex.swapAt(largest, i)
                                i = largest
                            }
                        }
                    }
                    for i in 0..<filled { output[target * k + i] = UInt32(sortedCandidates[Int(heapIndex[i])]) }
                    t += workers
                }
            }
            for target in targets { for i in 0..<k { table[target * k + i] = rows[target * k + i] } }
        }
    }
}
