import ArgumentParser
import Foundation
import Seq

/// `gxtool fastq`: FASTQ/FASTA statistics and conversion.
struct FastqCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fastq",
        abstract: "FASTQ/FASTA statistics and conversion.",
        subcommands: [FastqStatsCommand.self, FastqCountCommand.self]
    )
}

/// `gxtool fastq stats`: per-file records, bases, lengths, GC, N, Q20/Q30 (like `seqkit stats -a`).
struct FastqStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Records, bases, min/mean/max length, GC, N, Q20 and Q30 fractions per file (plain, gzip, BGZF or '-')."
    )

    @Flag(name: .long, help: "Print a JSON array (one object per file) instead of a table.")
    var json = false

    @Option(name: .long, help: "Decompression threads (BGZF blocks are inflated in parallel).")
    var threads = 2

    @Argument(help: "FASTQ or FASTA files; '-' reads standard input.")
    var files: [String]

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        var results: [SequenceStatistics] = []
        var failed = false
        for file in files {
            let progress = ProgressLine("fastq stats \(file)")
            do {
                results.append(try SequenceStatistics.compute(path: file, threads: threads) { n in progress.update("\(n) records") })
                progress.finish()
            } catch {
                progress.finish()
                printError("gxtool fastq stats: \(error)")
                failed = true
            }
        }
        print(json ? FastqStatsFormatter.json(results) : FastqStatsFormatter.table(results), terminator: "")
        if failed { throw ExitCode(1) }
    }
}

/// `gxtool fastq count`: records and bases only (the parsing floor, for benchmarks).
struct FastqCountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count records and bases per file (no composition; the fastest pass)."
    )

    @Option(name: .long, help: "Decompression threads (BGZF blocks are inflated in parallel).")
    var threads = 2

    @Argument(help: "FASTQ or FASTA files; '-' reads standard input.")
    var files: [String]

    func run() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        var failed = false
        for file in files {
            do {
                let s = try SequenceStatistics.count(path: file, threads: threads)
                print("\(file)\t\(s.records)\t\(s.bases)")
            } catch {
                printError("gxtool fastq count: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// Table and JSON renderings of ``SequenceStatistics``.
enum FastqStatsFormatter {
    static let keys = ["file", "format", "compression", "records", "bases", "min_length", "mean_length", "max_length",
                       "gc_fraction", "n_bases", "q20_fraction", "q30_fraction"]

    static func values(_ s: SequenceStatistics) -> [String] {
        [s.file, s.format?.rawValue ?? "empty", s.compression.rawValue, "\(s.records)", "\(s.bases)", "\(s.minLength)",
         fixed(s.meanLength, 2), "\(s.maxLength)", fixed(s.gcFraction, 6), "\(s.nBases)",
         s.q20Fraction.map { fixed($0, 6) } ?? "-", s.q30Fraction.map { fixed($0, 6) } ?? "-"]
    }

    static func table(_ results: [SequenceStatistics]) -> String {
        guard !results.isEmpty else { return "" }
        let rows = [keys] + results.map(values)
        var widths = Array(repeating: 0, count: keys.count)
        for row in rows { for (i, v) in row.enumerated() { widths[i] = max(widths[i], v.count) } }
        var out = ""
        for row in rows {
            let cells = row.enumerated().map { i, v in
                i <= 2 ? v.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[i] - v.count) + v
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }

    static func json(_ results: [SequenceStatistics]) -> String {
        let objects = results.map { s -> String in
            let fields: [String] = [
                "\"file\": \(quote(s.file))",
                "\"format\": \(s.format.map { quote($0.rawValue) } ?? "null")",
                "\"compression\": \(quote(s.compression.rawValue))",
                "\"records\": \(s.records)",
                "\"bases\": \(s.bases)",
                "\"min_length\": \(s.minLength)",
                "\"mean_length\": \(number(s.meanLength))",
                "\"max_length\": \(s.maxLength)",
                "\"gc_fraction\": \(number(s.gcFraction))",
                "\"n_bases\": \(s.nBases)",
                "\"q20_fraction\": \(s.q20Fraction.map(number) ?? "null")",
                "\"q30_fraction\": \(s.q30Fraction.map(number) ?? "null")",
            ]
            return "  {" + fields.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    static func number(_ x: Double) -> String {
        x.isFinite ? String(format: "%.10g", x) : "null"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
