import ArgumentParser

/// `gxtool screen`: Genotype a screening panel from BAM or FASTQ.
struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Genotype a screening panel from BAM or FASTQ."
    )
}
