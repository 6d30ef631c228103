import ArgumentParser
import Foundation
import Seq

/// `gxtool bam`: SAM/BAM/CRAM statistics and depth.
struct BamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bam",
        abstract: "SAM/BAM/CRAM statistics and depth.",
        subcommands: [BamStatsCommand.self, BamDepthCommand.self, BamCountCommand.self]
    )
}

/// `gxtool bam stats`: the `samtools flagstat` categories.
struct BamStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Flag statistics of a SAM/BAM/CRAM file, line for line as 'samtools flagstat' prints them."
    )

    @Flag(name: .long, help: "Print JSON (the keys of 'samtools flagstat -O json').")
    var json = false

    @Option(name: .long, help: "Decoding threads (2 = one extra decompression thread, like samtools -@ 1).")
    var threads = 1

    @Option(name: .long, help: "Reference FASTA for CRAM files that need one.")
    var reference: String?

    @Argument(help: "A SAM, BAM or CRAM file.")
    var file: String

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let progress = ProgressLine("bam stats \(file)")
        do {
            let statistics = try Alignment.FlagStatistics.compute(path: file, referencePath: reference, threads: threads) { n in
                progress.update("\(n) records")
            }
            progress.finish()
            print(json ? statistics.flagstatJSON : statistics.flagstatText, terminator: "")
        } catch {
            progress.finish()
            printError("gxtool bam stats: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `gxtool bam count`: the number of records (like `samtools view -c`), the reading floor for benchmarks.
struct BamCountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count the records of a SAM/BAM/CRAM file, or of regions (like 'samtools view -c')."
    )

    @Option(name: .long, help: "Decoding threads (2 = one extra decompression thread, like samtools -@ 1).")
    var threads = 1

    @Option(name: .long, help: "Reference FASTA for CRAM files that need one.")
    var reference: String?

    @Argument(help: "A SAM, BAM or CRAM file, then optional regions (chr, chr:start-end, 1-based inclusive; needs an index).")
    var arguments: [String]

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard let file = arguments.first else { throw ValidationError("give a SAM/BAM/CRAM file") }
        do {
            let reader = try Alignment.Reader(path: file, referencePath: reference, threads: threads, fields: .core)
            if arguments.count > 1 { try reader.query(Array(arguments.dropFirst())) }
            // Reads what a counting pass needs (flag, position, MAPQ, CIGAR), so the benchmark measures real access.
            var n = 0, alignedBases = 0
            while let record = try reader.next() {
                n += 1
                if record.flags.contains(.unmapped) || record.mappingQuality == 0 || record.alignmentStart < 0 { continue }
                for i in 0..<record.cigarCount {
                    let operation = record.cigarOperation(at: i)
                    if operation.kind.consumesReference { alignedBases &+= operation.length }
                }
            }
            print(n)
            if alignedBases < 0 { printError("impossible") }
        } catch {
            printError("gxtool bam count: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `gxtool bam depth`: depth and base counts per position.
struct BamDepthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "depth",
        abstract: "Depth, base counts (A C G T N) and indels per position of regions or BED intervals.",
        discussion: """
        Prints one tab-separated line per position, every position including zero depth (like 'samtools depth -a'):
        chrom, pos (1-based), ref (with --reference, else '.'), depth, A, C, G, T, N, indels anchored at the position
        ('+2AG:5,-3:1' with counts, '.' if none). depth counts bases passing the filters, each overlapping read pair
        once; it equals 'samtools depth -a -s' and the base counts equal 'bcftools mpileup -B -A -a AD' at the same
        --min-baseq/--min-mapq. Skips unmapped, secondary, QC-fail and duplicate reads. Needs an index.
        """
    )

    @Option(name: .long, help: "Region chr:start-end (1-based inclusive); repeatable.")
    var region: [String] = []

    @Option(name: .long, help: "BED file of intervals (0-based half-open, as BED is).")
    var sites: String?

    @Option(name: .long, help: "Minimum base quality.")
    var minBaseq = 13

    @Option(name: .long, help: "Minimum mapping quality.")
    var minMapq = 0

    @Option(name: .long, help: "Reference FASTA (indexed): prints the reference base and deleted sequences; needed for CRAM that lacks it.")
    var reference: String?

    @Option(name: .long, help: "Decoding threads.")
    var threads = 1

    @Argument(help: "An indexed SAM (bgzip), BAM or CRAM file.")
    var file: String

    func run() throws {
        guard region.isEmpty != (sites == nil) else { throw ValidationError("give --region (one or more) or --sites, not both") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        do {
            let reader = try Alignment.Reader(path: file, referencePath: reference, threads: threads)
            let names = Set(reader.header.referenceSequences.map(\.name))
            var regions: [Alignment.Region] = []
            if let sites { regions = try Alignment.Region.regions(bedPath: sites) }
            for text in region { regions.append(try Alignment.Region(parsing: text, knownNames: names)) }
            let fasta = try reference.map { path throws(SeqError) in try IndexedFASTA(path: path) }
            let pileup = Alignment.Pileup(reader: reader, filter: .init(minimumBaseQuality: minBaseq, minimumMappingQuality: minMapq), reference: fasta)
            var output = BufferedOutput()
            output.write("#chrom\tpos\tref\tdepth\tA\tC\tG\tT\tN\tindels\n")
            for region in regions {
                try pileup.forEachColumn(in: region) { column in output.write(Self.line(column)) }
            }
            output.flush()
        } catch {
            printError("gxtool bam depth: \(error)")
            throw ExitCode(1)
        }
    }

    static func line(_ column: Alignment.PileupColumn) -> String {
        let bases = column.bases
        let reference = column.referenceBase.map { String(UnicodeScalar($0)) } ?? "."
        let indels = column.indels.isEmpty ? "." : column.indels.map { "\($0.indel):\($0.total)" }.joined(separator: ",")
        return "\(column.referenceName)\t\(column.position)\t\(reference)\t\(column.depth)\t\(bases.a)\t\(bases.c)\t\(bases.g)\t\(bases.t)\t\(bases.n)\t\(indels)\n"
    }
}

/// Collects output text and writes it to stdout in large blocks.
struct BufferedOutput {
    private var buffer = ""
    mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count > 1 << 16 { flush() }
    }
    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}
