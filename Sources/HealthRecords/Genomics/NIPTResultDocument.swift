import Foundation

extension Genomics {
    /// Decodes the JSON result of `gxtool nipt` (one sample object, or an array of them) into ``NIPTResult`` values.
    ///
    /// Read: `sample`, `status` (`no call` or `failed`: the test failed), `trisomy` (chromosome → `negative` / `positive` / `no_call` …), `fetalFraction.value`
    /// (0…1), `chromosomes[].chromosome` and `.z`, `sexChromosomes`.
    public enum NIPTResultDocument {
        /// Whether `data` looks like a NIPT result (has `trisomy` or `fetalFraction`).
        public static func isNIPT(_ data: Data) -> Bool {
            guard let json = try? FHIR.JSON.parse(data) else { return false }
            let first = json.arrayValue?.first?.objectValue ?? json.objectValue
            return first?["trisomy"] != nil || first?["fetalFraction"] != nil
        }

        /// Decodes `data`.
        /// - Throws: ``HealthRecordsError`` `invalid_json` naming the problem.
        public static func decode(_ data: Data, file: String = "result") throws -> [NIPTResult] {
            let json: FHIR.JSON
            do { json = try FHIR.JSON.parse(data, file: file) } catch { throw error }
            let samples = json.arrayValue?.compactMap(\.objectValue) ?? json.objectValue.map { [$0] } ?? []
            guard !samples.isEmpty else { throw HealthRecordsError(.invalidJSON, "not a gx NIPT result", position: .init(file: file)) }
            return try samples.enumerated().map { index, sample in
                guard let sampleID = sample.string("sample") ?? sample.string("sampleID") else {
                    throw HealthRecordsError(.invalidJSON, "NIPT result \(index + 1) has no 'sample'", position: .init(file: file, record: index + 1))
                }
                var z: [String: Double] = [:]
                for chromosome in sample["chromosomes"]?.arrayValue?.compactMap(\.objectValue) ?? [] {
                    if let name = chromosome.string("chromosome"), let value = chromosome["z"]?.numberText.flatMap(Double.init) {
                        z[name.hasPrefix("chr") ? String(name.dropFirst(3)) : name] = value
                    }
                }
                var assessments: [NIPTResult.Chromosome] = []
                let trisomy = sample["trisomy"]?.objectValue
                for name in ["21", "18", "13"] {
                    let call = trisomy?.string(name) ?? trisomy?.string("chr" + name) ?? trisomy?.string("T" + name) ?? "no_call"
                    assessments.append(NIPTResult.Chromosome(name: name, zScore: z[name], call: call))
                }
                if let sex = sample.string("sexChromosomes") {
                    let upper = sex.uppercased()
                    let call = upper == "XX" || upper == "XY" ? "negative" : ["XO", "X0", "XXX", "XXY", "XYY", "MONOSOMY X"].contains(upper) ? "positive" : "no_call"
                    assessments.append(NIPTResult.Chromosome(name: "X", zScore: z["X"], call: call))
                }
                let fraction = sample["fetalFraction"]?.objectValue?["value"]?.numberText.flatMap(Double.init)
                    ?? sample["fetalFraction"]?.numberText.flatMap(Double.init)
                // `gxtool nipt` writes "low risk", "high risk" or "no call" (the sample failed QC: no result);
                // other producers write "ok" / "failed".
                let status = (sample.string("status") ?? "ok").lowercased()
                let failed = ["failed", "fail", "qc_failed", "no call", "no_call", "nocall"].contains(status)
                return NIPTResult(sampleID: sampleID, status: failed ? "failed" : "ok", fetalFraction: fraction, chromosomes: assessments)
            }
        }
    }
}
