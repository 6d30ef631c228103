import Foundation

extension Genomics {
    /// Decodes the screening engineer's JSON result (`gx.screening.result/1`, see docs/screening.md: one sample
    /// object, or an array of them as in `batch.json`) into ``PanelResult`` values.
    public enum ScreeningResultDocument {
        private struct Site: Decodable {
            var gene: String
            var transcript: String?
            var hgvsC: String
            var hgvsP: String?
            var rsID: String?
            var chromosome: String
            var position: Int
            var reference: String
            var alternate: String
            var mitochondrial: Bool?
            var status: String
            var zygosity: String?
            var depth: Int?
            var alternateDepth: Int?
            var positive: Bool?
        }
        private struct Finding: Decodable { var text: String }
        private struct Sample: Decodable {
            var schema: String?
            var sampleID: String
            var status: String
            var error: String?
            var panel: String?
            var build: String?
            var sites: [Site]?
            var findings: [Finding]?
        }

        /// Decodes `data`.
        /// - Throws: ``HealthRecordsError`` `invalid_json` naming the problem when it is not a screening result.
        public static func decode(_ data: Data, file: String = "result") throws -> [PanelResult] {
            let decoder = JSONDecoder()
            let samples: [Sample]
            do {
                if let array = try? decoder.decode([Sample].self, from: data) {
                    samples = array
                } else {
                    samples = [try decoder.decode(Sample.self, from: data)]
                }
            } catch let DecodingError.keyNotFound(key, context) {
                throw HealthRecordsError(.invalidJSON, "not a gx screening result: missing '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))",
                                         position: .init(file: file))
            } catch {
                throw HealthRecordsError(.invalidJSON, "not a gx screening result: \(error)", position: .init(file: file))
            }
            return samples.map { sample in
                PanelResult(
                    sampleID: sample.sampleID, panel: sample.panel ?? "panel", build: sample.build ?? "GRCh38",
                    status: sample.status, error: sample.error,
                    sites: (sample.sites ?? []).map { site in
                        let depth = site.depth ?? 0
                        return SiteFinding(gene: site.gene, transcript: site.transcript ?? "", hgvsC: site.hgvsC, hgvsP: site.hgvsP ?? "",
                                           rsID: site.rsID ?? "", chromosome: site.chromosome, position: site.position,
                                           reference: site.reference, alternate: site.alternate, called: site.status == "called",
                                           present: site.positive ?? false, zygosity: site.zygosity, depth: depth,
                                           alleleFraction: depth > 0 ? site.alternateDepth.map { Double($0) / Double(depth) } : nil,
                                           mitochondrial: site.mitochondrial ?? false)
                    },
                    findings: (sample.findings ?? []).map(\.text))
            }
        }
    }
}
