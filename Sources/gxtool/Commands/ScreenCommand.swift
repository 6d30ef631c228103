import ArgumentParser
import Foundation
import Seq

/// `gxtool screen`: genotype a screening panel from BAM or FASTQ, one sample or a plate.
struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Genotype a screening panel (hereditary deafness) from an indexed BAM/CRAM or straight from FASTQ.",
        discussion: """
        One sample:  gxtool screen --panel deafness-9 --bam S1.bam --sample S1 --out OUT
                     gxtool screen --panel deafness-9 --fastq S1_R1.fq.gz S1_R2.fq.gz --sample S1 --out OUT
        A plate:     gxtool screen --panel deafness-9 --sample-sheet plate.tsv --out OUT --threads 8
        Sample sheet: TSV, 'sample_id<TAB>fastq1[<TAB>fastq2]' or 'sample_id<TAB>file.bam' per line (optional header
        'sample_id fastq1 fastq2 bam panel'). A sample that fails (unreadable file, BAM of another build, bad
        per-sample panel) gets an error in its report and the batch goes on; the exit status is then 1.
        Writes per sample ID.vcf, ID.json, ID.report.txt, ID.report.html; per batch summary.tsv, batch.vcf, batch.json.
        """
    )

    @Option(name: .long, help: "Panel: a bundled name (gxtool panel list) or a panel TSV file.")
    var panel = "deafness-9"

    @Option(name: .long, help: "Indexed BAM/CRAM of one sample.")
    var bam: String?

    @Option(name: .long, parsing: .upToNextOption, help: "FASTQ file(s) of one sample: R1 [R2] (plain, gzip or BGZF).")
    var fastq: [String] = []

    @Option(name: .long, help: "Sample id for --bam/--fastq (letters, digits, '.', '-', '_'; names the output files).")
    var sample: String?

    @Option(name: .long, help: "Sample sheet (TSV) of a batch.")
    var sampleSheet: String?

    @Option(name: .long, help: "Reference FASTA the panel is verified against and k-mers are built from (default: the sequence bundled with the panel); also used to decode CRAM.")
    var reference: String?

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(name: .long, help: "Threads (samples run in parallel).")
    var threads = 2

    @Option(name: .long, help: "Minimum informative reads for a call.")
    var minDepth = 15

    @Option(name: .long, help: "Minimum genotype quality for a nuclear call.")
    var minGq = 20

    @Option(name: .long, help: "Minimum mapping quality (BAM path).")
    var minMapq = 20

    @Option(name: .long, help: "Minimum base quality at the site.")
    var minBaseq = 13

    @Option(name: .long, help: "Heteroplasmy fraction at or above which a mitochondrial variant is reported.")
    var heteroplasmyThreshold = 0.03

    @Option(name: .customShort("k"), help: "k-mer length of the FASTQ path (15-32).")
    var kmerLength = 31

    @Flag(name: .long, help: "Write bgzip-compressed, tabix-indexed VCFs (.vcf.gz + .tbi).")
    var bgzip = false

    @Flag(name: .long, help: "Do not print the per-sample summary lines.")
    var quiet = false

    func validate() throws {
        let single = bam != nil || !fastq.isEmpty
        guard single != (sampleSheet != nil) else {
            throw ValidationError("give one sample (--bam or --fastq, with --sample) or a batch (--sample-sheet)")
        }
        if bam != nil && !fastq.isEmpty { throw ValidationError("give --bam or --fastq, not both") }
        if fastq.count > 2 { throw ValidationError("--fastq takes one or two files (R1 [R2])") }
        if single && sample == nil { throw ValidationError("--sample ID is required with --bam/--fastq") }
        if let sample, !Screening.SampleSheet.isSafeIdentifier(sample) {
            throw ValidationError("--sample '\(sample)' may only hold letters, digits, '.', '-' and '_'")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard (15...32).contains(kmerLength) else { throw ValidationError("-k must be between 15 and 32") }
        guard minDepth >= 1 else { throw ValidationError("--min-depth must be at least 1") }
        guard heteroplasmyThreshold > 0 && heteroplasmyThreshold <= 1 else {
            throw ValidationError("--heteroplasmy-threshold must be in (0, 1]")
        }
    }

    func run() throws {
        var model = Screening.GenotypeModel()
        model.minimumDepth = minDepth
        model.minimumGenotypeQuality = minGq
        model.minimumMappingQuality = minMapq
        model.minimumBaseQuality = minBaseq
        model.heteroplasmyThreshold = heteroplasmyThreshold

        let entries: [Screening.SampleEntry]
        let output: Screening.OutputFolder
        do {
            if let sampleSheet {
                entries = try Screening.SampleSheet.load(contentsOf: URL(fileURLWithPath: sampleSheet)).entries
            } else if let bam {
                entries = [.init(sampleID: sample!, input: .alignments(bam))]
            } else {
                entries = [.init(sampleID: sample!, input: .fastq(fastq))]
            }
            output = try Screening.OutputFolder(directory: URL(fileURLWithPath: out), compressVCF: bgzip)
        } catch {
            printError("gxtool screen: \(error)")
            throw ExitCode(1)
        }

        let referencePath = reference
        let batch = Screening.Batch(panel: panel, reference: { try Screening.openReference(path: referencePath) },
                                    referencePath: referencePath, model: model, k: kmerLength)
        // A batch panel that cannot be used fails every sample that relies on it: say so once, up front.
        if entries.contains(where: { $0.panel == nil }) {
            do { _ = try batch.preparedPanel() } catch {
                printError("gxtool screen: panel \(panel): \(error)")
            }
        }
        let progress = ProgressLine("screen")
        let writeErrors = WriteFailures()
        let quiet = self.quiet
        let results = batch.run(entries, threads: threads) { done, total, result in
            let panel = try? batch.preparedPanel(entries.first { $0.sampleID == result.sampleID }?.panel).panel
            do { try output.writeSample(result, panel: panel) } catch {
                printError("gxtool screen: \(result.sampleID): \(error)")
                writeErrors.add()
            }
            progress.update("\(done)/\(total) samples")
            if result.status != "ok" {
                progress.finish()
                printError("gxtool screen: sample \(result.sampleID) failed: \(result.error ?? "unknown error")")
            } else if !quiet {
                progress.finish()
                let qc = result.qc.map { "\($0.sitesCalled)/\($0.sitesTested) called" } ?? ""
                let findings = result.findings.isEmpty ? "no variant found"
                    : result.findings.map { "\($0.text.split(separator: ":").first ?? "") [\($0.category)]" }.joined(separator: "; ")
                print("\(result.sampleID)\t\(qc)\t\(findings)")
            }
        }
        progress.finish()

        var panels: [String: Screening.Panel] = [:]
        var batchPanelName = panel
        for spec in Set(entries.map { $0.panel ?? panel }) {
            if let prepared = try? batch.preparedPanel(spec) {
                panels[prepared.panel.name] = prepared.panel
                if spec == panel { batchPanelName = prepared.panel.name }
            }
        }
        do {
            if entries.count > 1 || sampleSheet != nil {
                try output.writeBatch(results, panels: panels, defaultPanel: batchPanelName)
            }
        } catch {
            printError("gxtool screen: \(error)")
            throw ExitCode(1)
        }
        let failed = results.filter { $0.status != "ok" }.count
        printError("screened \(results.count - failed) of \(results.count) sample(s) into \(output.directory.path)"
                   + (failed > 0 ? "; \(failed) failed (see the errors above and their reports)" : ""))
        if failed > 0 || writeErrors.count > 0 { throw ExitCode(1) }
    }
}

/// Counts output files that could not be written (from worker threads).
private final class WriteFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
