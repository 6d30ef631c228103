import Foundation

extension Screening {
    /// Writes screening results into an output folder.
    ///
    /// Per sample: `ID.vcf` (or `ID.vcf.gz` + `ID.vcf.gz.tbi`), `ID.json`, `ID.report.txt`, `ID.report.html`
    /// (a failed sample gets the JSON and the reports, which say why it failed). Per batch: `summary.tsv`,
    /// `batch.vcf` (multi-sample; `.vcf.gz` + `.tbi` when compressed) and `batch.json`, for the batch panel;
    /// samples screened on another panel (a sample-sheet `panel` column) go to `summary.PANEL.tsv` and
    /// `batch.PANEL.vcf`.
    public struct OutputFolder: Sendable {
        /// The folder.
        public var directory: URL
        /// Write bgzip-compressed, tabix-indexed VCFs.
        public var compressVCF: Bool

        /// Creates the folder if needed.
        /// - Parameters:
        ///   - directory: the output folder.
        ///   - compressVCF: write `.vcf.gz` + `.tbi` instead of `.vcf`.
        /// - Throws: `SeqError` `.io` when the folder cannot be created.
        public init(directory: URL, compressVCF: Bool = false) throws {
            self.directory = directory; self.compressVCF = compressVCF
            do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
                throw SeqError(.io, "cannot create output folder: \(error.localizedDescription)", position: .init(file: directory.path))
            }
        }

        /// Writes one sample's files.
        /// - Parameters:
        ///   - result: the result.
        ///   - panel: the panel it was screened on (`nil` when the panel itself failed to load).
        /// - Returns: the files written.
        /// - Throws: `SeqError` `.io` when a file cannot be written.
        @discardableResult
        public func writeSample(_ result: SampleResult, panel: Panel?) throws -> [URL] {
            var written: [URL] = []
            let stem = directory.appendingPathComponent(result.sampleID)
            if let panel, result.status == "ok" {
                written.append(try writeVCF(VCFWriter.vcf(panel: panel, samples: [result], contigLengths: result.contigLengths),
                                            to: stem.appendingPathExtension("vcf")))
            }
            written.append(try write(try result.json(), to: stem.appendingPathExtension("json")))
            written.append(try write(Data(Report.text(result).utf8), to: stem.appendingPathExtension("report.txt")))
            written.append(try write(Data(Report.html(result).utf8), to: stem.appendingPathExtension("report.html")))
            return written
        }

        /// Writes the batch files: summary TSV, multi-sample VCF and the JSON array, per panel.
        /// - Parameters:
        ///   - results: all results, in sheet order.
        ///   - panels: the panels by name (the batch panel under `defaultPanel`).
        ///   - defaultPanel: the batch panel's name (its files carry no panel suffix).
        /// - Returns: the files written.
        /// - Throws: `SeqError` `.io` when a file cannot be written.
        @discardableResult
        public func writeBatch(_ results: [SampleResult], panels: [String: Panel], defaultPanel: String) throws -> [URL] {
            var written: [URL] = []
            var groups: [String: [SampleResult]] = [:]
            var order: [String] = [defaultPanel]
            for result in results {
                let key = panels[result.panel] == nil ? defaultPanel : result.panel
                if !order.contains(key) { order.append(key) }
                groups[key, default: []].append(result)
            }
            for key in order {
                guard let group = groups[key], let panel = panels[key] else { continue }
                let suffix = key == defaultPanel ? "" : "." + key
                written.append(try write(Data(BatchSummary.tsv(panel: panel, samples: group).utf8),
                                         to: directory.appendingPathComponent("summary\(suffix).tsv")))
                var lengths: [String: Int] = [:]
                for result in group { lengths.merge(result.contigLengths) { a, _ in a } }
                written.append(try writeVCF(VCFWriter.vcf(panel: panel, samples: group, contigLengths: lengths),
                                            to: directory.appendingPathComponent("batch\(suffix).vcf")))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let json: Data
            do { json = try encoder.encode(results) } catch { throw SeqError(.io, "cannot encode batch.json: \(error)") }
            written.append(try write(json, to: directory.appendingPathComponent("batch.json")))
            return written
        }

        private func writeVCF(_ text: String, to url: URL) throws -> URL {
            guard compressVCF else { return try write(Data(text.utf8), to: url) }
            let compressed = url.appendingPathExtension("gz")
            try VCFWriter.writeCompressed(text, to: compressed.path)
            return compressed
        }

        private func write(_ data: Data, to url: URL) throws -> URL {
            do { try data.write(to: url, options: .atomic) } catch {
                throw SeqError(.io, "cannot write: \(error.localizedDescription)", position: .init(file: url.path))
            }
            return url
        }
    }
}
