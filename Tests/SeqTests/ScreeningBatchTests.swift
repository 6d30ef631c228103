import Foundation
import Testing
@testable import Seq
import TestSupport

@Test func sampleSheetReadsFastqAndBamRowsWithOrWithoutHeader() throws {
    let base = URL(fileURLWithPath: "/data/plate")
    let plain = try Screening.SampleSheet.parse("# plate 1\nS1\tS1_R1.fq.gz\tS1_R2.fq.gz\nS2\t/abs/S2.bam\nS3\tS3.fq\n",
                                                origin: "sheet.tsv", baseDirectory: base)
    #expect(plain.entries.map(\.sampleID) == ["S1", "S2", "S3"])
    #expect(plain.entries[0].input == .fastq(["/data/plate/S1_R1.fq.gz", "/data/plate/S1_R2.fq.gz"]))
    #expect(plain.entries[1].input == .alignments("/abs/S2.bam"))
    #expect(plain.entries[2].input == .fastq(["/data/plate/S3.fq"]))
    #expect(plain.entries[1].line == 3)

    let headed = try Screening.SampleSheet.parse("sample_id\tbam\tpanel\nA\ta.cram\tdeafness-15\n", origin: "h.tsv")
    #expect(headed.entries[0].input == .alignments("a.cram") && headed.entries[0].panel == "deafness-15")
}

@Test func sampleSheetErrorsNameTheLine() throws {
    func message(_ text: String) -> String {
        do { _ = try Screening.SampleSheet.parse(text, origin: "s.tsv"); return "no error" } catch { return "\(error)" }
    }
    #expect(message("S1\ta.fq\nS1\tb.fq\n") == "s.tsv:2: sample id 'S1' repeats the one on line 1")
    #expect(message("S1\n") .hasPrefix("s.tsv:1: expected sample_id<TAB>fastq1"))
    #expect(message("S1\ta.bam\tb.bam\n") == "s.tsv:1: a BAM/CRAM sample takes one file, found 2")
    #expect(message("../x\ta.fq\n").hasPrefix("s.tsv:1: sample id '../x' may only hold"))
    #expect(message("sample_id\tfastq1\tcolour\n").hasPrefix("s.tsv:1: unknown sample-sheet column 'colour'"))
    #expect(message("# nothing\n") == "s.tsv: the sample sheet lists no samples")
}

@Test func heteroplasmyBoundsAreExactBinomial() {
    // 0 of 169 reads: P(X = 0 | 3 %) = 0.97^169 = 0.0058 < 0.01, so the fraction is below 3 %.
    let (lower, upper) = Screening.GenotypeModel.clopperPearsonBounds(successes: 0, trials: 169, alpha: 0.01)
    #expect(lower == 0)
    #expect(abs(upper - (1 - pow(0.01, 1.0 / 169))) < 1e-9)
    // 10 of 20: the 98 % Clopper-Pearson interval (R: binom.test(10, 20, conf.level = 0.98)$conf.int = 0.2390, 0.7610).
    let (l2, u2) = Screening.GenotypeModel.clopperPearsonBounds(successes: 10, trials: 20, alpha: 0.01)
    #expect(abs(l2 - 0.23896) < 0.0001 && abs(u2 - 0.76104) < 0.0001)
}

/// A batch with broken samples among good ones: each broken one fails with a clear error, the rest are screened.
@Test func aBadSampleFailsAloneAndTheBatchGoesOn() throws {
    let plate = try SimulatedPlate.shared.get()
    try #require(commandExists("samtools"), "samtools is not installed (make setup installs it)")
    let dir = try TestPaths.temporaryDirectory("bad-samples")
    let good = plate.samples[6], other = plate.samples[7]
    // A BAM whose header says hg19 chrM (16,571 bp, not rCRS), and one with the GRCh37 length of chr13.
    var bams: [String: String] = [:]
    for (name, edit) in [("hg19chrM", "s/LN:16569/LN:16571/"), ("grch37", "s/SN:chr13\\tLN:[0-9]*/SN:chr13\\tLN:115169878/")] {
        let path = dir.appendingPathComponent("\(name).bam").path
        let run = try runShell("samtools view -H '\(plate.bam(good))' | sed '\(edit)' > '\(dir.path)/h.sam' && samtools reheader '\(dir.path)/h.sam' '\(plate.bam(good))' > '\(path)' && samtools index '\(path)'")
        try #require(run.status == 0, "\(run.stderr)")
        bams[name] = path
    }
    let unindexed = dir.appendingPathComponent("unindexed.bam").path
    try FileManager.default.copyItem(atPath: plate.bam(good), toPath: unindexed)
    let malformed = dir.appendingPathComponent("bad_R1.fastq").path
    try "@r1\nACGTACGT\n+\nIIII\n".write(toFile: malformed, atomically: true, encoding: .utf8)
    let short = dir.appendingPathComponent("short_R2.fastq").path
    try "@x/2\nACGT\n+\nIIII\n".write(toFile: short, atomically: true, encoding: .utf8)
    // A panel whose c.235delC REF disagrees with the reference, used by one sample only.
    var badPanel = try Screening.Panel.bundled(named: "deafness-9")
    badPanel.name = "bad-panel"
    badPanel.sites[2].reference = "AT"
    let badPanelPath = dir.appendingPathComponent("bad-panel.tsv").path
    try badPanel.tsv().write(toFile: badPanelPath, atomically: true, encoding: .utf8)

    let entries: [Screening.SampleEntry] = [
        .init(sampleID: "good_bam", input: .alignments(plate.bam(good))),
        .init(sampleID: "missing", input: .fastq([dir.appendingPathComponent("nope_R1.fastq").path])),
        .init(sampleID: "hg19chrM", input: .alignments(bams["hg19chrM"]!)),
        .init(sampleID: "grch37", input: .alignments(bams["grch37"]!)),
        .init(sampleID: "unindexed", input: .alignments(unindexed)),
        .init(sampleID: "malformed", input: .fastq([malformed])),
        .init(sampleID: "unpaired", input: .fastq([plate.fastq(other)[0], short])),
        .init(sampleID: "bad_panel", input: .fastq(plate.fastq(other)), panel: badPanelPath),
        .init(sampleID: "good_fastq", input: .fastq(plate.fastq(other))),
    ]
    let batch = Screening.Batch(panel: "deafness-9", reference: { try Screening.BundledReference.grch38() })
    let results = batch.run(entries, threads: 2)
    let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.sampleID, $0) })
    #expect(byID["good_bam"]?.status == "ok" && byID["good_fastq"]?.status == "ok")
    #expect(byID["good_fastq"]?.sites.count == 6)
    func error(_ id: String) -> String { byID[id]?.status == "failed" ? byID[id]?.error ?? "" : "did not fail" }
    #expect(error("missing").contains("nope_R1.fastq"))
    #expect(error("hg19chrM").contains("UCSC hg19 chrM"), "\(error("hg19chrM"))")
    #expect(error("grch37").contains("which is GRCh37, but the panel is GRCh38"), "\(error("grch37"))")
    #expect(error("unindexed").contains("samtools index"), "\(error("unindexed"))")
    #expect(error("malformed").contains("bad_R1.fastq"), "\(error("malformed"))")
    #expect(error("unpaired").contains("mate files must pair"), "\(error("unpaired"))")
    #expect(error("bad_panel").contains("REF AT disagrees with the reference AG at chr13:20189346"), "\(error("bad_panel"))")
    // The failed sample's report says it could not be screened.
    let report = Screening.Report.text(byID["hg19chrM"]!)
    #expect(report.contains("RESULT: NOT AVAILABLE"))
}

@Test func outputFolderWritesSampleAndBatchFilesAndBgzippedVCF() throws {
    let plate = try SimulatedPlate.shared.get()
    let batch = Screening.Batch(panel: "deafness-9", reference: { try Screening.BundledReference.grch38() })
    let results = batch.run(plate.samples.prefix(3).map { .init(sampleID: $0, input: .alignments(plate.bam($0))) }, threads: 2)
    let dir = try TestPaths.temporaryDirectory("screen-out")
    let output = try Screening.OutputFolder(directory: dir, compressVCF: true)
    let panel = try batch.preparedPanel().panel
    for result in results { try output.writeSample(result, panel: panel) }
    try output.writeBatch(results, panels: [panel.name: panel], defaultPanel: panel.name)
    for name in ["\(plate.samples[0]).vcf.gz", "\(plate.samples[0]).vcf.gz.tbi", "\(plate.samples[0]).json",
                 "\(plate.samples[0]).report.txt", "\(plate.samples[0]).report.html", "summary.tsv", "batch.vcf.gz",
                 "batch.vcf.gz.tbi", "batch.json"] {
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name) missing")
    }
    let summary = try String(contentsOf: dir.appendingPathComponent("summary.tsv"), encoding: .utf8).split(separator: "\n")
    #expect(summary.count == 4 && summary[0].hasPrefix("sample_id\tstatus"))
    try #require(commandExists("bcftools"), "bcftools is not installed (make setup installs it)")
    let view = try runShell("bcftools view -H -r chr13:20189346 '\(dir.appendingPathComponent("batch.vcf.gz").path)'")
    #expect(view.status == 0, "\(view.stderr)")
    #expect(view.stdout.split(separator: "\n").count == 1 && view.stdout.contains("PANEL_ID=GJB2_c.235delC"))
    let decoded = try JSONDecoder().decode([Screening.SampleResult].self, from: Data(contentsOf: dir.appendingPathComponent("batch.json")))
    #expect(decoded.map(\.sampleID) == Array(plate.samples.prefix(3)))
}
