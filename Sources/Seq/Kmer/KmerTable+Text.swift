extension Kmer.Table {
    /// Writes the table as text, one `kmer<TAB>count` line per stored k-mer (jellyfish
    /// `dump -c -t` format), optionally gzip- or BGZF-compressed.
    ///
    /// Unsorted output follows the file (bin by bin, ascending within a bin) and streams with no extra
    /// memory; sorted output merges the bins' runs (a heap over runs, still streaming) into one
    /// lexicographic order, which equals `jellyfish dump -c -t | sort`.
    ///
    /// - Parameters:
    ///   - path: The output file, or `-` for standard output.
    ///   - sorted: Write k-mers in lexicographic order.
    ///   - minimumCount: Leave out k-mers with a smaller count.
    ///   - compression: `.none`, `.gzip` or `.bgzf`.
    /// - Returns: The number of lines written.
    /// - Throws: ``SeqError/Code-swift.struct/io`` when the output cannot be written.
    @discardableResult
    public func writeText(to path: String, sorted: Bool = false, minimumCount: UInt32 = 1,
                          compression: Compression = .none) throws(SeqError) -> Int {
        let sink = try OutputSink(path: path, compression: compression, level: 6)
        var line = [UInt8](repeating: 0, count: k + 12)
        var lines = 0
        let k = self.k
        func emit(_ kmer: UInt64, _ count: UInt32) throws(SeqError) {
            guard count >= minimumCount else { return }
            Kmer.write(kmer, k: k, into: &line, at: 0)
            line[k] = 9
            var length = k + 1
            var digits = count
            var reversedDigits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var used = 0
            withUnsafeMutableBytes(of: &reversedDigits) { buffer in
                repeat {
                    buffer[used] = 48 + UInt8(digits % 10)
                    digits /= 10
                    used += 1
                } while digits > 0
                for index in 0..<used { line[length + index] = buffer[used - 1 - index] }
            }
            length += used
            line[length] = 10
            length += 1
            try line.withUnsafeBufferPointer { (buffer) throws(SeqError) in
                try sink.write(UnsafeBufferPointer(rebasing: buffer[0..<length]))
            }
            lines += 1
        }
        do {
            if sorted {
                var merger = RunMerger(runs: runs())
                while let (kmer, count) = merger.next() { try emit(kmer, count) }
            } else {
                for run in runs() {
                    for index in 0..<run.count { try emit(run.key(index), run.count(index)) }
                }
            }
        } catch {
            try? sink.close()
            throw error
        }
        try sink.close()
        return lines
    }
}

/// A k-way merge of the table's sorted runs by a binary min-heap keyed on each run's next k-mer.
private struct RunMerger {
    let runs: [Kmer.Table.Run]
    /// (run index, position within the run), ordered as a heap by the k-mer at that position.
    var heap: [(run: Int, position: Int)]

    init(runs: [Kmer.Table.Run]) {
        self.runs = runs
        heap = runs.indices.filter { runs[$0].count > 0 }.map { ($0, 0) }
        var index = heap.count / 2 - 1
        while index >= 0 { siftDown(index); index -= 1 }
    }

    private func key(_ entry: (run: Int, position: Int)) -> UInt64 { runs[entry.run].key(entry.position) }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count && key(heap[left + 1]) < key(heap[left]) { smallest = left + 1 }
            guard key(heap[smallest]) < key(heap[parent]) else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    mutating func next() -> (UInt64, UInt32)? {
        guard let top = heap.first else { return nil }
        let run = runs[top.run]
        let result = (run.key(top.position), run.count(top.position))
        if top.position + 1 < run.count {
            heap[0].position += 1
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
        return result
    }
}
