import Foundation

extension Screening {
    /// Screens samples (one, or a plate from a sample sheet) on a panel, in parallel, isolating failures: a sample
    /// whose input is unreadable, of another genome build, or whose per-sample panel is bad gets a `failed` result
    /// with the error, and the other samples go on.
    ///
    /// The panel is verified against the reference and prepared (informative spans, allele-specific k-mers) once
    /// per distinct panel, then shared by all samples.
    ///
    /// ```swift
    /// let batch = Screening.Batch(panel: "deafness-9", reference: { try Screening.BundledReference.grch38() })
    /// let results = batch.run(sheet.entries, threads: 4) { done, total, result in print(done, total) }
    /// ```
    public final class Batch: @unchecked Sendable {
        /// The panel used when a sample names none (bundled name or file path).
        public let defaultPanel: String
        /// The genotype model.
        public let model: GenotypeModel
        /// The k-mer length of the FASTQ path.
        public let k: Int
        /// The reference FASTA given for CRAM decoding, if any.
        public let referencePath: String?
        private let makeReference: @Sendable () throws -> any ReferenceSource
        private let lock = NSLock()
        private var prepared: [String: Result<PreparedPanel, SeqError>] = [:]
        private var kmerGenotypers: [String: Result<KmerGenotyper, SeqError>] = [:]
        private var reference: Result<any ReferenceSource, SeqError>?

        /// Creates a batch.
        /// - Parameters:
        ///   - panel: the default panel (bundled name or file).
        ///   - reference: makes the reference the panel is verified against and the k-mers are built from
        ///     (called once, lazily: a FASTA given by the user, or the bundled flanks).
        ///   - referencePath: the FASTA path handed to htslib for CRAM decoding.
        ///   - model: the genotype model.
        ///   - k: the k-mer length for the FASTQ path (≤ 32).
        public init(panel: String, reference: @escaping @Sendable () throws -> any ReferenceSource,
                    referencePath: String? = nil, model: GenotypeModel = GenotypeModel(), k: Int = 31) {
            defaultPanel = panel; makeReference = reference; self.referencePath = referencePath; self.model = model; self.k = k
        }

        /// The prepared panel for a panel name or path (loaded, verified and prepared once, then cached).
        /// - Parameters:
        ///   - spec: a bundled name or a file path; `nil` for the default panel.
        ///   - kmers: also select the FASTQ path's k-mers (a scan of the whole reference).
        /// - Returns: the prepared panel.
        /// - Throws: `SeqError` when the panel cannot be read, disagrees with the reference or overlaps.
        public func preparedPanel(_ spec: String? = nil, kmers: Bool = false) throws(SeqError) -> PreparedPanel {
            let name = spec ?? defaultPanel
            let key = kmers ? "kmers:" + name : name
            lock.lock(); defer { lock.unlock() }
            if let cached = prepared[key] { return try cached.get() }
            if !kmers, let withKmers = prepared["kmers:" + name] { return try withKmers.get() }
            let result = Result<PreparedPanel, SeqError> { () throws(SeqError) -> PreparedPanel in
                do {
                    let panel = try Panel.resolve(name)
                    let reference = try referenceLocked()
                    return try PreparedPanel(panel: panel, reference: reference, k: k, selectKmers: kmers)
                } catch { throw SeqError.wrapping(error) }
            }
            prepared[key] = result
            return try result.get()
        }

        private func referenceLocked() throws(SeqError) -> any ReferenceSource {
            if let reference { return try reference.get() }
            let made = Result<any ReferenceSource, SeqError> { () throws(SeqError) -> any ReferenceSource in
                do { return try makeReference() } catch { throw SeqError.wrapping(error) }
            }
            reference = made
            return try made.get()
        }

        private func kmerGenotyper(_ spec: String?) throws(SeqError) -> KmerGenotyper {
            let panel = try preparedPanel(spec, kmers: true)
            let key = spec ?? defaultPanel
            lock.lock(); defer { lock.unlock() }
            if let cached = kmerGenotypers[key] { return try cached.get() }
            let result = Result<KmerGenotyper, SeqError> { () throws(SeqError) -> KmerGenotyper in
                do { return try KmerGenotyper(prepared: panel, model: model) } catch { throw SeqError.wrapping(error) }
            }
            kmerGenotypers[key] = result
            return try result.get()
        }

        /// Screens one sample. Never throws: a failure becomes a `failed` result carrying the error.
        /// - Parameters:
        ///   - entry: the sample.
        ///   - threads: threads for this sample (paired FASTQ files are scanned concurrently).
        /// - Returns: the result.
        public func screen(_ entry: SampleEntry, threads: Int = 1) -> SampleResult {
            do {
                switch entry.input {
                case .fastq(let paths):
                    return try kmerGenotyper(entry.panel).screen(sampleID: entry.sampleID, fastq: paths, threads: threads)
                case .alignments(let path):
                    let genotyper = AlignmentGenotyper(prepared: try preparedPanel(entry.panel), model: model)
                    return try genotyper.screen(sampleID: entry.sampleID, alignments: path, referencePath: referencePath)
                }
            } catch {
                let panel = (try? preparedPanel(entry.panel).panel)
                    ?? Panel(name: entry.panel ?? defaultPanel, build: "", sites: [], origin: entry.panel ?? defaultPanel)
                return SampleResult(failedSampleID: entry.sampleID, panel: panel, method: entry.input.method,
                                    inputs: entry.input.paths, model: model, error: "\(error)")
            }
        }

        /// Screens samples in parallel, `threads` at a time (one thread each; a single sample gets them all).
        /// - Parameters:
        ///   - entries: the samples.
        ///   - threads: the total number of threads.
        ///   - onResult: called as each sample finishes (from a worker thread), with the count done so far.
        /// - Returns: the results, in the order of `entries`.
        public func run(_ entries: [SampleEntry], threads: Int,
                        onResult: @escaping @Sendable (_ done: Int, _ total: Int, _ result: SampleResult) -> Void = { _, _, _ in })
            -> [SampleResult] {
            let width = max(1, min(threads, entries.count))
            let perSample = max(1, threads / width)
            let counter = Counter()
            let total = entries.count
            // Prepare the panels first so that a slow preparation does not hold the workers one by one.
            for entry in entries {
                if case .fastq = entry.input { _ = try? kmerGenotyper(entry.panel) } else { _ = try? preparedPanel(entry.panel) }
            }
            let results = (try? ParallelMap.map(entries, width: width) { entry -> SampleResult in
                let result = self.screen(entry, threads: perSample)
                onResult(counter.increment(), total, result)
                return result
            }) ?? []
            return results
        }

        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var value = 0
            func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
        }
    }
}

extension SeqError {
    /// The error as a `SeqError` (kept when it is one, else wrapped with code `.io`).
    static func wrapping(_ error: any Error) -> SeqError {
        if let error = error as? SeqError { return error }
        return SeqError(.io, "\(error)")
    }
}
