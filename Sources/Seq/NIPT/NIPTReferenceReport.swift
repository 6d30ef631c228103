import Foundation

extension NIPT.ReferenceSet {
    /// The QC table of the reference samples as TSV (header line included): one row per sample offered, with
    /// whether it was kept and, if not, why (too few reads, an outlier autosome fraction, a noisy profile).
    public var qcTSV: String {
        func f(_ v: Double?, _ digits: Int) -> String {
            guard let v, v.isFinite else { return "NA" }
            return String(format: "%.\(digits)f", v)
        }
        var out = "sample\tincluded\treason\treads\tfetal_sex\tff_chrY_percent\tnoise\tmax_abs_autosome_z\tmax_z_chromosome\n"
        for s in header.samples {
            out += [s.sample, s.included ? "yes" : "no", s.reason.isEmpty ? "-" : s.reason, String(s.reads), s.fetalSex,
                    f(s.fetalFractionY.map { $0 * 100 }, 2), f(s.noiseRatio, 3), f(s.maximumAbsoluteZ, 2),
                    s.maximumZChromosome.isEmpty ? "-" : s.maximumZChromosome].joined(separator: "\t") + "\n"
        }
        return out
    }

    /// A few lines for a person: samples kept and left out, sexes, bins, model, and each chromosome's null.
    public var summary: String {
        let kept = header.samples.filter(\.included)
        let left = header.samples.filter { !$0.included }
        var lines: [String] = []
        lines.append("reference set: \(header.samples.count) samples offered, \(kept.count) kept (\(kept.filter { $0.fetalSex == "female" }.count) female, \(kept.filter { $0.fetalSex == "male" }.count) male fetuses), \(left.count) left out")
        for s in left { lines.append("  left out \(s.sample): \(s.reason)") }
        let usable = flags.filter { $0 & 1 != 0 }.count
        lines.append("bins: \(header.layout.binCount) of \(header.layout.binSize) bp (\(header.build)), \(usable) usable, \(header.yModel.informativeBins) informative chrY bins")
        var model = "normalization: \(header.parameters.normalization.rawValue)"
        switch header.parameters.normalization {
        case .withinSample: model += " (\(header.modelWidth) reference bins per bin)"
        case .pca: model += " (\(header.modelWidth) components)"
        case .gcOnly: break
        }
        if let fragment = header.fragmentModel {
            model += "; fragment-size fetal fraction model from \(fragment.samples) male pregnancies, expected error ±\(String(format: "%.2f", fragment.residualSD * 100)) points"
        }
        lines.append(model)
        let cv = [NIPT.Chromosome.chr13, .chr18, .chr21, .x].compactMap { c -> String? in
            guard let null = null(of: c) else { return nil }
            return "\(c) ratio CV \(String(format: "%.3f", null.ratioSD / null.ratioMean * 100))%"
        }
        lines.append("null: " + cv.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
