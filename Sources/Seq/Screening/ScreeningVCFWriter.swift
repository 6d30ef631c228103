import Foundation

extension Screening {
    /// Writes screening results as VCF 4.3: one record per panel site, one column per sample.
    ///
    /// FORMAT is `GT:GQ:DP:AD:ADF:ADR:PL:HF:FT`. Nuclear sites carry a diploid GT (`./.` for a no-call);
    /// mitochondrial sites a haploid GT (`1` detected, `0` not detected, `.` no-call) with the heteroplasmy
    /// fraction in HF. FT is `PASS` or the no-call reason code (`LowDepth`, `LowGQ`, `HetUncertain`, `Failed`).
    /// INFO carries GENE, HGVSC, HGVSP, PANEL_ID (percent-encoded per VCF 4.3).
    public enum VCFWriter {
        /// The VCF text for samples screened on the same panel.
        /// - Parameters:
        ///   - panel: the panel (defines the records).
        ///   - samples: the results, one column each (a failed sample gets missing values and FT `Failed`).
        ///   - contigLengths: contig lengths for the `##contig` lines (from the BAM header or reference); the
        ///     build's known lengths are used for contigs not given.
        /// - Returns: the VCF text.
        public static func vcf(panel: Panel, samples: [SampleResult], contigLengths: [String: Int] = [:]) -> String {
            var out = "##fileformat=VCFv4.3\n"
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd"; formatter.timeZone = TimeZone(identifier: "UTC")
            out += "##fileDate=\(formatter.string(from: Date()))\n"
            out += "##source=gx-\(Screening.version) screening (panel \(encode(panel.name)))\n"
            out += "##reference=\(panel.build)\n"
            var contigs: [String] = []
            for site in panel.sites where !contigs.contains(site.chromosome) { contigs.append(site.chromosome) }
            for contig in contigs {
                let length = contigLengths[contig]
                    ?? GenomeBuild.lengths[panel.build]?[GenomeBuild.canonicalName(contig)]
                    ?? (GenomeBuild.canonicalName(contig) == "M" ? 16_569 : nil)
                out += length.map { "##contig=<ID=\(contig),length=\($0),assembly=\(panel.build)>\n" }
                    ?? "##contig=<ID=\(contig),assembly=\(panel.build)>\n"
            }
            out += """
            ##INFO=<ID=GENE,Number=1,Type=String,Description="Gene symbol">
            ##INFO=<ID=HGVSC,Number=1,Type=String,Description="HGVS c. or m. name on the panel transcript">
            ##INFO=<ID=HGVSP,Number=1,Type=String,Description="HGVS p. name">
            ##INFO=<ID=TRANSCRIPT,Number=1,Type=String,Description="Transcript of the HGVS names">
            ##INFO=<ID=PANEL_ID,Number=1,Type=String,Description="gx panel site id">
            ##INFO=<ID=MT,Number=0,Type=Flag,Description="Mitochondrial site: GT is haploid presence, HF the heteroplasmy fraction">
            ##FILTER=<ID=PASS,Description="All filters passed">
            ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype (mitochondrial: 1 detected at or above the reporting threshold, 0 not detected)">
            ##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality (phred, capped at 99)">
            ##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Reads counted at the site after filters">
            ##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths (REF, ALT)">
            ##FORMAT=<ID=ADF,Number=R,Type=Integer,Description="Allelic depths on the forward strand">
            ##FORMAT=<ID=ADR,Number=R,Type=Integer,Description="Allelic depths on the reverse strand">
            ##FORMAT=<ID=PL,Number=G,Type=Integer,Description="Phred-scaled genotype likelihoods (nuclear sites)">
            ##FORMAT=<ID=HF,Number=A,Type=Float,Description="Heteroplasmy fraction ALT/(REF+ALT) (mitochondrial sites)">
            ##FORMAT=<ID=FT,Number=1,Type=String,Description="Sample filter: PASS, LowDepth, LowGQ, HetUncertain (heteroplasmy straddles the reporting threshold) or Failed">

            """
            out += "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT"
            for sample in samples { out += "\t" + sample.sampleID }
            out += "\n"
            let order = panel.sites.indices.sorted {
                let a = panel.sites[$0], b = panel.sites[$1]
                let ca = contigs.firstIndex(of: a.chromosome)!, cb = contigs.firstIndex(of: b.chromosome)!
                return ca != cb ? ca < cb : a.position < b.position
            }
            for index in order {
                let site = panel.sites[index]
                var info = "GENE=\(encode(site.gene));HGVSC=\(encode(site.hgvsC))"
                if site.hgvsP != "." { info += ";HGVSP=\(encode(site.hgvsP))" }
                info += ";TRANSCRIPT=\(encode(site.transcript));PANEL_ID=\(encode(site.id))"
                if site.isMitochondrial { info += ";MT" }
                out += "\(site.chromosome)\t\(site.position)\t\(site.rsID == "" ? "." : site.rsID)\t\(site.reference)\t\(site.alternate)\t.\tPASS\t\(info)\tGT:GQ:DP:AD:ADF:ADR:PL:HF:FT"
                for sample in samples {
                    out += "\t" + column(sample.sites.first { $0.siteID == site.id }, mitochondrial: site.isMitochondrial)
                }
                out += "\n"
            }
            return out
        }

        static func column(_ result: SiteResult?, mitochondrial: Bool) -> String {
            guard let r = result else { return (mitochondrial ? "." : "./.") + ":.:.:.:.:.:.:.:Failed" }
            let ad = "\(r.referenceDepth),\(r.alternateDepth)"
            let adf = "\(r.strandCounts[0]),\(r.strandCounts[2])", adr = "\(r.strandCounts[1]),\(r.strandCounts[3])"
            let ft: String
            if let reason = r.noCallReason {
                ft = reason.hasPrefix("low depth") ? "LowDepth" : reason.hasPrefix("low genotype") ? "LowGQ" : "HetUncertain"
            } else { ft = "PASS" }
            if mitochondrial {
                let gt = r.isCalled ? (r.positive ? "1" : "0") : "."
                let hf = r.heteroplasmy.map { String(format: "%.4f", $0.fraction) } ?? "."
                return "\(gt):.:\(r.depth):\(ad):\(adf):\(adr):.:\(hf):\(ft)"
            }
            let gt = r.genotype ?? "./."
            let pl = r.phredLikelihoods.map { $0.map(String.init).joined(separator: ",") } ?? "."
            return "\(gt):\(r.genotypeQuality.map(String.init) ?? "."):\(r.depth):\(ad):\(adf):\(adr):\(pl):.:\(ft)"
        }

        /// Percent-encodes the characters VCF 4.3 reserves in INFO values (`:;=%,`, whitespace).
        static func encode(_ value: String) -> String {
            var out = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case ":", ";", "=", "%", ",", " ", "\t", "\n", "\r":
                    out += String(format: "%%%02X", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }
}
