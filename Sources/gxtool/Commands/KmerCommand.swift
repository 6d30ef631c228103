import ArgumentParser
import Foundation
import Seq

/// `gxtool kmer`: k-mer counting, histograms and queries.
struct KmerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmer",
        abstract: "k-mer counting, histograms and queries.",
        subcommands: [KmerCountCommand.self, KmerHistoCommand.self, KmerDumpCommand.self,
                      KmerQueryCommand.self, KmerScanCommand.self]
    )
}

/// Runs a library call, turning its error into `gxtool kmer <command>: message` on stderr and exit 1.
private func reportingErrors<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("gxtool kmer \(command): \(error)")
        throw ExitCode(1)
    }
}

/// Writes text to standard output unbuffered (so it stays in order with messages on stderr).
private func writeStandardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// `gxtool kmer count`: exact k-mer counts of FASTQ/FASTA files into a binary table.
struct KmerCountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count every k-mer of FASTQ/FASTA files (plain, gzip, BGZF or '-') exactly into a table.",
        discussion: """
            Memory stays within --memory: reads are cut into super-k-mers binned on disk (in the output's \
            folder, or --tmp-dir) and each bin is sorted and counted within the budget; a bin too large is \
            counted in several passes, and a limit too small for even that fails with a clear message. \
            Query the table with 'kmer histo', 'kmer dump' and 'kmer query'.
            """
    )

    @Option(name: .short, help: "k-mer length (1-32).")
    var k: Int

    @Flag(name: [.customShort("C"), .long], help: "Count each k-mer together with its reverse complement (jellyfish -C).")
    var canonical = false

    @Option(name: [.customShort("t"), .long], help: "Worker threads.")
    var threads = 2

    @Option(name: .long, help: "Memory limit (e.g. 512M, 2G).")
    var memory = "1G"

    @Option(name: [.customShort("L"), .customLong("min-count")], help: "Leave k-mers seen fewer times out of the table.")
    var minimumCount: UInt32 = 1

    @Option(name: .customLong("tmp-dir"), help: "Folder for the temporary bin files (default: the output's folder).")
    var temporaryDirectory: String?

    @Option(name: .short, help: "Output table (binary, .gxk).")
    var output: String

    @Argument(help: "FASTQ or FASTA files; '-' reads standard input.")
    var files: [String]

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard minimumCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        let summary = try reportingErrors("count") { () throws -> Kmer.CounterSummary in
            var configuration = Kmer.CounterConfiguration(
                k: k, canonical: canonical, threads: threads,
                memoryLimit: try Kmer.CounterConfiguration.parseMemorySize(memory),
                temporaryDirectory: temporaryDirectory, minimumCount: minimumCount)
            configuration.minimumCount = minimumCount
            let progress = ProgressLine("kmer count")
            defer { progress.finish() }
            return try Kmer.Counter.count(files: files, configuration: configuration, outputPath: output) { event in
                switch event {
                case let .reading(file, sequences, bases):
                    progress.update("reading \(file): \(sequences) sequences, \(bases / 1_000_000) Mb")
                case let .counting(done, count):
                    progress.update("counting bins \(done)/\(count)")
                }
            }
        }
        let strand = canonical ? "canonical" : "forward-strand"
        print("\(output): k=\(k) \(strand), \(summary.sequences) sequences, \(summary.bases) bases, "
            + "\(summary.kmerOccurrences) k-mers, \(summary.distinctKmers) distinct, "
            + "\(summary.histogram.frequency(ofCount: 1)) seen once, \(summary.storedKmers) stored")
    }
}

/// `gxtool kmer histo`: the count histogram, in jellyfish `histo` format.
struct KmerHistoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "histo",
        abstract: "Print 'count frequency' lines (jellyfish histo format) for a k-mer table."
    )

    @Option(name: [.short, .long], help: "Smallest count shown.")
    var low: UInt64 = 1

    @Option(name: [.customShort("H"), .long], help: "Largest count shown on its own line; larger counts are summed on a last line labelled high+1.")
    var high: UInt64 = 10_000

    @Argument(help: "A table written by 'kmer count'.")
    var table: String

    func run() throws {
        guard low >= 1, high >= low else { throw ValidationError("need 1 <= --low <= --high") }
        let text = try reportingErrors("histo") { try Kmer.Table(path: table).histogram().jellyfishText(low: low, high: high) }
        print(text, terminator: "")
    }
}

/// `gxtool kmer dump`: the table as `kmer<TAB>count` text.
struct KmerDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Write a k-mer table as 'kmer<TAB>count' lines (jellyfish dump -c -t format)."
    )

    @Flag(name: .long, help: "Lexicographic order (default: table order, bin by bin).")
    var sorted = false

    @Option(name: [.customShort("L"), .customLong("min-count")], help: "Leave out k-mers with a smaller count.")
    var minimumCount: UInt32 = 1

    @Option(name: .short, help: "Output file ('-' = standard output; .gz = gzip).")
    var output = "-"

    @Argument(help: "A table written by 'kmer count'.")
    var table: String

    func run() throws {
        try reportingErrors("dump") {
            let compression: Compression = output.hasSuffix(".gz") ? .gzip : .none
            try Kmer.Table(path: table).writeText(to: output, sorted: sorted, minimumCount: minimumCount, compression: compression)
        }
    }
}

/// `gxtool kmer query`: counts of given k-mers in a table.
struct KmerQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Print 'kmer<TAB>count' for k-mers given as arguments or in a file (one per line, or FASTA).",
        discussion: "In a canonical table a k-mer and its reverse complement have the same count. K-mers are printed as given."
    )

    @Option(name: [.customShort("f"), .long], help: "File of k-mers: one per line, or FASTA ('>' lines are skipped).")
    var file: String?

    @Argument(help: "A table written by 'kmer count'.")
    var table: String

    @Argument(help: "K-mers (exactly k bases of ACGT each).")
    var kmers: [String] = []

    func run() throws {
        guard file != nil || !kmers.isEmpty else { throw ValidationError("give k-mers as arguments or with --file") }
        try reportingErrors("query") {
            let counts = try Kmer.Table(path: table)
            var list = kmers
            if let file { list += try KmerListFile.read(file, k: counts.k) }
            var out = ""
            for text in list {
                out += "\(text)\t\(try counts.count(of: text))\n"
                if out.utf8.count > 1 << 16 { writeStandardOutput(out); out = "" }
            }
            writeStandardOutput(out)
        }
    }
}

/// `gxtool kmer scan`: streams reads through a set of k-mers (the screening query structure).
struct KmerScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Count how often each of a set of k-mers occurs in FASTQ/FASTA reads, without counting everything else.",
        discussion: "Output: 'kmer<TAB>count' per k-mer of the set, in the order given; then a summary on stderr."
    )

    @Option(name: [.customShort("f"), .long], help: "File of k-mers (one per line, or FASTA); all of the same length k <= 32.")
    var kmers: String

    @Flag(name: [.customShort("C"), .long], help: "Match either strand.")
    var canonical = false

    @Option(name: [.customShort("t"), .long], help: "Scanning threads.")
    var threads = 2

    @Argument(help: "FASTQ or FASTA files; '-' reads standard input.")
    var files: [String]

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        try reportingErrors("scan") {
            let list = try KmerListFile.read(kmers, k: nil)
            guard let k = list.first?.utf8.count else {
                throw SeqError(.invalidArgument, "no k-mers in the file", position: .init(file: kmers))
            }
            let set = try Kmer.QuerySet(k: k, canonical: canonical, kmers: list)
            let progress = ProgressLine("kmer scan")
            let result = try set.countMatches(inFiles: files, threads: threads) { sequences, bases in
                progress.update("\(sequences) sequences, \(bases / 1_000_000) Mb")
            }
            progress.finish()
            var out = ""
            for (index, text) in list.enumerated() {
                out += "\(text)\t\(result.counts[index])\n"
                if out.utf8.count > 1 << 16 { writeStandardOutput(out); out = "" }
            }
            writeStandardOutput(out)
            printError("kmer scan: \(list.count) k-mers (k=\(k)), \(result.sequences) sequences, \(result.bases) bases, \(result.matches) matches")
        }
    }
}

/// Reads a list of k-mers: one per line (blank lines and `#` comments skipped), or FASTA.
enum KmerListFile {
    /// The k-mers of `path` (`-` = standard input), each checked to be `k` bases of ACGT (`k`: the
    /// first k-mer's length when `nil`); a bad one is reported with its line number.
    static func read(_ path: String, k: Int?) throws -> [String] {
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SeqError(.io, "cannot read the k-mer list: \(error.localizedDescription)", position: .init(file: path))
        }
        var list: [String] = []
        var length = k
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(">") { continue }
            let expected = length ?? trimmed.utf8.count
            guard trimmed.utf8.count == expected, expected <= 32, Kmer.encode(trimmed) != nil else {
                throw SeqError(.invalidArgument, "'\(trimmed.prefix(40))' is not a \(expected)-mer of A, C, G, T",
                               position: .init(file: path, line: index + 1))
            }
            length = expected
            list.append(trimmed)
        }
        return list
    }
}
