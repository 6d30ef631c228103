import Foundation
import Testing
@testable import Seq
import TestSupport

/// One bcftools record at a site: normalised alleles and the GT's allele indices.
private struct BcftoolsRecord {
    var position: Int
    var reference: String
    var alternates: [String]
    var genotype: [Int]       // allele indices; empty when missing
    var alleleDepths: [Int]
}

/// Trims the common suffix of REF and ALT (bcftools writes AGGG>AGG where the panel has AG>A).
private func normalise(_ reference: String, _ alternate: String) -> (String, String) {
    var r = Array(reference), a = Array(alternate)
    while r.count > 1 && a.count > 1 && r.last == a.last { r.removeLast(); a.removeLast() }
    return (String(r), String(a))
}

/// Runs, for every BAM, `bcftools mpileup -a AD,DP -T sites | bcftools call -m` (into BAM.called.vcf) and the
/// mpileup alone (BAM.pileup.vcf: its AD keeps every allele seen), two samples at a time.
private func runBcftools(bams: [String], reference: String, sites: String) throws {
    // -d/-L lifted so that the 500× samples are not capped (mpileup's defaults stop indel calling above 250 reads).
    let mpileup = "bcftools mpileup -f '\(reference)' -a AD,DP -T '\(sites)' -d 10000 -L 10000"
    let script = "set -o pipefail; \(mpileup) \"$1\" 2>/dev/null | bcftools call -m -o \"$1.called.vcf\" 2>/dev/null && \(mpileup) -o \"$1.pileup.vcf\" \"$1\" 2>/dev/null"
    let scriptFile = URL(fileURLWithPath: sites).deletingLastPathComponent().appendingPathComponent("bcftools-one.sh")
    try script.write(to: scriptFile, atomically: true, encoding: .utf8)
    let listFile = scriptFile.deletingLastPathComponent().appendingPathComponent("bams.txt")
    try (bams.joined(separator: "\n") + "\n").write(to: listFile, atomically: true, encoding: .utf8)
    let run = try runShell("xargs -P 2 -n 1 bash '\(scriptFile.path)' < '\(listFile.path)'")
    guard run.status == 0 else { throw PlateError(message: "bcftools failed: \(run.stderr)") }
}

/// Parses a bcftools VCF of one sample.
private func bcftoolsRecords(_ path: String) throws -> [BcftoolsRecord] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var records: [BcftoolsRecord] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let f = line.split(separator: "\t").map(String.init)
        let reference = f[3]
        let alternates = f[4] == "." ? [] : f[4].split(separator: ",").map(String.init)
        let keys = f[8].split(separator: ":").map(String.init), values = f[9].split(separator: ":").map(String.init)
        var fields: [String: String] = [:]
        for (k, v) in zip(keys, values) { fields[k] = v }
        let genotype = (fields["GT"] ?? ".").split(whereSeparator: { $0 == "/" || $0 == "|" }).compactMap { Int($0) }
        let depths = (fields["AD"] ?? "").split(separator: ",").compactMap { Int($0) }
        records.append(BcftoolsRecord(position: Int(f[1])!, reference: reference, alternates: alternates,
                                      genotype: genotype, alleleDepths: depths))
    }
    return records
}

/// The 1-based allele index of the panel's ALT in a bcftools record (alleles compared after trimming).
private func alleleIndex(_ record: BcftoolsRecord, _ site: Screening.Site) -> Int? {
    for (i, alternate) in record.alternates.enumerated() where alternate != "<*>" {
        let (r, a) = normalise(record.reference, alternate)
        if r == site.reference && a == site.alternate { return i + 1 }
    }
    return nil
}

/// bcftools' genotype at a panel site as a count of the panel's ALT allele (0, 1, 2), or nil when it has no
/// record there or its record holds another allele.
private func bcftoolsAlternateCount(_ records: [BcftoolsRecord], site: Screening.Site) -> Int? {
    let here = records.filter { $0.position == site.position }
    guard !here.isEmpty else { return nil }
    for record in here {
        if let index = alleleIndex(record, site) {
            guard record.genotype.count == 2 else { return nil }
            if record.genotype.contains(where: { $0 != 0 && $0 != index }) { return nil }
            return record.genotype.filter { $0 == index }.count
        }
    }
    // No record carries the panel's ALT: bcftools saw the reference (0/0) if every record there says so.
    return here.allSatisfy { $0.genotype == [0, 0] } ? 0 : nil
}

@Suite(.serialized) struct ScreeningBcftoolsAgreementTests {
    @Test func genotypesEqualBcftoolsMpileupCallAtDepth15OrMore() throws {
        try #require(commandExists("bcftools"), "bcftools is not installed (make setup installs it): the agreement test cannot run")
        try #require(commandExists("bgzip") && commandExists("tabix"), "bgzip/tabix are not installed (make setup installs tabix)")
        let plate = try SimulatedPlate.shared.get()
        let panel = try Screening.Panel.bundled(named: "deafness-extended")
        // The panel's sites as a tabix-indexed TSV for -T.
        let sites = plate.directory.appendingPathComponent("sites.tsv")
        let sorted = panel.sites.sorted { ($0.chromosome, $0.position) < ($1.chromosome, $1.position) }
        try sorted.map { "\($0.chromosome)\t\($0.position)\t\($0.reference),\($0.alternate)" }.joined(separator: "\n")
            .appending("\n").write(to: sites, atomically: true, encoding: .utf8)
        let index = try runShell("bgzip -f '\(sites.path)' && tabix -f -s1 -b2 -e2 '\(sites.path).gz'")
        try #require(index.status == 0, "cannot index the sites: \(index.stderr)")

        let batch = Screening.Batch(panel: "deafness-extended", reference: { try Screening.BundledReference.grch38() })
        try runBcftools(bams: plate.samples.map(plate.bam), reference: plate.reference, sites: sites.path + ".gz")
        var compared = 0, mitochondrialCompared = 0
        for sample in plate.samples {
            let result = batch.screen(.init(sampleID: sample, input: .alignments(plate.bam(sample))))
            try #require(result.status == "ok", "\(sample): \(result.error ?? "")")
            let records = try bcftoolsRecords(plate.bam(sample) + ".called.vcf")
            let pileup = try bcftoolsRecords(plate.bam(sample) + ".pileup.vcf")
            for (site, gx) in zip(panel.sites, result.sites) where gx.referenceDepth + gx.alternateDepth >= 15 {
                if site.isMitochondrial {
                    // bcftools has no heteroplasmy model (and call drops the ALT of a hom-ref site): compare the
                    // allele fractions of mpileup's AD with gx's.
                    guard let record = pileup.first(where: { $0.position == site.position }), record.alleleDepths.count >= 1 else { continue }
                    let altIndex = alleleIndex(record, site)
                    let alt = altIndex.map { $0 < record.alleleDepths.count ? record.alleleDepths[$0] : 0 } ?? 0
                    let total = record.alleleDepths.reduce(0, +)
                    guard total >= 15 else { continue }
                    let fraction = Double(alt) / Double(total)
                    #expect(abs(fraction - gx.heteroplasmy!.fraction) < 0.05,
                            "\(sample) \(site.id): bcftools AD fraction \(fraction), gx \(gx.heteroplasmy!.fraction)")
                    mitochondrialCompared += 1
                    continue
                }
                guard gx.isCalled else { continue }
                let expected = bcftoolsAlternateCount(records, site: site)
                #expect(expected != nil, "\(sample) \(site.id): bcftools has no usable record (gx \(gx.genotype ?? "-"))")
                let gxCount = gx.genotype == "0/0" ? 0 : gx.genotype == "0/1" ? 1 : 2
                #expect(expected == gxCount, "\(sample) \(site.id): bcftools \(expected.map(String.init) ?? "-") ALT copies, gx \(gx.genotype ?? "-") (AD \(gx.referenceDepth),\(gx.alternateDepth))")
                compared += 1
            }
        }
        #expect(compared >= 60, "only \(compared) nuclear calls compared")
        #expect(mitochondrialCompared >= 30, "only \(mitochondrialCompared) mitochondrial sites compared")
    }
}
