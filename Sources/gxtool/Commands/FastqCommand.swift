import ArgumentParser

/// `gxtool fastq`: FASTQ/FASTA statistics and conversion.
struct FastqCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fastq",
        abstract: "FASTQ/FASTA statistics and conversion."
    )
}
