import ArgumentParser
import Foundation
import Seq

/// `gxtool nipt`: Non-invasive prenatal testing (trisomy 21/18/13, sex chromosomes).
struct NiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nipt",
        abstract: "Non-invasive prenatal testing (trisomy 21/18/13, sex chromosomes).",
        discussion: """
        1. Build a reference set from euploid pregnancies once per lab, genome build and bin size:
             gxtool nipt reference --reference-fasta GRCh38.fa -o lab.gxnipt euploid/*.bam
        2. Test samples against it:
             gxtool nipt test --panel lab.gxnipt --out results/ P001.bam P002.bam   (or --sample-sheet batch.tsv)
        `gxtool nipt count` writes the bin counts alone (.gxbins), which both commands also accept as input.
        """,
        subcommands: [NiptCountCommand.self, NiptReferenceCommand.self, NiptTestCommand.self]
    )
}

/// Read filter flags shared by `count` and `reference`.
struct NiptFilterOptions: ParsableArguments {
    @Option(name: .customLong("min-mapq"), help: "Minimum mapping quality of a counted read.")
    var minimumMappingQuality = 10

    @Flag(name: .customLong("keep-duplicates"), help: "Count reads flagged as duplicates (0x400).")
    var keepDuplicates = false

    @Flag(name: .customLong("keep-improper-pairs"), help: "Count paired reads that are not in a proper pair.")
    var keepImproperPairs = false

    var filter: NIPT.ReadFilter {
        var filter = NIPT.ReadFilter()
        filter.minimumMappingQuality = minimumMappingQuality
        filter.dropDuplicates = !keepDuplicates
        filter.dropImproperPairs = !keepImproperPairs
        return filter
    }
}

/// Inputs given as files or through a sample sheet.
struct NiptInputOptions: ParsableArguments {
    @Option(name: .customLong("sample-sheet"), help: "Tab-separated sheet: sample, path (BAM/CRAM/.gxbins) per line.")
    var sampleSheet: String?

    @Option(name: .long, help: "Threads for BAM/CRAM decompression (and the reference build).")
    var threads = 2

    @Argument(help: "Coordinate-sorted, indexed BAM/CRAM files, or .gxbins bin counts.")
    var inputs: [String] = []

    func entries() throws -> [NIPT.SampleSheet.Entry] {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        var entries = inputs.map { NIPT.SampleSheet.Entry(sample: nil, path: $0) }
        if let sampleSheet {
            do { entries += try NIPT.SampleSheet.read(from: sampleSheet).entries } catch {
                printError("gxtool nipt: \(error)")
                throw ExitCode(1)
            }
        }
        guard !entries.isEmpty else { throw ValidationError("give BAM/CRAM/.gxbins files or --sample-sheet") }
        return entries
    }
}

/// Loads the samples one after the other with a progress line; returns the counts and the failures.
func niptLoadCounts(_ entries: [NIPT.SampleSheet.Entry], layout: NIPT.BinLayout, filter: NIPT.ReadFilter, referencePath: String?,
                    threads: Int, command: String, body: (NIPT.SampleSheet.Entry, NIPT.BinCounts) throws -> Void) -> Int {
    var failures = 0
    for (i, entry) in entries.enumerated() {
        let progress = ProgressLine("\(command) [\(i + 1)/\(entries.count)] \(entry.path)")
        do {
            let counts = try NIPT.loadCounts(path: entry.path, sample: entry.sample, layout: layout, filter: filter,
                                             referencePath: referencePath, threads: threads) { n in progress.update("\(n) records") }
            progress.finish()
            try body(entry, counts)
        } catch {
            progress.finish()
            printError("gxtool \(command): \(error)")
            failures += 1
        }
    }
    return failures
}

/// `gxtool nipt count`: read starts per bin (.gxbins).
struct NiptCountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count read starts per bin of each BAM/CRAM in one streaming pass and write .gxbins files."
    )

    @Option(name: .customLong("bin-size"), help: "Bin width in bases.")
    var binSize = 50_000

    @Option(name: .customLong("reference-fasta"), help: "Reference FASTA (needed for CRAM; its chromosomes must match the BAM's).")
    var referenceFasta: String?

    @Option(name: [.short, .customLong("out")], help: "Output folder for <sample>.gxbins (default: the current folder).")
    var out = "."

    @OptionGroup var filterOptions: NiptFilterOptions
    @OptionGroup var inputOptions: NiptInputOptions

    func run() throws {
        let entries = try inputOptions.entries()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var failures = 0
        for entry in entries {
            let progress = ProgressLine("nipt count \(entry.path)")
            do {
                let reader = try Alignment.Reader(path: entry.path, referencePath: referenceFasta, threads: 1, fields: .core)
                let layout = try NIPT.BinLayout(binSize: binSize, sequences: reader.header.referenceSequences.map { ($0.name, $0.length) })
                var counts = try NIPT.BinCounter(layout: layout, filter: filterOptions.filter)
                    .count(path: entry.path, referencePath: referenceFasta, threads: inputOptions.threads) { n in progress.update("\(n) records") }
                progress.finish()
                if let sample = entry.sample { counts.sample = sample }
                let path = out + "/" + niptFileName(counts.sample) + ".gxbins"
                try counts.write(to: path)
                let s = counts.statistics
                print("\(counts.sample)\t\(s.records) records\t\(s.counted) counted\t\(s.lowMappingQuality) low MAPQ\t\(s.duplicate) duplicates\t\(s.unmapped) unmapped\t\(path)")
            } catch {
                progress.finish()
                printError("gxtool nipt count: \(error)")
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// `gxtool nipt reference`: build a reference set from euploid samples.
struct NiptReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Build a NIPT reference set (.gxnipt) from euploid pregnancies, with QC of the set itself.",
        discussion: "Writes OUT (the set) and OUT.qc.tsv (one row per sample: kept or left out, and why)."
    )

    @Option(name: .customLong("reference-fasta"), help: "Reference FASTA the samples were aligned to (GC per bin is computed once and cached beside it).")
    var referenceFasta: String?

    @Option(name: .customLong("gc-table"), help: "A gx GC table instead of the FASTA (e.g. the simulator's gc-<bin>.tsv).")
    var gcTable: String?

    @Option(name: .customLong("bin-size"), help: "Bin width in bases.")
    var binSize = 50_000

    @Option(name: .long, help: "BED of regions to mask (centromeres, CNV hot spots).")
    var blacklist: String?

    @Option(name: .long, help: "within-sample (WisecondorX reference bins), pca, or gc-only (NIPTeR chromosome fractions).")
    var normalization: String = NIPT.Normalization.withinSample.rawValue

    @Option(name: .long, help: "Reference bins per bin (within-sample).")
    var neighbours = 100

    @Option(name: .customLong("outlier-z"), help: "Leave out reference samples whose autosome fraction |z| exceeds this.")
    var outlierZ = 4.0

    @Option(name: .customLong("min-reads"), help: "Leave out reference samples with fewer counted reads.")
    var minimumReads = 1_000_000

    @Option(name: [.short, .customLong("output")], help: "The reference set file to write (.gxnipt).")
    var output: String

    @OptionGroup var filterOptions: NiptFilterOptions
    @OptionGroup var inputOptions: NiptInputOptions

    func run() throws {
        let entries = try inputOptions.entries()
        guard let method = NIPT.Normalization(rawValue: normalization) else {
            throw ValidationError("--normalization must be one of \(NIPT.Normalization.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (referenceFasta == nil) != (gcTable == nil) else { throw ValidationError("give exactly one of --reference-fasta and --gc-table") }
        var parameters = NIPT.ReferenceSet.Parameters()
        parameters.normalization = method
        parameters.neighbours = neighbours
        parameters.outlierZ = outlierZ
        parameters.minimumReads = minimumReads
        parameters.readFilter = filterOptions.filter
        do {
            let annotation: NIPT.BinAnnotation
            if let gcTable {
                annotation = try NIPT.BinAnnotation.load(table: gcTable).annotation
            } else {
                let progress = ProgressLine("nipt reference")
                progress.update("GC content of \(referenceFasta!) in \(binSize)-bp bins")
                annotation = try NIPT.BinAnnotation.cached(fasta: referenceFasta!, binSize: binSize)
                progress.finish()
            }
            let blacklistRegions = try blacklist.map { try NIPT.Blacklist.load(bed: $0) }
            var samples: [NIPT.BinCounts] = [], sources: [String] = []
            let failures = niptLoadCounts(entries, layout: annotation.layout, filter: parameters.readFilter,
                                          referencePath: referenceFasta, threads: inputOptions.threads, command: "nipt reference") { entry, counts in
                samples.append(counts); sources.append(entry.path)
            }
            if failures > 0 {
                printError("gxtool nipt reference: \(failures) of \(entries.count) inputs could not be read; no reference set written")
                throw ExitCode(1)
            }
            let progress = ProgressLine("nipt reference")
            let set = try NIPT.ReferenceBuilder.build(samples: samples, sources: sources, annotation: annotation, blacklist: blacklistRegions,
                                                      parameters: parameters, threads: inputOptions.threads) { progress.update($0) }
            progress.finish()
            try set.write(to: output)
            try set.qcTSV.write(toFile: output + ".qc.tsv", atomically: true, encoding: .utf8)
            print(set.summary + "wrote \(output) and \(output).qc.tsv", terminator: "\n")
        } catch let error as SeqError {
            printError("gxtool nipt reference: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `gxtool nipt test`: test samples against a reference set.
struct NiptTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Test samples against a reference set: trisomy 21/18/13, sex chromosomes, fetal sex and fraction, QC.",
        discussion: """
        Writes, in --out: <sample>.json (all statistics), <sample>.html (report with the genome plot), <sample>.svg
        (the plot), and results.tsv (one row per sample). Prints one line per sample. A sample that fails QC gets
        status "no call" with its reasons; unreadable or incompatible inputs are errors (exit code 1).
        """
    )

    @Option(name: .long, help: "The reference set (.gxnipt) from `gxtool nipt reference`.")
    var panel: String

    @Option(name: .long, help: "Output folder.")
    var out: String

    @Option(name: .customLong("reference-fasta"), help: "Reference FASTA (for CRAM decoding).")
    var referenceFasta: String?

    @Option(name: .customLong("z-threshold"), help: "Call a chromosome at |z| at or above this.")
    var zThreshold = 3.0

    @Option(name: .customLong("min-reads"), help: "Fewer counted reads gives no call.")
    var minimumReads = 3_500_000

    @Option(name: .customLong("min-fetal-fraction"), help: "A lower fetal fraction (percent) gives no call.")
    var minimumFetalFraction = 4.0

    @OptionGroup var inputOptions: NiptInputOptions

    func run() throws {
        let entries = try inputOptions.entries()
        let reference: NIPT.ReferenceSet
        do { reference = try NIPT.ReferenceSet.read(from: panel) } catch {
            printError("gxtool nipt test: \(error)")
            throw ExitCode(1)
        }
        var options = NIPT.Analyzer.Options()
        options.zThreshold = zThreshold
        options.minimumReads = minimumReads
        options.minimumFetalFraction = minimumFetalFraction / 100
        let analyzer = NIPT.Analyzer(reference: reference, options: options)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var rows: [String] = [NIPT.Report.tsvHeader]
        var usedNames: Set<String> = []
        let failures = niptLoadCounts(entries, layout: reference.header.layout, filter: reference.header.parameters.readFilter,
                                      referencePath: referenceFasta, threads: inputOptions.threads, command: "nipt test") { entry, counts in
            let result = try analyzer.analyze(counts, source: entry.path)
            var name = niptFileName(result.sample)
            var k = 2
            while usedNames.contains(name) { name = niptFileName(result.sample) + "-\(k)"; k += 1 }
            usedNames.insert(name)
            let base = out + "/" + name
            try NIPT.Report.json(result).write(to: URL(fileURLWithPath: base + ".json"))
            try NIPT.Report.svg(result, layout: reference.header.layout).write(toFile: base + ".svg", atomically: true, encoding: .utf8)
            try NIPT.Report.html(result, layout: reference.header.layout).write(toFile: base + ".html", atomically: true, encoding: .utf8)
            rows.append(NIPT.Report.tsvRow(result))
            print("\(result.sample)\t\(result.status)\t\(result.resultLine)")
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: out + "/results.tsv", atomically: true, encoding: .utf8)
        if failures > 0 { throw ExitCode(1) }
    }
}

/// A sample name made safe as a file name.
func niptFileName(_ sample: String) -> String {
    let safe = String(sample.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    return safe.isEmpty || safe.hasPrefix(".") ? "sample" + safe : safe
}
