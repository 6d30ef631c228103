import Foundation

extension Screening {
    /// The human report a genetic counsellor hands over: findings in words per gene, the sites tested, the sites
    /// that could not be called and why, and QC. Text and HTML carry the same content.
    public enum Report {
        /// The plain-text report of one sample.
        public static func text(_ result: SampleResult) -> String {
            var out = "Hereditary-deafness genetic screening report\n"
            out += String(repeating: "=", count: 44) + "\n"
            out += "Sample: \(result.sampleID)\nPanel: \(result.panel) (\(result.build)); method: \(methodWords(result.method))\n"
            out += "Software: \(result.software)\n\n"
            if result.status != "ok" {
                out += "RESULT: NOT AVAILABLE. The sample could not be screened:\n  \(result.error ?? "unknown error")\n"
                return out
            }
            out += "Findings\n--------\n"
            if result.findings.isEmpty {
                out += "No variant of the panel was found at the sites that could be called.\n"
            } else {
                for finding in result.findings { out += "* \(finding.text)\n" }
            }
            let noCalls = result.sites.filter { !$0.isCalled }
            if !noCalls.isEmpty {
                out += "\nNot callable (result incomplete for these sites; retest or confirm by another method):\n"
                for s in noCalls { out += "* \(s.gene) \(s.hgvsC): \(s.noCallReason ?? "no call")\n" }
            }
            out += "\nSites tested\n------------\n"
            out += pad("Gene", 9) + pad("Variant", 18) + pad("Result", 24) + pad("Depth", 7) + "Ref/Alt reads\n"
            for s in result.sites {
                out += pad(s.gene, 9) + pad(s.hgvsC, 18) + pad(resultWords(s), 24) + pad(String(s.depth), 7)
                    + "\(s.referenceDepth)/\(s.alternateDepth)\n"
            }
            if let qc = result.qc {
                out += "\nQC: \(qc.sitesCalled) of \(qc.sitesTested) sites called; depth median \(String(format: "%.0f", qc.medianDepth)), minimum \(qc.minimumDepth); \(qc.readsProcessed) reads read.\n"
            }
            out += "\nMethod: \(methodWords(result.method)). Calls need at least \(result.model.minimumDepth) informative reads and GQ \(result.model.minimumGenotypeQuality); "
            out += String(format: "mitochondrial variants are reported at heteroplasmy of %.0f%% or more (99%% interval above the threshold).\n", result.model.heteroplasmyThreshold * 100)
            out += "This is a screening test of selected variants only: a negative result does not exclude hereditary hearing loss.\n"
            return out
        }

        /// The HTML report of one sample (self-contained, no scripts).
        public static func html(_ result: SampleResult) -> String {
            func h(_ s: String) -> String {
                s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            }
            var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Screening report \(h(result.sampleID))</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}
            td,th{border:1px solid #999;padding:.2em .5em;text-align:left}.pos{color:#a00;font-weight:bold}.nc{color:#a60}</style>
            </head><body>
            <h1>Hereditary-deafness genetic screening report</h1>
            <p>Sample: <b>\(h(result.sampleID))</b><br>Panel: \(h(result.panel)) (\(h(result.build))); method: \(h(methodWords(result.method)))<br>Software: \(h(result.software))</p>

            """
            if result.status != "ok" {
                out += "<h2>Result not available</h2><p class=\"nc\">The sample could not be screened: \(h(result.error ?? "unknown error"))</p></body></html>\n"
                return out
            }
            out += "<h2>Findings</h2>\n"
            if result.findings.isEmpty {
                out += "<p>No variant of the panel was found at the sites that could be called.</p>\n"
            } else {
                out += "<ul>\n" + result.findings.map { "<li class=\"pos\">\(h($0.text))</li>" }.joined(separator: "\n") + "\n</ul>\n"
            }
            let noCalls = result.sites.filter { !$0.isCalled }
            if !noCalls.isEmpty {
                out += "<h2>Not callable</h2><ul>\n" + noCalls.map { "<li class=\"nc\">\(h($0.gene)) \(h($0.hgvsC)): \(h($0.noCallReason ?? "no call"))</li>" }.joined(separator: "\n") + "\n</ul>\n"
            }
            out += "<h2>Sites tested</h2>\n<table><tr><th>Gene</th><th>Variant</th><th>Protein</th><th>Position</th><th>Result</th><th>Depth</th><th>Ref/Alt reads</th><th>GQ</th></tr>\n"
            for s in result.sites {
                let cls = s.positive ? " class=\"pos\"" : s.isCalled ? "" : " class=\"nc\""
                out += "<tr\(cls)><td>\(h(s.gene))</td><td>\(h(s.hgvsC))</td><td>\(h(s.hgvsP))</td><td>\(h(s.chromosome)):\(s.position)</td><td>\(h(resultWords(s)))</td><td>\(s.depth)</td><td>\(s.referenceDepth)/\(s.alternateDepth)</td><td>\(s.genotypeQuality.map(String.init) ?? "")</td></tr>\n"
            }
            out += "</table>\n"
            if let qc = result.qc {
                out += "<h2>QC</h2><p>\(qc.sitesCalled) of \(qc.sitesTested) sites called; depth median \(String(format: "%.0f", qc.medianDepth)), minimum \(qc.minimumDepth); \(qc.readsProcessed) reads read.</p>\n"
            }
            out += "<p><small>Calls need at least \(result.model.minimumDepth) informative reads and GQ \(result.model.minimumGenotypeQuality). "
            out += String(format: "Mitochondrial variants are reported at heteroplasmy of %.0f%% or more. ", result.model.heteroplasmyThreshold * 100)
            out += "This is a screening test of selected variants only: a negative result does not exclude hereditary hearing loss.</small></p>\n</body></html>\n"
            return out
        }

        /// A short result in words for one site ("heterozygous", "not detected", "homoplasmic 100%", "no call").
        public static func resultWords(_ s: SiteResult) -> String {
            guard s.isCalled else { return "no call" }
            if let hf = s.heteroplasmy {
                return hf.detected ? "\(hf.status.rawValue) \(String(format: "%.0f%%", hf.fraction * 100))" : "not detected"
            }
            switch s.genotype {
            case "0/0": return "not detected (0/0)"
            case "0/1": return "heterozygous (0/1)"
            case "1/1": return "homozygous (1/1)"
            default: return "no call"
            }
        }

        static func methodWords(_ method: String) -> String {
            method == "bam" ? "aligned reads (pileup at each site)" : "reads straight from FASTQ (allele-specific k-mers)"
        }

        static func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
        }
    }

    /// The batch summary: one row per sample, one column per site (GT, heteroplasmy, or `NC` for no-call).
    public enum BatchSummary {
        /// The summary TSV text.
        /// - Parameters:
        ///   - panel: the panel (column order).
        ///   - samples: the results.
        /// - Returns: TSV with a header line.
        public static func tsv(panel: Panel, samples: [SampleResult]) -> String {
            var out = "sample_id\tstatus\tfindings\tsites_called\tmin_depth\t" + panel.sites.map(\.id).joined(separator: "\t") + "\terror\n"
            for sample in samples {
                var row = [sample.sampleID, sample.status,
                           sample.findings.map(\.category).joined(separator: ",").nilIfEmpty ?? "none",
                           sample.qc.map { "\($0.sitesCalled)/\($0.sitesTested)" } ?? "0/\(panel.sites.count)",
                           sample.qc.map { String($0.minimumDepth) } ?? "."]
                for site in panel.sites {
                    guard let r = sample.sites.first(where: { $0.siteID == site.id }) else { row.append("."); continue }
                    if !r.isCalled { row.append("NC"); continue }
                    if let hf = r.heteroplasmy { row.append(hf.detected ? String(format: "HF=%.3f", hf.fraction) : "0") }
                    else { row.append(r.genotype ?? "NC") }
                }
                row.append((sample.error ?? "").replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " "))
                out += row.joined(separator: "\t") + "\n"
            }
            return out
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
